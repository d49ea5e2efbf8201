import { describe, expect, it } from 'vitest';
import { aichat, DEFAULT_TIMEOUT_MS } from './index';
import { formatPrompt } from './request';
import { ProviderError } from '../types';
import { adapterContract } from '../../../tests/mock-servers/adapter-contract';
import {
  nodeContext,
  requestSnapshot,
  runAdapter,
  sentJson,
} from '../../../tests/mock-servers/adapter-harness';
import {
  AICHAT_REPLY,
  RESPONSE_FALSE,
  startAichatMock,
  type AichatMock,
} from '../../../tests/mock-servers/aichat';

let mock: AichatMock;

adapterContract({
  adapter: aichat,
  start: startAichatMock,
  replyText: AICHAT_REPLY,
  fixture: new URL('./fixtures/three-turn.http', import.meta.url),
  cookies: true,
  onStart: (m) => (mock = m),
});

describe('Aichat (spec section 4): the request', () => {
  it('sends the exact request: POST /api/text, its headers, the body keys in order', async () => {
    await runAdapter(aichat, { baseUrl: mock.url, messages: [{ role: 'user', content: 'Hello' }] });
    const snapshot = requestSnapshot(mock.requests[0]);
    expect(snapshot.headers.authority).toBe(new URL(mock.url).host);
    snapshot.headers.authority = '<host of B>';
    expect(snapshot).toMatchInlineSnapshot(`
      {
        "body": "{"message":"Hello","temperature":0.5,"presence_penalty":0,"top_p":1,"frequency_penalty":0}",
        "headers": {
          "accept": "*/*",
          "accept-language": "en,fr-FR;q=0.9,fr;q=0.8,es-ES;q=0.7,es;q=0.6,en-US;q=0.5,am;q=0.4,de;q=0.3",
          "authority": "<host of B>",
          "content-type": "application/json",
        },
        "method": "POST",
        "path": "/api/text",
      }
    `);
  });

  it('takes the temperature from the request (0.5 by default); top_p is 1; the model is never sent', async () => {
    await runAdapter(aichat, { baseUrl: mock.url, temperature: 0.8, model: 'gpt-4' });
    expect(sentJson(mock.requests[0])).toEqual({
      message: 'Hi',
      temperature: 0.8,
      presence_penalty: 0,
      top_p: 1,
      frequency_penalty: 0,
    });
  });

  it('has a one-minute default time limit (the original’s 6 s was too short)', () => {
    expect(DEFAULT_TIMEOUT_MS).toBe(60_000);
  });

  it('declares Origin, Referer (B/chat), the Chrome 118 User-Agent and matching client hints', () => {
    expect(aichat.requestHeaderRules?.(new URL('https://chat-gpt.org'))).toMatchInlineSnapshot(`
      [
        {
          "header": "Origin",
          "operation": "set",
          "value": "https://chat-gpt.org",
        },
        {
          "header": "Referer",
          "operation": "set",
          "value": "https://chat-gpt.org/chat",
        },
        {
          "header": "User-Agent",
          "operation": "set",
          "value": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/118.0.0.0 Safari/537.36",
        },
        {
          "header": "sec-ch-ua",
          "operation": "set",
          "value": ""Chromium";v="118", "Google Chrome";v="118", "Not=A?Brand";v="99"",
        },
        {
          "header": "sec-ch-ua-mobile",
          "operation": "set",
          "value": "?0",
        },
        {
          "header": "sec-ch-ua-platform",
          "operation": "set",
          "value": ""macOS"",
        },
      ]
    `);
  });
});

describe('Aichat: flattening the history (format_prompt)', () => {
  it('sends one message bare', () => {
    expect(formatPrompt([{ role: 'user', content: 'Hi' }])).toBe('Hi');
  });

  it('writes `Role: content` lines and ends with "\\nAssistant:" (the spec’s example)', () => {
    expect(
      formatPrompt([
        { role: 'system', content: 'Be brief' },
        { role: 'user', content: 'Hi' },
      ]),
    ).toBe('System: Be brief\nUser: Hi\nAssistant:');
  });

  it('without a system message', () => {
    expect(
      formatPrompt([
        { role: 'user', content: 'one' },
        { role: 'assistant', content: 'two' },
        { role: 'user', content: 'three' },
      ]),
    ).toBe('User: one\nAssistant: two\nUser: three\nAssistant:');
  });

  it('sends the system prompt from settings as a System line, so one user message is no longer bare', async () => {
    await runAdapter(aichat, { baseUrl: mock.url, system: 'Be brief' });
    expect(sentJson(mock.requests[0]).message).toBe('System: Be brief\nUser: Hi\nAssistant:');
  });
});

describe('Aichat: cookies and the answer', () => {
  it('without cookies for the host, fails with cookies-missing, tells the user what to do, and sends nothing', async () => {
    const context = nodeContext({ cookies: false });
    const result = await runAdapter(aichat, { baseUrl: `${mock.url}/` }, context);
    expect(context.cookieChecks).toEqual([mock.url]);
    expect(result.events).toEqual([]);
    expect(result.error).toBeInstanceOf(ProviderError);
    expect(result.error).toMatchObject({
      code: 'cookies-missing',
      providerId: 'aichat',
      retryable: false,
      detail: `${mock.url}/chat`,
    });
    expect((result.error as Error).message).toBe(
      `Aichat needs a session at ${new URL(mock.url).host}: open it in a tab, pass its check, then try again.`,
    );
    expect(mock.requests).toHaveLength(0);
  });

  it('names the default host in the message', async () => {
    const result = await runAdapter(
      aichat,
      { baseUrl: 'https://chat-gpt.org' },
      nodeContext({ cookies: false }),
    );
    expect((result.error as Error).message).toBe(
      'Aichat needs a session at chat-gpt.org: open it in a tab, pass its check, then try again.',
    );
  });

  it('emits the whole answer as exactly one delta', async () => {
    mock.behave({ kind: 'reply', text: 'one two three four' });
    const result = await runAdapter(aichat, { baseUrl: mock.url });
    expect(result.events).toEqual([
      { type: 'stream-start', model: 'gpt-3.5-turbo' },
      { type: 'text-delta', delta: 'one two three four' },
      { type: 'finish', reason: 'stop' },
    ]);
  });

  it('turns `response: false` into `Error Response: <the JSON>`', async () => {
    mock.behave({ kind: 'response-false' });
    const result = await runAdapter(aichat, { baseUrl: mock.url });
    expect(result.events).toEqual([]);
    expect(result.error).toMatchObject({
      code: 'provider-unavailable',
      detail: JSON.stringify(RESPONSE_FALSE),
    });
    expect((result.error as Error).message).toContain(
      `Aichat: Error Response: ${JSON.stringify(RESPONSE_FALSE)}`,
    );
  });

  it('calls a body that is not JSON a bad response', async () => {
    mock.behave({ kind: 'raw', chunks: ['<html>challenge</html>'] });
    const result = await runAdapter(aichat, { baseUrl: mock.url });
    expect(result.error).toMatchObject({ code: 'bad-response', detail: '<html>challenge</html>' });
  });

  it('calls an answer without `message` a bad response', async () => {
    mock.behave({ kind: 'no-message' });
    const result = await runAdapter(aichat, { baseUrl: mock.url });
    expect(result.error).toMatchObject({ code: 'bad-response' });
    expect((result.error as Error).message).toMatch(/^Aichat: the answer had no `message`/);
  });
});
