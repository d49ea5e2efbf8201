import { describe, expect, it } from 'vitest';
import { aichatLegacy } from './index';
import { legacyPrompt } from './request';
import { adapterContract } from '../../../tests/mock-servers/adapter-contract';
import {
  nodeContext,
  requestSnapshot,
  runAdapter,
  sentJson,
} from '../../../tests/mock-servers/adapter-harness';
import { AICHAT_REPLY, startAichatMock, type AichatMock } from '../../../tests/mock-servers/aichat';

let mock: AichatMock;

adapterContract({
  adapter: aichatLegacy,
  start: startAichatMock,
  replyText: AICHAT_REPLY,
  fixture: new URL('./fixtures/three-turn.http', import.meta.url),
  onStart: (m) => (mock = m),
});

describe('Aichat legacy (spec section 5): the request', () => {
  it('sends the exact request: POST /api/text, its headers, the body keys in order', async () => {
    await runAdapter(aichatLegacy, {
      baseUrl: mock.url,
      messages: [{ role: 'user', content: 'Hello' }],
    });
    const snapshot = requestSnapshot(mock.requests[0]);
    expect(snapshot.headers.authority).toBe(new URL(mock.url).host);
    snapshot.headers.authority = '<host of B>';
    expect(snapshot).toMatchInlineSnapshot(`
      {
        "body": "{"message":"user: Hello\\nassistant:","temperature":1,"presence_penalty":0,"top_p":1,"frequency_penalty":0}",
        "headers": {
          "accept": "*/*",
          "authority": "<host of B>",
          "cache-control": "no-cache",
          "content-type": "application/json",
          "pragma": "no-cache",
        },
        "method": "POST",
        "path": "/api/text",
      }
    `);
  });

  it('checks no cookies', async () => {
    const context = nodeContext({ cookies: false });
    const result = await runAdapter(aichatLegacy, { baseUrl: mock.url }, context);
    expect(result.error).toBeUndefined();
    expect(context.cookieChecks).toEqual([]);
  });

  it('always sends temperature 1, whatever the request says, and never the model', async () => {
    await runAdapter(aichatLegacy, { baseUrl: mock.url, temperature: 0.2, model: 'gpt-4' });
    expect(sentJson(mock.requests[0])).toEqual({
      message: 'user: Hi\nassistant:',
      temperature: 1,
      presence_penalty: 0,
      top_p: 1,
      frequency_penalty: 0,
    });
  });

  it('declares Origin, Referer (B/chat), the Chrome 113 User-Agent and its client hints', () => {
    expect(aichatLegacy.requestHeaderRules?.(new URL('https://chat-gpt.org')))
      .toMatchInlineSnapshot(`
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
          "value": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/113.0.0.0 Safari/537.36",
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

describe('Aichat legacy: flattening the history (lower-case roles, every message wrapped)', () => {
  it('wraps a single message too (the spec’s example)', () => {
    expect(legacyPrompt([{ role: 'user', content: 'Hi' }])).toBe('user: Hi\nassistant:');
  });

  it('with a system message', () => {
    expect(
      legacyPrompt([
        { role: 'system', content: 'Be brief' },
        { role: 'user', content: 'Hi' },
      ]),
    ).toBe('system: Be brief\nuser: Hi\nassistant:');
  });

  it('without a system message, over several turns', () => {
    expect(
      legacyPrompt([
        { role: 'user', content: 'one' },
        { role: 'assistant', content: 'two' },
        { role: 'user', content: 'three' },
      ]),
    ).toBe('user: one\nassistant: two\nuser: three\nassistant:');
  });

  it('differs from the newer Aichat’s flattening on the same conversation', async () => {
    await runAdapter(aichatLegacy, { baseUrl: mock.url, system: 'Be brief' });
    expect(sentJson(mock.requests[0]).message).toBe('system: Be brief\nuser: Hi\nassistant:');
  });
});

describe('Aichat legacy: the answer', () => {
  it('emits the whole answer as exactly one delta', async () => {
    const result = await runAdapter(aichatLegacy, { baseUrl: mock.url });
    expect(result.deltas).toEqual([AICHAT_REPLY]);
  });

  it('gives a clear error for a body that is not JSON', async () => {
    mock.behave({ kind: 'raw', chunks: ['Internal things happened'] });
    const result = await runAdapter(aichatLegacy, { baseUrl: mock.url });
    expect(result.error).toMatchObject({ code: 'bad-response', providerId: 'aichat-legacy' });
    expect((result.error as Error).message).toMatch(/^Aichat \(legacy\): the answer was not JSON/);
  });

  it('gives a clear error for an answer without `message`', async () => {
    mock.behave({ kind: 'no-message' });
    const result = await runAdapter(aichatLegacy, { baseUrl: mock.url });
    expect(result.error).toMatchObject({ code: 'bad-response' });
    expect((result.error as Error).message).toMatch(
      /^Aichat \(legacy\): the answer had no `message`/,
    );
  });

  it('reads `message` even when `response` is false (the legacy form never checked it)', async () => {
    mock.behave({ kind: 'response-false' });
    const result = await runAdapter(aichatLegacy, { baseUrl: mock.url });
    expect(result.error).toBeUndefined();
    expect(result.text).toBe('Too many requests, slow down.');
  });
});
