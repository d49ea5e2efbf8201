import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { extensionFetch } from '../../../tests/fakes/extension-fetch';
import {
  chatRequest,
  fixture,
  lineWrites,
  nodeContext,
  run,
  sentHeaders,
  sentJson,
} from '../../../tests/mock-servers/adapter-harness';
import { NDJSON, ollamaLines, startOllamaServer } from '../../../tests/mock-servers/ollama';
import { imageTurn, TINY_PNG_BASE64 } from '../../../tests/fakes/images';
import { apiAdapterContract } from '../../../tests/mock-servers/api-contract';
import type { ScriptedServer } from '../../../tests/mock-servers/scripted';
import { startServer } from '../../../tests/mock-servers/server';
import { ProviderError, type ChatEvent, type ProviderContext } from '../types';
import errors from './fixtures/errors.json';
import { detectOllama, ollama } from './index';

let server: ScriptedServer;

beforeAll(async () => {
  server = await startOllamaServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const stream = (chunks: readonly (string | Uint8Array)[], extra: object = {}) =>
  server.next({ kind: 'stream', contentType: NDJSON, chunks, ...extra });
const request = (overrides = {}) => chatRequest(server.url, { model: 'llama3.2:3b', ...overrides });

describe('the request', () => {
  it('posts the conversation to /api/chat with the system prompt first', async () => {
    const outcome = await run(
      ollama.streamChat(
        request({
          system: 'Answer in Russian.',
          temperature: 0.2,
          messages: [
            { role: 'user', content: 'Hi' },
            { role: 'assistant', content: 'Привет!' },
            { role: 'user', content: 'How are you?' },
          ],
        }),
        nodeContext(),
      ),
    );
    expect(outcome.text).toBe('You said: How are you?');
    expect(server.requests[0]).toMatchObject({ method: 'POST', path: '/api/chat' });
    expect(sentHeaders(server.requests[0])).toMatchInlineSnapshot(`
      {
        "accept": "application/x-ndjson",
        "content-type": "application/json",
      }
    `);
    expect(sentJson(server.requests[0])).toMatchInlineSnapshot(`
      {
        "messages": [
          {
            "content": "Answer in Russian.",
            "role": "system",
          },
          {
            "content": "Hi",
            "role": "user",
          },
          {
            "content": "Привет!",
            "role": "assistant",
          },
          {
            "content": "How are you?",
            "role": "user",
          },
        ],
        "model": "llama3.2:3b",
        "options": {
          "temperature": 0.2,
        },
        "stream": true,
      }
    `);
  });

  it('uses the first installed model when the settings name none', async () => {
    const outcome = await run(ollama.streamChat(chatRequest(server.url), nodeContext()));
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /api/tags',
      'POST /api/chat',
    ]);
    expect(sentJson(server.requests[1])).toMatchObject({ model: 'llama3.2:3b' });
    expect(outcome.events[0]).toEqual({ type: 'stream-start', model: 'llama3.2:3b' });
  });
});

describe('the stream', () => {
  it('assembles the NDJSON stream with the counts of the done line as usage', async () => {
    stream(lineWrites(fixture(import.meta.url, 'chat-stream.ndjson')));
    const outcome = await run(ollama.streamChat(request(), nodeContext()));
    expect(outcome.events).toEqual<ChatEvent[]>([
      { type: 'stream-start', model: 'llama3.2:3b' },
      { type: 'text-delta', delta: 'Привет' },
      { type: 'text-delta', delta: ', мир' },
      { type: 'text-delta', delta: '! 👋🏽 ' },
      { type: 'text-delta', delta: '世界' },
      { type: 'usage', usage: { inputTokens: 26, outputTokens: 9, totalTokens: 35 } },
      { type: 'finish', reason: 'stop', raw: 'stop' },
    ]);
  });

  it('keeps a thinking model’s reasoning apart and reports a length stop', async () => {
    stream(lineWrites(fixture(import.meta.url, 'chat-thinking.ndjson')));
    const outcome = await run(ollama.streamChat(request({ model: 'qwen3:8b' }), nodeContext()));
    expect([outcome.reasoning, outcome.text]).toEqual(['Сначала подумаю.', 'Ответ: 42.']);
    expect(outcome.finish).toEqual({ reason: 'length', raw: 'length' });
    expect(outcome.usage).toEqual({ inputTokens: 12, outputTokens: 40, totalTokens: 52 });
  });

  it('keeps the partial text when an error line arrives mid-stream', async () => {
    stream(lineWrites(fixture(import.meta.url, 'chat-midstream-error.ndjson')));
    const outcome = await run(ollama.streamChat(request(), nodeContext()));
    expect(outcome.text).toBe('Partial answer');
    expect(outcome.error).toBeInstanceOf(ProviderError);
    expect(outcome.error).toMatchObject({
      code: 'provider-unavailable',
      providerId: 'ollama',
      detail: 'an error was encountered while running the model: unexpected EOF',
    });
    expect((outcome.error as Error).message).toMatch(/^Ollama: the reply broke off/);
  });

  it('reports a stream that ends before the done line', async () => {
    stream(ollamaLines({ text: ['cut'], done: false }));
    const outcome = await run(ollama.streamChat(request(), nodeContext()));
    expect(outcome.text).toBe('cut');
    expect(outcome.finish).toEqual({ reason: 'ended-without-marker' });
  });
});

describe('errors', () => {
  const cases: [keyof typeof errors, object][] = [
    [
      '404-model-not-found',
      {
        code: 'model-not-found',
        status: 404,
        retryable: false,
        said: 'model "llama9" not found, try pulling it first',
      },
    ],
    ['400-bad-request', { code: 'bad-response', status: 400 }],
    ['400-context-length', { code: 'context-too-long', status: 400 }],
    ['401-proxy', { code: 'auth-invalid', status: 401 }],
    ['429-proxy', { code: 'rate-limited', status: 429, retryAfterMs: 3000 }],
    ['500-runner', { code: 'provider-unavailable', status: 500, retryable: true }],
    ['503-busy', { code: 'provider-unavailable', status: 503 }],
  ];

  it.each(cases)('maps %s', async (name, expected) => {
    const { status, body, ...rest } = errors[name];
    const headers = 'headers' in rest ? (rest.headers as Record<string, string>) : undefined;
    server.next({ kind: 'json', status, body, ...(headers ? { headers } : {}) });
    const outcome = await run(ollama.streamChat(request({ model: 'llama9' }), nodeContext()));
    expect(outcome.error).toMatchObject({ ...expected, providerId: 'ollama', detail: body.error });
    expect((outcome.error as Error).message).toMatch(/^Ollama: .+\. .+/);
  });

  it('names the missing model and the command that installs it', async () => {
    const { status, body } = errors['404-model-not-found'];
    server.next({ kind: 'json', status, body });
    const outcome = await run(ollama.streamChat(request({ model: 'llama9' }), nodeContext()));
    expect((outcome.error as Error).message).toBe(
      'Ollama: the model “llama9” is not installed (HTTP 404). Run “ollama pull llama9”, or choose an installed model.',
    );
  });

  it('maps a stopped server to `network`', async () => {
    const closed = await startServer(() => {});
    await closed.close();
    const outcome = await run(
      ollama.streamChat(chatRequest(closed.url, { model: 'x' }), nodeContext()),
    );
    expect(outcome.error).toMatchObject({ code: 'network', providerId: 'ollama' });
  });
});

describe('the Origin check (the well-known 403)', () => {
  const asExtension = (
    rules = ollama.requestHeaderRules?.(new URL(server.url)) ?? [],
  ): ProviderContext => ({
    ...nodeContext(),
    fetch: extensionFetch({ rules }),
  });

  it('is failed by the extension’s own Origin, with an error that says how to fix it', async () => {
    const outcome = await run(ollama.streamChat(request(), asExtension([])));
    expect(server.requests[0]?.headers.origin).toMatch(/^chrome-extension:\/\//);
    expect(outcome.error).toMatchObject({
      code: 'auth-invalid',
      status: 403,
      providerId: 'ollama',
    });
    expect((outcome.error as Error).message).toMatch(/OLLAMA_ORIGINS=chrome-extension:\/\/\*/);
  });

  it('is passed once the header rule rewrites Origin to the server’s own', async () => {
    expect(ollama.requestHeaderRules?.(new URL('http://localhost:11434'))).toEqual([
      { header: 'Origin', operation: 'set', value: 'http://localhost:11434' },
    ]);
    const outcome = await run(ollama.streamChat(request(), asExtension()));
    expect(outcome.error).toBeUndefined();
    expect(outcome.text).toBe('You said: Hi');
    expect(server.requests[0]?.headers.origin).toBe(server.url);
  });

  it('lists models and detects the server through the rule too', async () => {
    await expect(
      ollama.listModels!(asExtension(), new AbortController().signal, { baseUrl: server.url }),
    ).resolves.toEqual([{ id: 'llama3.2:3b' }, { id: 'qwen3:8b' }]);
    await expect(detectOllama(extensionFetch({ rules: [] }), server.url)).resolves.toEqual({
      state: 'refused',
      status: 403,
    });
    await expect(detectOllama(asExtension().fetch, server.url)).resolves.toEqual({
      state: 'running',
      version: '0.9.6',
    });
  });
});

describe('detection', () => {
  it('finds a running Ollama quickly and reports nothing when none answers', async () => {
    await expect(detectOllama(fetch, server.url)).resolves.toEqual({
      state: 'running',
      version: '0.9.6',
    });
    const closed = await startServer(() => {});
    await closed.close();
    await expect(detectOllama(fetch, closed.url)).resolves.toEqual({ state: 'absent' });
    const silent = await startServer(() => {});
    const started = Date.now();
    await expect(detectOllama(fetch, silent.url, undefined, 100)).resolves.toEqual({
      state: 'absent',
    });
    expect(Date.now() - started).toBeLessThan(2_000);
    await silent.close();
    const other = await startServer((_req, res) => {
      res.end('<html>not ollama</html>');
    });
    await expect(detectOllama(fetch, other.url)).resolves.toEqual({ state: 'absent' });
    await other.close();
  });
});

apiAdapterContract({
  adapter: ollama,
  server: () => server,
  request: ({ baseUrl, ...overrides } = {}) =>
    baseUrl === undefined ? request(overrides) : { ...request(overrides), baseUrl },
  contentType: NDJSON,
  reply: (text, { end }) => ollamaLines({ text, done: end }),
});

// Issue 14. The documented form: `images`, a list of base64 strings beside the message's `content`
// (https://github.com/ollama/ollama/blob/main/docs/api.md, "Chat request (with images)").
describe('images and documents', () => {
  it('sends images as a base64 list on the message, documents in its content', async () => {
    const outcome = await run(
      ollama.streamChat(
        request({
          messages: [
            { role: 'user', content: 'Hi' },
            { role: 'assistant', content: 'Hello!' },
            imageTurn(),
          ],
        }),
        nodeContext(),
      ),
    );
    expect(outcome.error).toBeUndefined();
    expect(outcome.text).toBe(
      'You said: <document name="notes.md">\n# Notes\n</document>\n\nWhat is in it? [image/png 2×1]',
    );
    expect(sentJson(server.requests[0]).messages).toEqual([
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello!' },
      {
        role: 'user',
        content: '<document name="notes.md">\n# Notes\n</document>\n\nWhat is in it?',
        images: [TINY_PNG_BASE64],
      },
    ]);
  });

  it('says images depend on the model', () => {
    expect(ollama.capabilities.input).toMatchObject({ images: true, imagesDependOnModel: true });
  });
});
