// What real servers and hostile ones showed (issue 11), each kept as a test against real HTTP
// servers on 127.0.0.1 and the real adapters (Node's fetch; never a mocked one). Streams are
// written from each API's documented format, named above each fixture.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chatRequest, nodeContext, run } from './mock-servers/adapter-harness';
import { SSE } from './mock-servers/openai';
import { respond, startScripted, type ScriptedServer } from './mock-servers/scripted';
import { providers } from '../src/providers/registry';
import type { ProviderAdapter } from '../src/providers/types';
import { createProviderRunner, type RunEvent } from '../src/background/provider-runner';
import { parseSettings } from '../src/shared/settings';

const adapter = (id: string): ProviderAdapter => {
  const found = providers.find((p) => p.id === id);
  if (!found) throw new Error(`no provider ${id}`);
  return found;
};

/** A server that answers whatever the test queued, on any path (404 when nothing is queued). */
const startAny = () =>
  startScripted((_request, response, take) =>
    respond(response, take() ?? { kind: 'json', status: 404, body: { error: 'nothing queued' } }),
  );

let api: ScriptedServer;
/** Another origin (another port): where a hostile server sends the request. */
let elsewhere: ScriptedServer;
beforeAll(async () => {
  [api, elsewhere] = await Promise.all([startAny(), startAny()]);
});
afterAll(() => Promise.all([api.close(), elsewhere.close()]));
beforeEach(() => {
  api.reset();
  elsewhere.reset();
});

const sse = (events: unknown[], tail = '') =>
  events.map((event) => `data: ${JSON.stringify(event)}\n\n`).concat(tail ? [tail] : []);

describe('1: credentials never follow a redirect to another origin', () => {
  const cases = [
    { id: 'anthropic', header: 'x-api-key', base: (url: string) => url },
    { id: 'gemini', header: 'x-goog-api-key', base: (url: string) => url },
    { id: 'openai', header: 'authorization', base: (url: string) => `${url}/v1` },
  ];
  for (const status of [302, 307]) {
    for (const { id, header, base } of cases) {
      it(`${id}: a ${status} to another host gets neither the key nor the conversation`, async () => {
        api.next({
          kind: 'text',
          status,
          body: '',
          headers: { location: `${elsewhere.url}/steal` },
        });
        const outcome = await run(
          adapter(id).streamChat(
            chatRequest(base(api.url), {
              apiKey: 'secret-key-123',
              messages: [{ role: 'user', content: 'my private question' }],
            }),
            nodeContext(),
          ),
        );
        expect(api.requests).toHaveLength(1);
        expect(api.requests[0]!.headers[header]).toContain('secret-key-123');
        expect(elsewhere.requests).toHaveLength(0);
        expect(outcome.error).toMatchObject({ code: 'bad-response', providerId: id });
        // It says where the request was sent instead.
        expect((outcome.error as Error).message).toContain(`${elsewhere.url}/steal`);
      });
    }
  }

  it('follows a redirect on the same origin, key and body kept (307)', async () => {
    api.next({ kind: 'text', status: 307, body: '', headers: { location: '/v2/messages' } });
    // https://docs.anthropic.com/en/api/messages-streaming — the smallest whole stream.
    api.next({
      kind: 'stream',
      contentType: SSE,
      chunks: [
        'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"stop_reason":null,"usage":{"input_tokens":5,"output_tokens":1}}}\n\n',
        'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n',
        'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Moved"}}\n\n',
        'event: content_block_stop\ndata: {"type":"content_block_stop","index":0}\n\n',
        'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":2}}\n\n',
        'event: message_stop\ndata: {"type":"message_stop"}\n\n',
      ],
    });
    const outcome = await run(
      adapter('anthropic').streamChat(chatRequest(api.url, { apiKey: 'k-1' }), nodeContext()),
    );
    expect(outcome.error).toBeUndefined();
    expect(outcome.text).toBe('Moved');
    expect(api.requests.map((r) => [r.method, r.path, r.headers['x-api-key']])).toEqual([
      ['POST', '/v1/messages', 'k-1'],
      ['POST', '/v2/messages', 'k-1'],
    ]);
    expect(api.requests[1]!.body).toBe(api.requests[0]!.body);
  });
});

describe('7: a web page where a stream was expected', () => {
  it('is `bad-response` naming the page by its title, not an empty finished reply', async () => {
    api.next({
      kind: 'text',
      status: 200,
      headers: { 'content-type': 'text/html; charset=utf-8' },
      body: '<!DOCTYPE html><html><head><title>Hotel Wi-Fi &amp; Login</title></head><body><form>Accept the terms</form></body></html>',
    });
    const outcome = await run(
      adapter('openai').streamChat(chatRequest(`${api.url}/v1`, { apiKey: 'k' }), nodeContext()),
    );
    expect(outcome.text).toBe('');
    expect(outcome.finish).toBeUndefined();
    expect(outcome.error).toMatchObject({ code: 'bad-response', providerId: 'openai' });
    expect((outcome.error as Error).message).toContain('“Hotel Wi-Fi & Login”');
    expect((outcome.error as Error).message).toMatch(/^OpenAI: /);
  });

  it('names a page without a title by its type (Ollama expects NDJSON)', async () => {
    api.next({
      kind: 'text',
      status: 200,
      headers: { 'content-type': 'text/html' },
      body: '<p>Sign in to continue</p>',
    });
    const outcome = await run(adapter('ollama').streamChat(chatRequest(api.url), nodeContext()));
    expect(outcome.error).toMatchObject({ code: 'bad-response', providerId: 'ollama' });
    expect((outcome.error as { detail?: string }).detail).toContain('text/html');
  });
});

describe('8: Mistral Magistral content chunks', () => {
  it('sends text chunks to the answer and thinking chunks to the reasoning', async () => {
    // https://docs.mistral.ai/capabilities/reasoning/ — `delta.content` is a list of chunks:
    // ThinkChunk `{type: "thinking", thinking: [{type: "text", text}]}` and TextChunk
    // `{type: "text", text}`, in the chat.completion.chunk envelope.
    const base = { id: 'cmpl-1', object: 'chat.completion.chunk', created: 1750000000 };
    const model = 'magistral-medium-2509';
    const chunk = (content: unknown, finish: string | null = null) => ({
      ...base,
      model,
      choices: [{ index: 0, delta: { role: 'assistant', content }, finish_reason: finish }],
    });
    api.next({
      kind: 'stream',
      contentType: SSE,
      chunks: sse(
        [
          chunk([{ type: 'thinking', thinking: [{ type: 'text', text: 'The user greets; ' }] }]),
          chunk([{ type: 'thinking', thinking: [{ type: 'text', text: 'answer kindly.' }] }]),
          chunk([{ type: 'text', text: 'Hello' }]),
          chunk('! How can I help?'),
          {
            ...chunk('', 'stop'),
            usage: { prompt_tokens: 9, completion_tokens: 40, total_tokens: 49 },
          },
        ],
        'data: [DONE]\n\n',
      ),
    });
    const outcome = await run(
      adapter('mistral').streamChat(chatRequest(`${api.url}/v1`, { apiKey: 'k' }), nodeContext()),
    );
    expect(outcome.error).toBeUndefined();
    expect(outcome.reasoning).toBe('The user greets; answer kindly.');
    expect(outcome.text).toBe('Hello! How can I help?');
    expect(outcome.finish).toEqual({ reason: 'stop', raw: 'stop' });
  });
});

describe('9: a reply ended for safety is `content-filtered`, with the text that came', () => {
  const runner = (id: string) =>
    createProviderRunner({
      providers: [adapter(id)],
      readSettings: async () =>
        parseSettings({
          providers: {
            [id]: { baseUrl: id === 'openai' ? `${api.url}/v1` : api.url, apiKey: 'k' },
          },
        }),
      context: nodeContext(),
      installHeaderRules: async () => {},
      hasHostPermission: async () => true,
    });
  const runThrough = async (id: string) => {
    const events: RunEvent[] = [];
    let error: unknown;
    try {
      for await (const event of runner(id).run({
        providerId: id,
        messages: [{ role: 'user', content: 'Hi' }],
        signal: new AbortController().signal,
      })) {
        events.push(event);
      }
    } catch (thrown) {
      error = thrown;
    }
    const text = events.map((e) => (e.type === 'text-delta' ? e.delta : '')).join('');
    return { events, text, error };
  };

  // https://ai.google.dev/api/generate-content#FinishReason — SAFETY: "The response candidate
  // content was flagged for safety reasons"; the candidate may carry some text or none.
  it('Gemini finishReason SAFETY after some text', async () => {
    api.next({
      kind: 'stream',
      contentType: SSE,
      chunks: sse([
        {
          candidates: [{ content: { parts: [{ text: 'Here is how' }], role: 'model' }, index: 0 }],
          modelVersion: 'gemini-2.5-flash',
        },
        {
          candidates: [
            {
              content: { parts: [{ text: ' you' }], role: 'model' },
              finishReason: 'SAFETY',
              index: 0,
              safetyRatings: [
                { category: 'HARM_CATEGORY_DANGEROUS_CONTENT', probability: 'HIGH', blocked: true },
              ],
            },
          ],
          usageMetadata: { promptTokenCount: 8, candidatesTokenCount: 4, totalTokenCount: 12 },
        },
      ]),
    });
    const { text, error, events } = await runThrough('gemini');
    expect(text).toBe('Here is how you');
    expect(events.some((e) => e.type === 'finish')).toBe(false);
    expect(error).toMatchObject({ code: 'content-filtered', providerId: 'gemini' });
    expect((error as Error).message).toMatch(/^Google Gemini: .*SAFETY/);
  });

  it('Gemini finishReason SAFETY with empty content', async () => {
    api.next({
      kind: 'stream',
      contentType: SSE,
      chunks: sse([
        {
          candidates: [
            {
              finishReason: 'SAFETY',
              index: 0,
              safetyRatings: [
                { category: 'HARM_CATEGORY_HARASSMENT', probability: 'HIGH', blocked: true },
              ],
            },
          ],
          usageMetadata: { promptTokenCount: 8, totalTokenCount: 8 },
        },
      ]),
    });
    const { text, error } = await runThrough('gemini');
    expect(text).toBe('');
    expect(error).toMatchObject({ code: 'content-filtered', providerId: 'gemini' });
  });

  // https://platform.openai.com/docs/api-reference/chat/streaming — finish_reason
  // "content_filter": "content was omitted due to a flag from our content filters".
  it('OpenAI finish_reason content_filter', async () => {
    const base = { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o' };
    api.next({
      kind: 'stream',
      contentType: SSE,
      chunks: sse(
        [
          {
            ...base,
            choices: [
              { index: 0, delta: { role: 'assistant', content: 'Once' }, finish_reason: null },
            ],
          },
          { ...base, choices: [{ index: 0, delta: {}, finish_reason: 'content_filter' }] },
        ],
        'data: [DONE]\n\n',
      ),
    });
    const { text, error } = await runThrough('openai');
    expect(text).toBe('Once');
    expect(error).toMatchObject({ code: 'content-filtered', providerId: 'openai' });
  });

  // https://docs.anthropic.com/en/api/handling-stop-reasons — stop_reason "refusal" arrives in
  // message_delta (https://docs.anthropic.com/en/api/messages-streaming).
  it('Anthropic stop_reason refusal', async () => {
    api.next({
      kind: 'stream',
      contentType: SSE,
      chunks: [
        'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_2","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"stop_reason":null,"usage":{"input_tokens":10,"output_tokens":1}}}\n\n',
        'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n',
        'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"I can"}}\n\n',
        'event: content_block_stop\ndata: {"type":"content_block_stop","index":0}\n\n',
        'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"refusal","stop_sequence":null},"usage":{"output_tokens":3}}\n\n',
        'event: message_stop\ndata: {"type":"message_stop"}\n\n',
      ],
    });
    const { text, error } = await runThrough('anthropic');
    expect(text).toBe('I can');
    expect(error).toMatchObject({ code: 'content-filtered', providerId: 'anthropic' });
    expect((error as Error).message).toMatch(/^Anthropic: .*refusal.*Rephrase/);
  });
});

describe('10: usage agrees with itself', () => {
  it('xAI: reasoning counted apart from completion is part of the output', async () => {
    // https://docs.x.ai/docs/guides/reasoning — usage with completion_tokens_details.reasoning_tokens;
    // xAI's total_tokens = prompt + completion + reasoning (12 + 1 + 290 = 303).
    const base = { id: 'x-1', object: 'chat.completion.chunk', created: 1, model: 'grok-3-mini' };
    api.next({
      kind: 'stream',
      contentType: SSE,
      chunks: sse(
        [
          {
            ...base,
            choices: [
              { index: 0, delta: { role: 'assistant', content: 'Hi' }, finish_reason: null },
            ],
          },
          { ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] },
          {
            ...base,
            choices: [],
            usage: {
              prompt_tokens: 12,
              completion_tokens: 1,
              total_tokens: 303,
              prompt_tokens_details: { text_tokens: 12, cached_tokens: 0 },
              completion_tokens_details: { reasoning_tokens: 290 },
            },
          },
        ],
        'data: [DONE]\n\n',
      ),
    });
    const outcome = await run(
      adapter('xai').streamChat(chatRequest(`${api.url}/v1`, { apiKey: 'k' }), nodeContext()),
    );
    expect(outcome.usage).toEqual({
      inputTokens: 12,
      outputTokens: 291,
      totalTokens: 303,
      reasoningTokens: 290,
    });
    expect(outcome.usage!.inputTokens! + outcome.usage!.outputTokens!).toBe(
      outcome.usage!.totalTokens,
    );
  });

  it('OpenAI: reasoning already inside completion_tokens is not counted twice', async () => {
    // https://platform.openai.com/docs/api-reference/chat/object — completion_tokens includes
    // completion_tokens_details.reasoning_tokens; total = prompt + completion.
    const base = { id: 'c-1', object: 'chat.completion.chunk', created: 1, model: 'o4-mini' };
    api.next({
      kind: 'stream',
      contentType: SSE,
      chunks: sse(
        [
          { ...base, choices: [{ index: 0, delta: { content: 'Hi' }, finish_reason: 'stop' }] },
          {
            ...base,
            choices: [],
            usage: {
              prompt_tokens: 12,
              completion_tokens: 300,
              total_tokens: 312,
              completion_tokens_details: { reasoning_tokens: 256 },
            },
          },
        ],
        'data: [DONE]\n\n',
      ),
    });
    const outcome = await run(
      adapter('openai').streamChat(chatRequest(`${api.url}/v1`, { apiKey: 'k' }), nodeContext()),
    );
    expect(outcome.usage).toEqual({
      inputTokens: 12,
      outputTokens: 300,
      totalTokens: 312,
      reasoningTokens: 256,
    });
  });
});
