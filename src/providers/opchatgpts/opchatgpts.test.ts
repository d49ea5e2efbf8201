import { describe, expect, it } from 'vitest';
import { createOpchatgpts, opchatgpts } from './index';
import { usageFromEnd } from './stream';
import { ProviderError } from '../types';
import { adapterContract } from '../../../tests/mock-servers/adapter-contract';
import {
  expectWellFormed,
  requestSnapshot,
  runAdapter,
  sentJson,
} from '../../../tests/mock-servers/adapter-harness';
import {
  end,
  live,
  OPCHATGPTS_REPLY,
  startOpchatgptsMock,
  USAGE,
  type OpchatgptsMock,
} from '../../../tests/mock-servers/opchatgpts';

let mock: OpchatgptsMock;
const fixed = createOpchatgpts({ chatId: () => 'k3v9q0z1m2' });

adapterContract({
  adapter: fixed,
  start: startOpchatgptsMock,
  replyText: OPCHATGPTS_REPLY,
  fixture: new URL('./fixtures/three-turn.http', import.meta.url),
  onStart: (m) => (mock = m),
});

const run = (extra: Partial<Parameters<typeof runAdapter>[1]> = {}) =>
  runAdapter(fixed, { baseUrl: mock.url, ...extra });

describe('Opchatgpts (spec section 2): the request', () => {
  it('sends the exact request: POST to the AI Engine endpoint, its headers, the body keys in order', async () => {
    await run({ messages: [{ role: 'user', content: 'Hello' }] });
    const snapshot = requestSnapshot(mock.requests[0]);
    expect(snapshot.headers['alt-used']).toBe(new URL(mock.url).host);
    snapshot.headers['alt-used'] = '<host of B>';
    expect(snapshot).toMatchInlineSnapshot(`
      {
        "body": "{"botId":"default","chatId":"k3v9q0z1m2","contextId":28,"customId":null,"messages":[{"role":"user","content":"Hello"}],"newMessage":"Hello","session":"N/A","stream":true}",
        "headers": {
          "accept": "*/*",
          "accept-language": "de,en-US;q=0.7,en;q=0.3",
          "alt-used": "<host of B>",
          "content-type": "application/json",
        },
        "method": "POST",
        "path": "/wp-json/mwai-ui/v1/chats/submit",
      }
    `);
  });

  it('draws a fresh 10-character chatId from a-z0-9 for every request', async () => {
    await runAdapter(opchatgpts, { baseUrl: mock.url });
    await runAdapter(opchatgpts, { baseUrl: mock.url });
    const ids = mock.requests.map((r) => sentJson(r).chatId);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]{10}$/);
    expect(ids[0]).not.toBe(ids[1]);
  });

  it('sends the full history and the last message as newMessage; no temperature, no model', async () => {
    const messages = [
      { role: 'system', content: 's' },
      { role: 'user', content: 'one' },
      { role: 'assistant', content: 'two' },
      { role: 'user', content: 'three' },
    ] as const;
    await run({ messages: [...messages], temperature: 0.1, model: 'gpt-4' });
    const body = sentJson(mock.requests[0]);
    expect(body.messages).toEqual(messages);
    expect(body.newMessage).toBe('three');
    expect(body).not.toHaveProperty('temperature');
    expect(mock.requests[0]!.body).not.toContain('gpt-4');
  });

  it('declares Origin, Referer (B/chatgpt-free-use/) and the Chrome 116 User-Agent', () => {
    expect(opchatgpts.requestHeaderRules?.(new URL('https://opchatgpts.net')))
      .toMatchInlineSnapshot(`
      [
        {
          "header": "Origin",
          "operation": "set",
          "value": "https://opchatgpts.net",
        },
        {
          "header": "Referer",
          "operation": "set",
          "value": "https://opchatgpts.net/chatgpt-free-use/",
        },
        {
          "header": "User-Agent",
          "operation": "set",
          "value": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/116.0.0.0 Safari/537.36",
        },
      ]
    `);
  });
});

describe('Opchatgpts: the reply', () => {
  it('reads usage from the `end` event’s JSON-string data, then finishes', async () => {
    const result = await run();
    expect(result.error).toBeUndefined();
    expectWellFormed(result.events);
    expect(result.events.slice(-2)).toEqual([
      { type: 'usage', usage: { inputTokens: 21, outputTokens: 9, totalTokens: 30 } },
      { type: 'finish', reason: 'stop', raw: 'end' },
    ]);
  });

  it('stops reading at `end`: later lines are ignored and the open connection is released', async () => {
    mock.behave({ kind: 'raw', chunks: [live('a'), live('b'), end('ab'), live('IGNORED')] });
    const result = await run();
    expect(result.text).toBe('ab');

    mock.behave({ kind: 'end-then-stall' });
    const held = await run();
    expect(held.text).toBe(OPCHATGPTS_REPLY);
    expect(held.events.at(-1)).toEqual({ type: 'finish', reason: 'stop', raw: 'end' });
    await mock.waitForClosedEarly(1);
  });

  it('a body that ends without `end` keeps what arrived and finishes as ended-without-marker', async () => {
    mock.behave({ kind: 'no-end' });
    const result = await run();
    expect(result.error).toBeUndefined();
    expect(result.text).toBe(OPCHATGPTS_REPLY);
    expectWellFormed(result.events);
    expect(result.events.at(-1)).toEqual({ type: 'finish', reason: 'ended-without-marker' });
  });

  it('counts only lines that begin exactly with `data: ` and ignores unknown types', async () => {
    mock.behave({
      kind: 'raw',
      chunks: [
        ': a comment\n',
        'event: live\n',
        'data:{"type":"live","data":"no space"}\n',
        ' data: {"type":"live","data":"indented"}\n',
        'data: {"type":"debug","data":"ignored"}\n\n',
        'data: {"type":"live","data":"kept"}\r\n\r\n',
        end('kept'),
      ],
    });
    const result = await run();
    expect(result.error).toBeUndefined();
    expect(result.text).toBe('kept');
  });

  it('joins a `data:` line split across chunks anywhere', async () => {
    const line = live('Привет 👋');
    const bytes = new TextEncoder().encode(line + end('Привет 👋'));
    mock.behave({ kind: 'raw', chunks: [bytes.slice(0, 3), bytes.slice(3, 17), bytes.slice(17)] });
    const result = await run();
    expect(result.text).toBe('Привет 👋');
  });

  it('surfaces a `type: "error"` event as a provider error with the server’s message, keeping the partial text', async () => {
    mock.behave({ kind: 'error-event', message: 'The OpenAI quota is exhausted.' });
    const result = await run();
    expect(result.text).toBe('Partial text');
    expect(result.error).toBeInstanceOf(ProviderError);
    expect(result.error).toMatchObject({
      code: 'provider-unavailable',
      providerId: 'opchatgpts',
      // The notice shows the server's own words, not only "unavailable" (issue 10).
      said: 'The OpenAI quota is exhausted.',
    });
    expect((result.error as Error).message).toContain('The OpenAI quota is exhausted.');
    expect((result.error as Error).message).toMatch(/^Opchatgpts: /);
  });

  it('calls a `data:` line that is not JSON a broken line, with the raw line, keeping the partial text', async () => {
    mock.behave({ kind: 'broken-line', line: 'data: {"type":"live","data":' });
    const result = await run();
    expect(result.text).toBe('Partial text');
    expect(result.error).toMatchObject({
      code: 'bad-response',
      detail: 'data: {"type":"live","data":',
    });
    expect((result.error as Error).message).toContain('Broken line: data: {"type":"live","data":');
  });

  it('calls a `data:` line without a type a broken line', async () => {
    mock.behave({ kind: 'broken-line', line: 'data: {"data":"typeless"}' });
    const result = await run();
    expect((result.error as Error).message).toContain('Broken line: data: {"data":"typeless"}');
    expect(result.error).toMatchObject({ code: 'bad-response' });
  });

  it('shows the 403 rejection’s own message', async () => {
    mock.behave({ kind: 'rejected' });
    const result = await run();
    expect(result.events).toEqual([]);
    expect(result.error).toMatchObject({ code: 'context-too-long', status: 403, retryable: false });
    expect((result.error as Error).message).toContain('Sorry, your query has been rejected.');
    expect((result.error as Error).message).toMatch(/^Opchatgpts /);
  });

  it('is rejected like the real server for an over-long or empty newMessage', async () => {
    const long = await run({ messages: [{ role: 'user', content: 'x'.repeat(65_537) }] });
    expect(long.error).toMatchObject({ code: 'context-too-long', status: 403 });
    const empty = await run({ messages: [{ role: 'user', content: '' }] });
    expect(empty.error).toMatchObject({ code: 'context-too-long', status: 403 });
    const limit = await run({ messages: [{ role: 'user', content: 'x'.repeat(65_536) }] });
    expect(limit.error).toBeUndefined();
  });

  it('maps a 403 that is not the rejection JSON generically', async () => {
    mock.behave({ kind: 'http-error', status: 403 });
    const result = await run();
    expect(result.error).toMatchObject({ code: 'auth-invalid', status: 403 });
  });

  it('an `end` with no text before it is an empty answer', async () => {
    mock.behave({ kind: 'raw', chunks: [end('')] });
    const result = await run();
    expect(result.error).toMatchObject({ code: 'bad-response' });
  });
});

describe('usageFromEnd', () => {
  it('reads usage from a JSON string, tolerates an object, and ignores what it cannot read', () => {
    const data = JSON.stringify({ success: true, reply: 'x', images: [], usage: USAGE });
    expect(usageFromEnd(data)).toEqual({ inputTokens: 21, outputTokens: 9, totalTokens: 30 });
    expect(usageFromEnd({ usage: { total_tokens: 3 } })).toEqual({ totalTokens: 3 });
    expect(usageFromEnd('{not json')).toBeUndefined();
    expect(usageFromEnd(JSON.stringify({ success: true }))).toBeUndefined();
    expect(usageFromEnd(null)).toBeUndefined();
  });
});
