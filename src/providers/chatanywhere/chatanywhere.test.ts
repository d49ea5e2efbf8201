import { describe, expect, it } from 'vitest';
import { chatanywhere, DEFAULT_TIMEOUT_MS } from './index';
import { adapterContract } from '../../../tests/mock-servers/adapter-contract';
import { requestSnapshot, runAdapter, sentJson } from '../../../tests/mock-servers/adapter-harness';
import {
  CHATANYWHERE_REPLY,
  startChatAnywhereMock,
  type ChatAnywhereMock,
} from '../../../tests/mock-servers/chatanywhere';

let mock: ChatAnywhereMock;

adapterContract({
  adapter: chatanywhere,
  start: startChatAnywhereMock,
  replyText: CHATANYWHERE_REPLY,
  fixture: new URL('./fixtures/three-turn.http', import.meta.url),
  onStart: (m) => (mock = m),
});

describe('ChatAnywhere (spec section 1)', () => {
  it('sends the exact request: POST /v1/chat/gpt/, its headers, the body keys in order', async () => {
    const result = await runAdapter(chatanywhere, {
      baseUrl: mock.url,
      messages: [{ role: 'user', content: 'Hello' }],
    });
    expect(result.error).toBeUndefined();
    expect(requestSnapshot(mock.requests[0])).toMatchInlineSnapshot(`
      {
        "body": "{"list":[{"role":"user","content":"Hello"}],"id":"s1_qYuOLXjI3rEpc7WHfQ","title":"Hello","prompt":"","temperature":0.5,"models":"61490748","continuous":true}",
        "headers": {
          "accept": "application/json, text/plain, */*",
          "accept-language": "de,en-US;q=0.7,en;q=0.3",
          "authorization": "",
          "content-type": "application/json",
        },
        "method": "POST",
        "path": "/v1/chat/gpt/",
      }
    `);
  });

  it('sends the full list every time, with the last message as the title', async () => {
    const messages = [
      { role: 'user', content: 'one' },
      { role: 'assistant', content: 'two' },
      { role: 'user', content: 'three' },
    ] as const;
    await runAdapter(chatanywhere, { baseUrl: mock.url, messages: [...messages] });
    const body = sentJson(mock.requests[0]);
    expect(body.list).toEqual(messages);
    expect(body.title).toBe('three');
  });

  it('takes the temperature from the request (0.5 by default) and never forwards the model', async () => {
    await runAdapter(chatanywhere, { baseUrl: mock.url, temperature: 0.9, model: 'gpt-4' });
    expect(sentJson(mock.requests[0]).temperature).toBe(0.9);
    expect(mock.requests[0]!.body).not.toContain('gpt-4');
  });

  it('puts the system prompt from settings first in the list', async () => {
    await runAdapter(chatanywhere, { baseUrl: mock.url, system: 'Be brief.' });
    expect(sentJson(mock.requests[0]).list).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
    ]);
  });

  it('has a two-minute default time limit', () => {
    expect(DEFAULT_TIMEOUT_MS).toBe(120_000);
  });

  it('declares Origin, Referer (B/) and the Firefox User-Agent for the effective base URL', () => {
    expect(chatanywhere.requestHeaderRules?.(new URL('https://mirror.example:8443/cn')))
      .toMatchInlineSnapshot(`
        [
          {
            "header": "Origin",
            "operation": "set",
            "value": "https://mirror.example:8443",
          },
          {
            "header": "Referer",
            "operation": "set",
            "value": "https://mirror.example:8443/cn/",
          },
          {
            "header": "User-Agent",
            "operation": "set",
            "value": "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/119.0",
          },
        ]
      `);
    expect(chatanywhere.requestHeaderRules?.(new URL('https://chatanywhere.cn'))).toContainEqual({
      header: 'Referer',
      operation: 'set',
      value: 'https://chatanywhere.cn/',
    });
  });

  it('describes itself honestly: offline since 2023-11-22, one fixed model', () => {
    expect(chatanywhere).toMatchObject({
      id: 'chatanywhere',
      defaultBaseUrl: 'https://chatanywhere.cn',
      status: { working: false, checked: '2023-11-22' },
      capabilities: { models: 'fixed', streaming: 'incremental', history: 'full' },
      models: [{ id: 'gpt-3.5-turbo' }],
    });
  });
});
