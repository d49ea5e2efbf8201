import { describe, expect, it } from 'vitest';
import { acytoo } from './index';
import { userMessage } from '../../shared/content-parts';
import { adapterContract } from '../../../tests/mock-servers/adapter-contract';
import { requestSnapshot, runAdapter, sentJson } from '../../../tests/mock-servers/adapter-harness';
import { ACYTOO_REPLY, startAcytooMock, type AcytooMock } from '../../../tests/mock-servers/acytoo';

let mock: AcytooMock;

adapterContract({
  adapter: acytoo,
  start: startAcytooMock,
  replyText: ACYTOO_REPLY,
  fixture: new URL('./fixtures/three-turn.http', import.meta.url),
  onStart: (m) => (mock = m),
});

describe('Acytoo (spec section 3)', () => {
  it('sends the exact request: POST /api/completions, exactly two headers, the body keys in order', async () => {
    await runAdapter(acytoo, { baseUrl: mock.url, messages: [{ role: 'user', content: 'Hello' }] });
    expect(requestSnapshot(mock.requests[0])).toMatchInlineSnapshot(`
      {
        "body": "{"key":"","model":"gpt-3.5-turbo","messages":[{"role":"user","content":"Hello"}],"temperature":0.5,"password":""}",
        "headers": {
          "accept": "*/*",
          "content-type": "application/json",
        },
        "method": "POST",
        "path": "/api/completions",
      }
    `);
  });

  it('sends the conversation unchanged, the temperature from the request (0.5 by default), never the caller’s model', async () => {
    const messages = [
      { role: 'system', content: 's' },
      { role: 'user', content: 'one' },
      { role: 'assistant', content: 'two' },
      { role: 'user', content: 'three' },
    ] as const;
    await runAdapter(acytoo, { baseUrl: mock.url, messages: [...messages] });
    await runAdapter(acytoo, { baseUrl: mock.url, temperature: 0.2, model: 'gpt-4' });
    expect(sentJson(mock.requests[0]).messages).toEqual(messages);
    expect(sentJson(mock.requests[0]).temperature).toBe(0.5);
    expect(sentJson(mock.requests[1])).toMatchObject({ temperature: 0.2, model: 'gpt-3.5-turbo' });
  });

  it('passes the text through unchanged, advertising lines included', async () => {
    const text = 'Answer.\n\n---\nVisit chat.acytoo.com for more!\n';
    mock.behave({ kind: 'reply', text });
    const result = await runAdapter(acytoo, { baseUrl: mock.url });
    expect(result.text).toBe(text);
  });

  it('removes the Origin the browser adds and leaves User-Agent and Referer alone', () => {
    expect(acytoo.requestHeaderRules?.(new URL('https://chat.acytoo.com'))).toEqual([
      { header: 'Origin', operation: 'remove' },
    ]);
  });

  it('describes itself honestly: offline since 2023-10-16', () => {
    expect(acytoo).toMatchObject({
      id: 'acytoo',
      defaultBaseUrl: 'https://chat.acytoo.com',
      status: { working: false, checked: '2023-10-16' },
      capabilities: { auth: 'none', models: 'fixed', streaming: 'incremental' },
    });
  });
});

describe('documents (issue 14)', () => {
  it('sends a document as a text block in the message content, and no parts field', async () => {
    const message = userMessage('Summarize it.', [
      { type: 'document', name: 'notes.md', text: '# Notes' },
    ]);
    await runAdapter(acytoo, { baseUrl: mock.url, messages: [message] });
    expect(sentJson(mock.requests[0]).messages).toEqual([
      {
        role: 'user',
        content: '<document name="notes.md">\n# Notes\n</document>\n\nSummarize it.',
      },
    ]);
  });

  it('takes no images', () => {
    expect(acytoo.capabilities.input).toEqual({ images: false });
  });
});
