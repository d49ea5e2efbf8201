import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { anthropicEvents, startAnthropicServer } from '../../../tests/mock-servers/anthropic';
import {
  chatRequest,
  fixture,
  nodeContext,
  run,
  sentHeaders,
  sentJson,
  sseWrites,
} from '../../../tests/mock-servers/adapter-harness';
import { SSE } from '../../../tests/mock-servers/openai';
import { imageTurn, TINY_PNG_BASE64 } from '../../../tests/fakes/images';
import { apiAdapterContract } from '../../../tests/mock-servers/api-contract';
import { cutBytes, type ScriptedServer } from '../../../tests/mock-servers/scripted';
import { ProviderError, type ChatEvent } from '../types';
import errors from './fixtures/errors.json';
import { anthropic } from './index';

const KEY = 'sk-ant-test';
let server: ScriptedServer;

beforeAll(async () => {
  server = await startAnthropicServer({ apiKey: KEY });
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const stream = (chunks: readonly (string | Uint8Array)[], extra: object = {}) =>
  server.next({ kind: 'stream', contentType: SSE, chunks, ...extra });
const request = (overrides = {}) => chatRequest(server.url, { apiKey: KEY, ...overrides });

describe('the request', () => {
  it('sends the key headers, the system prompt as a top-level field and max_tokens', async () => {
    const outcome = await run(
      anthropic.streamChat(
        request({
          model: 'claude-3-5-haiku-latest',
          system: 'Be brief.',
          temperature: 0.5,
          messages: [
            { role: 'system', content: 'Answer in English.' },
            { role: 'user', content: 'Привет' },
            { role: 'assistant', content: 'Hello!' },
            { role: 'user', content: 'One more' },
            { role: 'user', content: 'question' },
          ],
        }),
        nodeContext(),
      ),
    );
    expect(outcome.error).toBeUndefined();
    expect(outcome.text).toBe('You said: One more\n\nquestion');
    expect(server.requests[0]).toMatchObject({ method: 'POST', path: '/v1/messages' });
    expect(sentHeaders(server.requests[0])).toMatchInlineSnapshot(`
      {
        "accept": "text/event-stream",
        "anthropic-dangerous-direct-browser-access": "true",
        "anthropic-version": "2023-06-01",
        "content-type": "application/json",
        "x-api-key": "sk-ant-test",
      }
    `);
    expect(sentJson(server.requests[0])).toMatchInlineSnapshot(`
      {
        "max_tokens": 8192,
        "messages": [
          {
            "content": "Привет",
            "role": "user",
          },
          {
            "content": "Hello!",
            "role": "assistant",
          },
          {
            "content": "One more

      question",
            "role": "user",
          },
        ],
        "model": "claude-3-5-haiku-latest",
        "stream": true,
        "system": "Be brief.

      Answer in English.",
        "temperature": 0.5,
      }
    `);
  });

  it('uses the default model and says a key is missing without sending anything', async () => {
    await run(anthropic.streamChat(request(), nodeContext()));
    expect(sentJson(server.requests[0])).toMatchObject({
      model: 'claude-sonnet-4-5',
      max_tokens: 8192,
    });
    server.reset();
    const outcome = await run(anthropic.streamChat(request({ apiKey: '' }), nodeContext()));
    expect(outcome.error).toMatchObject({ code: 'auth-missing', providerId: 'anthropic' });
    expect((outcome.error as Error).message).toBe(
      'Anthropic: no API key is set. Add an API key in the settings.',
    );
    expect(server.requests).toEqual([]);
  });
});

describe('the stream', () => {
  it('assembles text and takes usage from message_start and message_delta', async () => {
    stream(sseWrites(fixture(import.meta.url, 'messages-stream.sse')));
    const outcome = await run(anthropic.streamChat(request(), nodeContext()));
    expect(outcome.events).toEqual<ChatEvent[]>([
      { type: 'stream-start', model: 'claude-sonnet-4-5' },
      { type: 'text-delta', delta: 'Привет' },
      { type: 'text-delta', delta: ', мир' },
      { type: 'text-delta', delta: '! 👋🏽 ' },
      { type: 'text-delta', delta: '世界' },
      { type: 'usage', usage: { inputTokens: 25, outputTokens: 15, totalTokens: 40 } },
      { type: 'finish', reason: 'stop', raw: 'end_turn' },
    ]);
  });

  it('keeps thinking deltas apart as reasoning and skips the signature', async () => {
    stream(sseWrites(fixture(import.meta.url, 'thinking-stream.sse')));
    const outcome = await run(anthropic.streamChat(request(), nodeContext()));
    expect(outcome.reasoning).toBe('Посчитаем: 27 × 453 = 12231.');
    expect(outcome.text).toBe('27 × 453 = 12231.');
    expect(outcome.usage).toEqual({ inputTokens: 58, outputTokens: 96, totalTokens: 154 });
    expect(outcome.finish).toEqual({ reason: 'length', raw: 'max_tokens' });
  });

  it('keeps multi-byte characters whole when a chunk ends inside one', async () => {
    const body = anthropicEvents({ text: ['Жук ', '😀'], thinking: ['ßeta'] }).join('');
    const bytes = new TextEncoder().encode(body);
    // Every cut before a UTF-8 continuation byte: inside Ж, у, к, 😀 and ß (1 + 1 + 1 + 3 + 1).
    const cuts = [...bytes.keys()].filter((i) => (bytes[i]! & 0xc0) === 0x80);
    expect(cuts).toHaveLength(7);
    for (const at of cuts) {
      stream(cutBytes(body, at), { delayMs: 0 });
      const outcome = await run(anthropic.streamChat(request(), nodeContext()));
      expect([outcome.text, outcome.reasoning, outcome.error]).toEqual([
        'Жук 😀',
        'ßeta',
        undefined,
      ]);
    }
  });

  it('keeps the partial text when an overloaded_error event arrives mid-stream', async () => {
    stream(sseWrites(fixture(import.meta.url, 'midstream-error.sse')));
    const outcome = await run(anthropic.streamChat(request(), nodeContext()));
    expect(outcome.text).toBe('Partial answer');
    expect(outcome.error).toBeInstanceOf(ProviderError);
    expect(outcome.error).toMatchObject({
      code: 'provider-unavailable',
      providerId: 'anthropic',
      detail: 'Overloaded',
      retryable: true,
    });
    expect((outcome.error as Error).message).toMatch(/^Anthropic: the reply broke off/);
  });

  it('reports a stream cut before message_stop, and a refusal as filtered', async () => {
    stream(anthropicEvents({ text: ['cut'], stop: false }));
    const cut = await run(anthropic.streamChat(request(), nodeContext()));
    expect([cut.text, cut.finish]).toEqual(['cut', { reason: 'ended-without-marker' }]);
    stream(anthropicEvents({ text: [''], stopReason: 'refusal' }));
    const refused = await run(anthropic.streamChat(request(), nodeContext()));
    expect(refused.finish).toEqual({ reason: 'content-filter', raw: 'refusal' });
  });
});

describe('errors', () => {
  const cases: [keyof typeof errors, object][] = [
    ['401-authentication', { code: 'auth-invalid', status: 401, retryable: false }],
    ['403-permission', { code: 'auth-invalid', status: 403 }],
    [
      '429-rate-limit',
      { code: 'rate-limited', status: 429, retryAfterMs: 12_000, retryable: true },
    ],
    ['400-prompt-too-long', { code: 'context-too-long', status: 400, retryable: false }],
    ['400-credit-balance', { code: 'quota-exceeded', status: 400 }],
    ['413-request-too-large', { code: 'context-too-long', status: 413 }],
    ['404-not-found', { code: 'model-not-found', status: 404, said: 'model: claude-9' }],
    ['500-api-error', { code: 'provider-unavailable', status: 500, retryable: true }],
    ['529-overloaded', { code: 'provider-unavailable', status: 529, retryable: true }],
  ];

  it.each(cases)('maps %s', async (name, expected) => {
    const { status, body, ...rest } = errors[name];
    const headers = 'headers' in rest ? (rest.headers as Record<string, string>) : undefined;
    server.next({ kind: 'json', status, body, ...(headers ? { headers } : {}) });
    const outcome = await run(anthropic.streamChat(request(), nodeContext()));
    expect(outcome.events).toEqual([]);
    expect(outcome.error).toMatchObject({
      ...expected,
      providerId: 'anthropic',
      detail: body.error.message,
    });
    expect((outcome.error as Error).message).toMatch(/^Anthropic: .+\. .+/);
  });

  it('gets the emulator’s 401 for a wrong key', async () => {
    const outcome = await run(anthropic.streamChat(request({ apiKey: 'wrong' }), nodeContext()));
    expect(outcome.error).toMatchObject({ code: 'auth-invalid', detail: 'invalid x-api-key' });
  });
});

describe('models', () => {
  it('lists models with their display names', async () => {
    await expect(
      anthropic.listModels!(nodeContext(), new AbortController().signal, {
        baseUrl: server.url,
        apiKey: KEY,
      }),
    ).resolves.toEqual([
      { id: 'claude-sonnet-4-5-20250929', name: 'Claude Sonnet 4.5' },
      { id: 'claude-opus-4-1-20250805', name: 'Claude Opus 4.1' },
      { id: 'claude-3-5-haiku-20241022', name: 'Claude Haiku 3.5' },
    ]);
    expect(server.requests[0]?.path).toBe('/v1/models?limit=1000');
    expect(server.requests[0]?.headers['x-api-key']).toBe(KEY);
    await expect(
      anthropic.listModels!(nodeContext(), new AbortController().signal, { baseUrl: server.url }),
    ).rejects.toMatchObject({ code: 'auth-missing' });
  });
});

apiAdapterContract({
  adapter: anthropic,
  server: () => server,
  request: ({ baseUrl, ...overrides } = {}) =>
    baseUrl === undefined ? request(overrides) : { ...request(overrides), baseUrl },
  contentType: SSE,
  reply: (text, { end }) => anthropicEvents({ text, stop: end }),
});

// Issue 14. The documented form: a content array of `image` blocks with a base64 source and `text`
// blocks (https://docs.anthropic.com/en/api/messages, "content" → "Image";
// https://docs.anthropic.com/en/docs/build-with-claude/vision, "Base64-encoded image example").
describe('images and documents', () => {
  it('sends an image as a base64 image block between text blocks', async () => {
    const outcome = await run(
      anthropic.streamChat(
        request({ messages: [imageTurn()], model: 'claude-sonnet-4-5' }),
        nodeContext(),
      ),
    );
    expect(outcome.error).toBeUndefined();
    expect(outcome.text).toBe(
      'You said: <document name="notes.md">\n# Notes\n</document> [image/png 2×1] What is in it?',
    );
    expect(sentJson(server.requests[0]).messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: '<document name="notes.md">\n# Notes\n</document>' },
          {
            type: 'image',
            source: { type: 'base64', media_type: 'image/png', data: TINY_PNG_BASE64 },
          },
          { type: 'text', text: 'What is in it?' },
        ],
      },
    ]);
  });

  it('keeps the parts when two user turns are joined', async () => {
    await run(
      anthropic.streamChat(
        request({ messages: [{ role: 'user', content: 'First' }, imageTurn('Second')] }),
        nodeContext(),
      ),
    );
    const [turn] = sentJson(server.requests[0]).messages as { content: { type: string }[] }[];
    expect(turn?.content.map((block) => block.type)).toEqual(['text', 'text', 'image', 'text']);
  });

  it('declares images with Anthropic’s documented limits', () => {
    expect(anthropic.capabilities.input).toMatchObject({
      images: true,
      imageLimits: { maxLongSide: 1568, cost: 'pixels-750' },
    });
  });
});
