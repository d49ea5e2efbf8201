import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  chatRequest,
  fixture,
  nodeContext,
  run,
  sentHeaders,
  sentJson,
  sseWrites,
} from '../../../tests/mock-servers/adapter-harness';
import { openAiStream, SSE, startOpenAiServer } from '../../../tests/mock-servers/openai';
import { imageTurn, TINY_PNG_BASE64 } from '../../../tests/fakes/images';
import { apiAdapterContract } from '../../../tests/mock-servers/api-contract';
import { cutBytes, type ScriptedServer } from '../../../tests/mock-servers/scripted';
import { startServer } from '../../../tests/mock-servers/server';
import { ProviderError, type ChatEvent, type ProviderAdapter } from '../types';
import { providers } from '../registry';
import errors from './fixtures/errors.json';
import {
  createOpenAiCompatible,
  detectOpenAiCompatible,
  OPENAI_PRESETS,
  openAiCompatibleProviders,
} from './index';

const KEY = 'sk-test-123';
let server: ScriptedServer;
let openai: ProviderAdapter;
let lmStudio: ProviderAdapter;

const byId = (id: string) => {
  const adapter = openAiCompatibleProviders.find((p) => p.id === id);
  if (!adapter) throw new Error(`no preset ${id}`);
  return adapter;
};

beforeAll(async () => {
  server = await startOpenAiServer();
  openai = byId('openai');
  lmStudio = byId('lm-studio');
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const stream = (chunks: readonly (string | Uint8Array)[], extra: object = {}) =>
  server.next({ kind: 'stream', contentType: SSE, chunks, ...extra });

describe('presets', () => {
  it('gives every preset its own id, a base URL by the one rule, and what the UI needs', () => {
    expect(
      openAiCompatibleProviders.map((p) => [p.id, p.defaultBaseUrl, p.info?.apiKey, p.presetOf]),
    ).toEqual([
      ['openai', 'https://api.openai.com/v1', 'required', 'openai-compatible'],
      ['openrouter', 'https://openrouter.ai/api/v1', 'required', 'openai-compatible'],
      ['groq', 'https://api.groq.com/openai/v1', 'required', 'openai-compatible'],
      ['deepseek', 'https://api.deepseek.com/v1', 'required', 'openai-compatible'],
      ['mistral', 'https://api.mistral.ai/v1', 'required', 'openai-compatible'],
      ['xai', 'https://api.x.ai/v1', 'required', 'openai-compatible'],
      ['together', 'https://api.together.xyz/v1', 'required', 'openai-compatible'],
      ['chatanywhere-api', 'https://api.chatanywhere.tech/v1', 'required', 'openai-compatible'],
      ['lm-studio', 'http://localhost:1234/v1', 'optional', 'openai-compatible'],
      ['llama-cpp', 'http://localhost:8080/v1', 'optional', 'openai-compatible'],
      ['vllm', 'http://localhost:8000/v1', 'optional', 'openai-compatible'],
      ['openai-compatible', '', 'optional', undefined],
    ]);
    for (const preset of OPENAI_PRESETS) {
      expect(preset.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(preset.docsUrl).toMatch(/^https:\/\//);
      if (preset.apiKey === 'required') expect(preset.keysUrl).toMatch(/^https:\/\//);
    }
    expect(byId('openai-compatible').info?.baseUrlRequired).toBe(true);
    expect(byId('lm-studio').capabilities.auth).toBe('none');
    expect(byId('groq').capabilities.auth).toBe('api-key');
  });
});

describe('the request', () => {
  it('sends the conversation, system prompt first, with the key, stream and include_usage', async () => {
    const outcome = await run(
      openai.streamChat(
        chatRequest(`${server.url}/v1`, {
          apiKey: KEY,
          model: 'gpt-4o-mini',
          temperature: 0.3,
          system: 'Be brief.',
          messages: [
            { role: 'user', content: 'Привет' },
            { role: 'assistant', content: 'Hello!' },
            { role: 'user', content: 'How are you?' },
          ],
        }),
        nodeContext(),
      ),
    );
    expect(outcome.error).toBeUndefined();
    expect(outcome.text).toBe('You said: How are you?');
    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/v1/chat/completions');
    expect(sentHeaders(request)).toMatchInlineSnapshot(`
      {
        "accept": "text/event-stream",
        "authorization": "Bearer sk-test-123",
        "content-type": "application/json",
      }
    `);
    expect(sentJson(request)).toMatchInlineSnapshot(`
      {
        "messages": [
          {
            "content": "Be brief.",
            "role": "system",
          },
          {
            "content": "Привет",
            "role": "user",
          },
          {
            "content": "Hello!",
            "role": "assistant",
          },
          {
            "content": "How are you?",
            "role": "user",
          },
        ],
        "model": "gpt-4o-mini",
        "stream": true,
        "stream_options": {
          "include_usage": true,
        },
        "temperature": 0.3,
      }
    `);
  });

  it('sends no Authorization without a key, and asks a keyless server for its first model', async () => {
    const local = await startOpenAiServer({ models: ['qwen2.5-7b-instruct', 'other'] });
    try {
      const outcome = await run(lmStudio.streamChat(chatRequest(`${local.url}/v1`), nodeContext()));
      expect(outcome.error).toBeUndefined();
      expect(local.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
        'GET /v1/models',
        'POST /v1/chat/completions',
      ]);
      for (const request of local.requests) expect(request.headers.authorization).toBeUndefined();
      expect(sentJson(local.requests[1])).toMatchObject({ model: 'qwen2.5-7b-instruct' });
      expect(outcome.events[0]).toEqual({ type: 'stream-start', model: 'qwen2.5-7b-instruct' });
    } finally {
      await local.close();
    }
  });

  it('accepts a pasted URL that ends in /chat/completions or a slash', async () => {
    for (const base of [`${server.url}/v1/chat/completions`, `${server.url}/v1/`]) {
      server.reset();
      const outcome = await run(
        openai.streamChat(chatRequest(base, { apiKey: KEY }), nodeContext()),
      );
      expect(outcome.error).toBeUndefined();
      expect(server.requests[0]?.path).toBe('/v1/chat/completions');
    }
  });

  it('leaves stream_options out for Mistral, and retries without it where a server rejects it', async () => {
    await run(
      byId('mistral').streamChat(chatRequest(`${server.url}/v1`, { apiKey: KEY }), nodeContext()),
    );
    expect(sentJson(server.requests[0])).not.toHaveProperty('stream_options');

    server.reset();
    server.next({
      kind: 'json',
      status: 422,
      body: {
        object: 'error',
        message: "[{'loc': ('body', 'stream_options'), 'msg': 'extra fields not permitted'}]",
      },
    });
    const outcome = await run(
      openai.streamChat(chatRequest(`${server.url}/v1`, { apiKey: KEY }), nodeContext()),
    );
    expect(outcome.error).toBeUndefined();
    expect(server.requests.map((r) => 'stream_options' in (sentJson(r) as object))).toEqual([
      true,
      false,
    ]);
  });

  it('says a key is missing without sending anything, and a custom entry needs a base URL', async () => {
    const missing = await run(openai.streamChat(chatRequest(`${server.url}/v1`), nodeContext()));
    expect(missing.error).toMatchObject({ code: 'auth-missing', providerId: 'openai' });
    expect((missing.error as Error).message).toBe(
      'OpenAI: no API key is set. Add an API key in the settings.',
    );
    const custom = await run(byId('openai-compatible').streamChat(chatRequest(''), nodeContext()));
    expect(custom.error).toMatchObject({ code: 'bad-response', retryable: false });
    expect((custom.error as Error).message).toMatch(
      /^OpenAI-compatible \(custom URL\): no base URL is set\./,
    );
    expect(server.requests).toEqual([]);
  });
});

describe('the stream', () => {
  it('assembles an OpenAI stream with the usage from the last chunk', async () => {
    stream(sseWrites(fixture(import.meta.url, 'openai-stream.sse')));
    const outcome = await run(
      openai.streamChat(chatRequest(`${server.url}/v1`, { apiKey: KEY }), nodeContext()),
    );
    expect(outcome.events).toEqual<ChatEvent[]>([
      { type: 'stream-start', model: 'gpt-4o-mini' },
      { type: 'text-delta', delta: 'Привет' },
      { type: 'text-delta', delta: ', мир' },
      { type: 'text-delta', delta: '! 👋🏽 ' },
      { type: 'text-delta', delta: '世界' },
      { type: 'usage', usage: { inputTokens: 19, outputTokens: 10, totalTokens: 29 } },
      { type: 'finish', reason: 'stop', raw: 'stop' },
    ]);
  });

  it('keeps DeepSeek reasoning (reasoning_content) apart from the answer', async () => {
    stream(sseWrites(fixture(import.meta.url, 'deepseek-reasoner.sse')));
    const outcome = await run(
      byId('deepseek').streamChat(
        chatRequest(`${server.url}/v1`, { apiKey: KEY, model: 'deepseek-reasoner' }),
        nodeContext(),
      ),
    );
    expect(outcome.reasoning).toBe('9.11 и 9.8: сравним десятые.');
    expect(outcome.text).toBe('9.8 больше.');
    expect(outcome.usage).toEqual({
      inputTokens: 17,
      outputTokens: 120,
      totalTokens: 137,
      reasoningTokens: 112,
    });
    expect(outcome.finish).toEqual({ reason: 'stop', raw: 'stop' });
  });

  it('keeps OpenRouter reasoning (reasoning) apart and skips its keep-alive comments', async () => {
    stream(sseWrites(fixture(import.meta.url, 'openrouter-reasoning.sse')));
    const outcome = await run(
      byId('openrouter').streamChat(
        chatRequest(`${server.url}/api/v1`, { apiKey: KEY }),
        nodeContext(),
      ),
    );
    expect(outcome.error).toBeUndefined();
    expect(outcome.reasoning).toBe('The user greets me.');
    expect(outcome.text).toBe('Hello there!');
    expect(outcome.usage).toEqual({
      inputTokens: 9,
      outputTokens: 31,
      totalTokens: 40,
      reasoningTokens: 27,
    });
    expect(server.requests[0]?.path).toBe('/api/v1/chat/completions');
  });

  it('keeps multi-byte characters whole wherever the network cuts the body', async () => {
    // A compact stream (the fixtures above have the full chunk envelope), cut at every byte.
    const body = [
      'data: {"choices":[{"delta":{"reasoning_content":"думаю…"}}]}\n\n',
      'data: {"choices":[{"delta":{"content":"Привет, 世界 "}}]}\n\n',
      'data: {"choices":[{"delta":{"content":"👋🏽"},"finish_reason":"stop"}]}\n\n',
      'data: {"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":4,"total_tokens":7}}\n\n',
      'data: [DONE]\n\n',
    ].join('');
    const size = new TextEncoder().encode(body).length;
    for (let at = 1; at < size; at++) {
      stream(cutBytes(body, at), { delayMs: 0 });
      const outcome = await run(
        openai.streamChat(chatRequest(`${server.url}/v1`, { apiKey: KEY }), nodeContext()),
      );
      expect([outcome.text, outcome.reasoning, outcome.usage?.totalTokens, outcome.error]).toEqual([
        'Привет, 世界 👋🏽',
        'думаю…',
        7,
        undefined,
      ]);
    }
  }, 30_000);

  it('keeps the partial text of a reply that breaks off with a mid-stream error', async () => {
    stream(sseWrites(fixture(import.meta.url, 'openrouter-midstream-error.sse')));
    const outcome = await run(
      byId('openrouter').streamChat(
        chatRequest(`${server.url}/api/v1`, { apiKey: KEY }),
        nodeContext(),
      ),
    );
    expect(outcome.text).toBe('Partial answer');
    expect(outcome.finish).toBeUndefined();
    expect(outcome.error).toBeInstanceOf(ProviderError);
    expect(outcome.error).toMatchObject({
      code: 'provider-unavailable',
      providerId: 'openrouter',
      detail: 'Provider disconnected unexpectedly',
      retryable: true,
    });
    expect((outcome.error as Error).message).toMatch(
      /^OpenRouter: the reply broke off with an error from the service\. /,
    );
  });

  it('maps a mid-stream rate limit, and reports a stream that ends without [DONE]', async () => {
    stream(
      openAiStream({
        text: ['a'],
        error: {
          message: 'Rate limit reached. Please try again in 1.5s.',
          code: 'rate_limit_exceeded',
        },
      }),
    );
    const limited = await run(
      openai.streamChat(chatRequest(`${server.url}/v1`, { apiKey: KEY }), nodeContext()),
    );
    expect(limited.error).toMatchObject({ code: 'rate-limited', retryAfterMs: 1500 });

    stream(openAiStream({ text: ['cut'], finish: null, done: false }));
    const cut = await run(
      openai.streamChat(chatRequest(`${server.url}/v1`, { apiKey: KEY }), nodeContext()),
    );
    expect(cut.text).toBe('cut');
    expect(cut.finish).toEqual({ reason: 'ended-without-marker' });

    stream(openAiStream({ text: ['long'], finish: 'length' }));
    const long = await run(
      openai.streamChat(chatRequest(`${server.url}/v1`, { apiKey: KEY }), nodeContext()),
    );
    expect(long.finish).toEqual({ reason: 'length', raw: 'length' });
  });

  it('calls a stream event that is not JSON a bad response', async () => {
    stream(['data: {"choices":[{"delta":{"content":"ok"}}]}\n\n', 'data: <html>oops\n\n']);
    const outcome = await run(
      openai.streamChat(chatRequest(`${server.url}/v1`, { apiKey: KEY }), nodeContext()),
    );
    expect(outcome.text).toBe('ok');
    expect(outcome.error).toMatchObject({ code: 'bad-response', detail: '<html>oops' });
  });
});

describe('errors', () => {
  const cases: [keyof typeof errors, object][] = [
    ['401-invalid-key', { code: 'auth-invalid', status: 401, retryable: false }],
    ['403-region', { code: 'auth-invalid', status: 403 }],
    ['403-openrouter-moderation', { code: 'content-filtered', status: 403 }],
    ['429-rate-limit-in-body', { code: 'rate-limited', retryAfterMs: 20_000, retryable: true }],
    ['429-retry-after-header', { code: 'rate-limited', retryAfterMs: 7_000 }],
    [
      '429-insufficient-quota',
      { code: 'quota-exceeded', retryable: false, retryAfterMs: undefined },
    ],
    ['400-context-length', { code: 'context-too-long', status: 400, retryable: false }],
    ['400-context-llama-cpp', { code: 'context-too-long' }],
    [
      '404-model-not-found',
      {
        code: 'model-not-found',
        status: 404,
        retryable: false,
        said: 'The model `gpt-9` does not exist or you do not have access to it.',
      },
    ],
    ['500-server-error', { code: 'provider-unavailable', status: 500, retryable: true }],
    ['503-overloaded', { code: 'provider-unavailable', status: 503 }],
  ];

  it.each(cases)('maps %s', async (name, expected) => {
    const { status, body, ...rest } = errors[name];
    const headers = 'headers' in rest ? (rest.headers as Record<string, string>) : undefined;
    server.next({ kind: 'json', status, body, ...(headers ? { headers } : {}) });
    const outcome = await run(
      openai.streamChat(chatRequest(`${server.url}/v1`, { apiKey: KEY }), nodeContext()),
    );
    expect(outcome.events).toEqual([]);
    expect(outcome.error).toBeInstanceOf(ProviderError);
    expect(outcome.error).toMatchObject({
      ...expected,
      providerId: 'openai',
      detail: body.error.message,
    });
    expect((outcome.error as Error).message).toMatch(/^OpenAI: .+\. .+/);
  });

  it('uses the text of a body that is not JSON as the detail', async () => {
    server.next({
      kind: 'text',
      status: 502,
      body: '<html>Bad gateway</html>',
      headers: { 'content-type': 'text/html' },
    });
    const outcome = await run(
      openai.streamChat(chatRequest(`${server.url}/v1`, { apiKey: KEY }), nodeContext()),
    );
    expect(outcome.error).toMatchObject({
      code: 'provider-unavailable',
      status: 502,
      detail: '<html>Bad gateway</html>',
    });
  });
});

describe('models and detection', () => {
  it('lists models from the target base URL with its key', async () => {
    const keyed = await startOpenAiServer({ apiKey: KEY, models: ['a', 'b'] });
    try {
      const adapter = createOpenAiCompatible({
        ...OPENAI_PRESETS[0]!,
        defaultBaseUrl: `${keyed.url}/v1`,
      });
      await expect(
        adapter.listModels!(nodeContext(), new AbortController().signal, { apiKey: KEY }),
      ).resolves.toEqual([{ id: 'a' }, { id: 'b' }]);
      expect(keyed.requests[0]).toMatchObject({ method: 'GET', path: '/v1/models' });
      expect(keyed.requests[0]?.headers.authorization).toBe(`Bearer ${KEY}`);
      await expect(
        adapter.listModels!(nodeContext(), new AbortController().signal, { apiKey: 'wrong' }),
      ).rejects.toMatchObject({ code: 'auth-invalid', status: 401 });
    } finally {
      await keyed.close();
    }
  });

  it('detects a running server, one that wants a key, and nothing', async () => {
    await expect(detectOpenAiCompatible(fetch, `${server.url}/v1`)).resolves.toEqual({
      state: 'running',
      models: [{ id: 'gpt-4o-mini' }, { id: 'gpt-4o' }],
    });
    const keyed = await startOpenAiServer({ apiKey: KEY });
    await expect(detectOpenAiCompatible(fetch, `${keyed.url}/v1`)).resolves.toEqual({
      state: 'refused',
      status: 401,
    });
    await keyed.close();
    await expect(detectOpenAiCompatible(fetch, `${keyed.url}/v1`)).resolves.toEqual({
      state: 'absent',
    });
    const silent = await startServer(() => {});
    const started = Date.now();
    await expect(detectOpenAiCompatible(fetch, silent.url, undefined, 100)).resolves.toEqual({
      state: 'absent',
    });
    expect(Date.now() - started).toBeLessThan(2_000);
    await silent.close();
  });
});

describe('in the registry', () => {
  it('registers every preset once, with the custom entry under the folder’s name', () => {
    const ids = providers.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const adapter of openAiCompatibleProviders) expect(ids).toContain(adapter.id);
    expect(providers.find((p) => p.id === 'openai-compatible')?.presetOf).toBeUndefined();
    for (const adapter of providers.filter((p) => p.presetOf !== undefined)) {
      expect(adapter.presetOf).toBe('openai-compatible');
    }
  });
});

apiAdapterContract({
  adapter: byId('openai'),
  server: () => server,
  request: ({ baseUrl, ...overrides } = {}) =>
    chatRequest(baseUrl ?? `${server.url}/v1`, { apiKey: KEY, ...overrides }),
  contentType: SSE,
  reply: (text, { end }) => openAiStream(end ? { text } : { text, finish: null, done: false }),
});

// Issue 14. The documented form: a user message's `content` as an array of content parts, the image
// an `image_url` with a base64 data URL (https://platform.openai.com/docs/api-reference/chat/create,
// "User message" → "Array of content parts"; https://platform.openai.com/docs/guides/images-vision,
// "Base64-encoded images").
describe('images and documents', () => {
  it('sends a message with an image as text and image_url parts; plain turns stay strings', async () => {
    const outcome = await run(
      openai.streamChat(
        chatRequest(server.url, {
          apiKey: KEY,
          model: 'gpt-4o-mini',
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
    // The emulator decoded the data URL: the model "saw" a 2×1 PNG.
    expect(outcome.text).toBe(
      'You said: <document name="notes.md">\n# Notes\n</document> [image/png 2×1] What is in it?',
    );
    expect(sentJson(server.requests[0]).messages).toEqual([
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello!' },
      {
        role: 'user',
        content: [
          { type: 'text', text: '<document name="notes.md">\n# Notes\n</document>' },
          { type: 'image_url', image_url: { url: `data:image/png;base64,${TINY_PNG_BASE64}` } },
          { type: 'text', text: 'What is in it?' },
        ],
      },
    ]);
  });

  it('declares its input per preset: OpenAI every model, DeepSeek none, local servers by model', () => {
    expect(openai.capabilities.input).toMatchObject({ images: true });
    expect(openai.capabilities.input.imagesDependOnModel).toBeUndefined();
    expect(openai.capabilities.input.imageLimits).toMatchObject({
      maxLongSide: 2048,
      maxShortSide: 768,
      cost: 'tiles-512',
    });
    expect(byId('deepseek').capabilities.input).toEqual({ images: false });
    expect(lmStudio.capabilities.input).toMatchObject({ images: true, imagesDependOnModel: true });
  });
});
