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
import { geminiEvents, startGeminiServer } from '../../../tests/mock-servers/gemini';
import { SSE } from '../../../tests/mock-servers/openai';
import { imageTurn, TINY_PNG_BASE64 } from '../../../tests/fakes/images';
import { apiAdapterContract } from '../../../tests/mock-servers/api-contract';
import type { ScriptedServer } from '../../../tests/mock-servers/scripted';
import { ProviderError, type ChatEvent } from '../types';
import errors from './fixtures/errors.json';
import { gemini } from './index';

const KEY = 'AIza-test';
let server: ScriptedServer;

beforeAll(async () => {
  server = await startGeminiServer({ apiKey: KEY });
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const stream = (chunks: readonly (string | Uint8Array)[], extra: object = {}) =>
  server.next({ kind: 'stream', contentType: SSE, chunks, ...extra });
const request = (overrides = {}) => chatRequest(server.url, { apiKey: KEY, ...overrides });

describe('the request', () => {
  it('sends contents with user/model roles, systemInstruction and the key header', async () => {
    const outcome = await run(
      gemini.streamChat(
        request({
          model: 'models/gemini-2.5-pro',
          system: 'Be brief.',
          temperature: 0.7,
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
    expect(server.requests[0]).toMatchObject({
      method: 'POST',
      path: '/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse',
    });
    expect(sentHeaders(server.requests[0])).toMatchInlineSnapshot(`
      {
        "accept": "text/event-stream",
        "content-type": "application/json",
        "x-goog-api-key": "AIza-test",
      }
    `);
    expect(sentJson(server.requests[0])).toMatchInlineSnapshot(`
      {
        "contents": [
          {
            "parts": [
              {
                "text": "Привет",
              },
            ],
            "role": "user",
          },
          {
            "parts": [
              {
                "text": "Hello!",
              },
            ],
            "role": "model",
          },
          {
            "parts": [
              {
                "text": "How are you?",
              },
            ],
            "role": "user",
          },
        ],
        "generationConfig": {
          "temperature": 0.7,
        },
        "systemInstruction": {
          "parts": [
            {
              "text": "Be brief.",
            },
          ],
        },
      }
    `);
  });

  it('uses the default model and says a key is missing without sending anything', async () => {
    await run(gemini.streamChat(request(), nodeContext()));
    expect(server.requests[0]?.path).toBe(
      '/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse',
    );
    server.reset();
    const outcome = await run(gemini.streamChat(request({ apiKey: undefined }), nodeContext()));
    expect(outcome.error).toMatchObject({ code: 'auth-missing', providerId: 'gemini' });
    expect(server.requests).toEqual([]);
  });
});

describe('the stream', () => {
  it('assembles the text, takes the last usageMetadata and ends on finishReason', async () => {
    stream(sseWrites(fixture(import.meta.url, 'stream.sse')));
    const outcome = await run(gemini.streamChat(request(), nodeContext()));
    expect(outcome.events).toEqual<ChatEvent[]>([
      { type: 'stream-start', model: 'gemini-2.5-flash' },
      { type: 'text-delta', delta: 'Привет' },
      { type: 'text-delta', delta: ', мир! 👋🏽 ' },
      { type: 'text-delta', delta: '世界' },
      {
        type: 'usage',
        usage: { inputTokens: 8, outputTokens: 29, reasoningTokens: 20, totalTokens: 37 },
      },
      { type: 'finish', reason: 'stop', raw: 'STOP' },
    ]);
  });

  it('keeps thought summaries apart as reasoning', async () => {
    stream(sseWrites(fixture(import.meta.url, 'thinking-stream.sse')));
    const outcome = await run(gemini.streamChat(request(), nodeContext()));
    expect(outcome.reasoning).toBe('**Считаю**\n\nСначала умножу.');
    expect(outcome.text).toBe('27 × 453 = 12231.');
    expect(outcome.finish).toEqual({ reason: 'length', raw: 'MAX_TOKENS' });
    expect(outcome.usage).toMatchObject({ outputTokens: 140, reasoningTokens: 130 });
  });

  it('calls a blocked prompt content-filtered', async () => {
    stream(sseWrites(fixture(import.meta.url, 'blocked-prompt.sse')));
    const outcome = await run(gemini.streamChat(request(), nodeContext()));
    expect(outcome.error).toMatchObject({ code: 'content-filtered', providerId: 'gemini' });
    expect((outcome.error as Error).message).toBe(
      'Google Gemini: the service blocked the prompt (PROHIBITED_CONTENT). Rephrase the message.',
    );
  });

  it('keeps the partial text when an error event arrives mid-stream', async () => {
    stream(sseWrites(fixture(import.meta.url, 'midstream-error.sse')));
    const outcome = await run(gemini.streamChat(request(), nodeContext()));
    expect(outcome.text).toBe('Partial answer');
    expect(outcome.error).toBeInstanceOf(ProviderError);
    expect(outcome.error).toMatchObject({
      code: 'provider-unavailable',
      detail: 'The model is overloaded. Please try again later.',
    });
  });

  it('reports a stream that ends without a finishReason, and a safety stop', async () => {
    stream(geminiEvents({ text: ['cut'], finishReason: null }));
    const cut = await run(gemini.streamChat(request(), nodeContext()));
    expect([cut.text, cut.finish]).toEqual(['cut', { reason: 'ended-without-marker' }]);
    stream(geminiEvents({ text: ['…'], finishReason: 'SAFETY' }));
    const unsafe = await run(gemini.streamChat(request(), nodeContext()));
    expect(unsafe.finish).toEqual({ reason: 'content-filter', raw: 'SAFETY' });
  });
});

describe('errors', () => {
  const cases: [keyof typeof errors, object][] = [
    ['400-api-key-invalid', { code: 'auth-invalid', status: 400, retryable: false }],
    ['403-permission-denied', { code: 'auth-invalid', status: 403 }],
    ['429-resource-exhausted', { code: 'rate-limited', status: 429, retryAfterMs: 39_000 }],
    ['400-context-too-long', { code: 'context-too-long', status: 400 }],
    ['404-model-not-found', { code: 'model-not-found', status: 404, retryable: false }],
    ['500-internal', { code: 'provider-unavailable', status: 500, retryable: true }],
    ['503-unavailable', { code: 'provider-unavailable', status: 503 }],
  ];

  it.each(cases)('maps %s', async (name, expected) => {
    const { status, body } = errors[name];
    server.next({ kind: 'json', status, body });
    const outcome = await run(gemini.streamChat(request(), nodeContext()));
    expect(outcome.events).toEqual([]);
    expect(outcome.error).toMatchObject({
      ...expected,
      providerId: 'gemini',
      detail: body.error.message,
    });
    expect((outcome.error as Error).message).toMatch(/^Google Gemini: .+\. .+/);
  });

  it('reads the error from the array form of the body too', async () => {
    const { body } = errors['429-resource-exhausted'];
    server.next({ kind: 'json', status: 429, body: [body] });
    const outcome = await run(gemini.streamChat(request(), nodeContext()));
    expect(outcome.error).toMatchObject({ code: 'rate-limited', retryAfterMs: 39_000 });
  });

  it('gets the emulator’s 400 API_KEY_INVALID for a wrong key', async () => {
    const outcome = await run(gemini.streamChat(request({ apiKey: 'wrong' }), nodeContext()));
    expect(outcome.error).toMatchObject({ code: 'auth-invalid', status: 400 });
  });
});

describe('models', () => {
  it('lists chat models over every page, without the models/ prefix', async () => {
    await expect(
      gemini.listModels!(nodeContext(), new AbortController().signal, {
        baseUrl: server.url,
        apiKey: KEY,
      }),
    ).resolves.toEqual([
      { id: 'gemini-2.5-flash', name: 'Gemini 2.5 Flash' },
      { id: 'gemini-2.5-pro', name: 'Gemini 2.5 Pro' },
    ]);
    expect(server.requests.map((r) => r.path)).toEqual([
      '/v1beta/models?pageSize=1000',
      '/v1beta/models?pageSize=1000&pageToken=Ch1tb2RlbHMvZ2VtaW5pLTIuNS1wcm8%3D',
    ]);
  });
});

apiAdapterContract({
  adapter: gemini,
  server: () => server,
  request: ({ baseUrl, ...overrides } = {}) =>
    baseUrl === undefined ? request(overrides) : { ...request(overrides), baseUrl },
  contentType: SSE,
  reply: (text, { end }) => geminiEvents(end ? { text } : { text, finishReason: null }),
});

// Issue 14. The documented form: an `inline_data` part with the MIME type and base64 data
// (https://ai.google.dev/gemini-api/docs/image-understanding, "Passing inline image data", REST;
// https://ai.google.dev/api/caching#Blob).
describe('images and documents', () => {
  it('sends an image as an inline_data part between text parts', async () => {
    const outcome = await run(
      gemini.streamChat(request({ messages: [imageTurn()] }), nodeContext()),
    );
    expect(outcome.error).toBeUndefined();
    expect(outcome.text).toBe(
      'You said: <document name="notes.md">\n# Notes\n</document> [image/png 2×1] What is in it?',
    );
    expect(sentJson(server.requests[0]).contents).toEqual([
      {
        role: 'user',
        parts: [
          { text: '<document name="notes.md">\n# Notes\n</document>' },
          { inline_data: { mime_type: 'image/png', data: TINY_PNG_BASE64 } },
          { text: 'What is in it?' },
        ],
      },
    ]);
  });

  it('declares images with Gemini’s tile rule', () => {
    expect(gemini.capabilities.input).toMatchObject({
      images: true,
      imageLimits: { cost: 'tiles-768' },
    });
  });
});
