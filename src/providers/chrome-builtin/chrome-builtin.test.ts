import { describe, expect, it } from 'vitest';
import { FakeLanguageModel } from '../../../tests/fakes/language-model';
import { imageTurn, TINY_PNG_BASE64 } from '../../../tests/fakes/images';
import { chatRequest, nodeContext, run } from '../../../tests/mock-servers/adapter-harness';
import type { ChatEvent } from '../types';
import { chromeBuiltin, createChromeBuiltin, detectChromeBuiltin } from './index';
import { findLanguageModel } from './prompt-api';

const adapterFor = (fake: FakeLanguageModel) => createChromeBuiltin(() => fake.api);
const request = (overrides = {}) => chatRequest('', overrides);

describe('detection', () => {
  it('reports each availability the API reports', async () => {
    for (const state of ['unavailable', 'downloadable', 'downloading', 'available'] as const) {
      await expect(
        detectChromeBuiltin(new FakeLanguageModel({ availability: state }).api),
      ).resolves.toBe(state);
    }
  });

  it('calls a missing or failing API unavailable, never an error', async () => {
    await expect(detectChromeBuiltin(undefined)).resolves.toBe('unavailable');
    await expect(
      detectChromeBuiltin({
        availability: () => Promise.reject(new Error('boom')),
        create: () => Promise.reject(new Error('boom')),
      }),
    ).resolves.toBe('unavailable');
    expect(findLanguageModel({})).toBeUndefined();
    expect(findLanguageModel({ LanguageModel: { availability: 1 } })).toBeUndefined();
    // Node has no LanguageModel: the registered adapter's detection says unavailable.
    await expect(detectChromeBuiltin()).resolves.toBe('unavailable');
  });

  it('reads the values of the 2024 origin trial', async () => {
    const api = (value: string) => ({
      availability: async () => value,
      create: () => Promise.reject(new Error()),
    });
    await expect(detectChromeBuiltin(api('readily'))).resolves.toBe('available');
    await expect(detectChromeBuiltin(api('after-download'))).resolves.toBe('downloadable');
    await expect(detectChromeBuiltin(api('no'))).resolves.toBe('unavailable');
  });
});

describe('language and context (issue 11, Chrome Prompt API docs)', () => {
  it('declares the UI language in expectedOutputs and reads contextUsage', async () => {
    const fake = new FakeLanguageModel({ reply: ['Hola'] });
    const outcome = await run(
      adapterFor(fake).streamChat(request({ language: 'es-419' }), nodeContext()),
    );
    expect(outcome.error).toBeUndefined();
    expect(fake.sessions.map((s) => s.outputLanguages)).toEqual([['es']]);
    // contextUsage only (inputUsage is gone in current Chrome): "Hi" + "Hola".
    expect(outcome.usage).toEqual({ totalTokens: 6 });
  });

  it('says plainly that the model does not write the UI language, and starts nothing', async () => {
    const fake = new FakeLanguageModel({ reply: ['Hello'] });
    const outcome = await run(
      adapterFor(fake).streamChat(request({ language: 'ru' }), nodeContext()),
    );
    expect(outcome.text).toBe('');
    expect(fake.sessions).toEqual([]);
    expect(outcome.error).toMatchObject({
      code: 'provider-unavailable',
      providerId: 'chrome-builtin',
      retryable: false,
    });
    expect((outcome.error as Error).message).toMatch(
      /^Chrome built-in AI: the built-in model does not support Russian.*Choose another provider/,
    );
  });
});

describe('a chat', () => {
  it('puts the system prompt and history in initialPrompts and streams the answer', async () => {
    const fake = new FakeLanguageModel({ reply: ['Привет', ', мир', ' 👋🏽'] });
    const outcome = await run(
      adapterFor(fake).streamChat(
        request({
          system: 'Be brief.',
          messages: [
            { role: 'user', content: 'Hi' },
            { role: 'assistant', content: 'Hello!' },
            { role: 'user', content: 'How are you?' },
          ],
        }),
        nodeContext(),
      ),
    );
    expect(outcome.events).toEqual<ChatEvent[]>([
      { type: 'stream-start', model: 'built-in' },
      { type: 'text-delta', delta: 'Привет' },
      { type: 'text-delta', delta: ', мир' },
      { type: 'text-delta', delta: ' 👋🏽' },
      // The fake counts characters: 29 in the prompts and 16 in the answer.
      { type: 'usage', usage: { totalTokens: 45 } },
      { type: 'finish', reason: 'stop' },
    ]);
    expect(fake.sessions).toEqual([
      {
        initialPrompts: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'Hi' },
          { role: 'assistant', content: 'Hello!' },
        ],
        outputLanguages: ['en'],
        prompts: ['How are you?'],
        destroyed: true,
        streamCancelled: false,
      },
    ]);
  });

  it('turns cumulative chunks (Chrome before 129) into deltas', async () => {
    const fake = new FakeLanguageModel({
      reply: ['Hel', 'lo, ', 'world'],
      streaming: 'cumulative',
    });
    const outcome = await run(adapterFor(fake).streamChat(request(), nodeContext()));
    expect(outcome.events.filter((e) => e.type === 'text-delta')).toEqual([
      { type: 'text-delta', delta: 'Hel' },
      { type: 'text-delta', delta: 'lo, ' },
      { type: 'text-delta', delta: 'world' },
    ]);
  });

  it('keeps delta chunks that happen to repeat the start as they are', async () => {
    const fake = new FakeLanguageModel({ reply: ['ha', 'ha', 'ha'] });
    const outcome = await run(adapterFor(fake).streamChat(request(), nodeContext()));
    expect(outcome.text).toBe('hahaha');
  });

  it('reports download progress before the answer when the model must be downloaded', async () => {
    const fake = new FakeLanguageModel({
      availability: 'downloadable',
      downloadSteps: [0, 0.25, 0.75, 1],
    });
    const outcome = await run(adapterFor(fake).streamChat(request(), nodeContext()));
    expect(outcome.events.slice(0, 5)).toEqual<ChatEvent[]>([
      { type: 'download-progress', loaded: 0 },
      { type: 'download-progress', loaded: 0.25 },
      { type: 'download-progress', loaded: 0.75 },
      { type: 'download-progress', loaded: 1 },
      { type: 'stream-start', model: 'built-in' },
    ]);
    expect(outcome.text).toBe('Hello from Nano');
    await expect(detectChromeBuiltin(fake.api)).resolves.toBe('available');
  });
});

describe('errors', () => {
  it('says an absent API or an unavailable model is unavailable, without retrying', async () => {
    const absent = await run(chromeBuiltin.streamChat(request(), nodeContext()));
    expect(absent.error).toMatchObject({
      code: 'provider-unavailable',
      retryable: false,
      providerId: 'chrome-builtin',
    });
    expect((absent.error as Error).message).toMatch(
      /^Chrome built-in AI: this browser has no built-in model\. /,
    );
    const none = await run(
      adapterFor(new FakeLanguageModel({ availability: 'unavailable' })).streamChat(
        request(),
        nodeContext(),
      ),
    );
    expect((none.error as Error).message).toMatch(/not available on this device/);
  });

  it('explains that a download needs a click when create() wants a user gesture', async () => {
    const fake = new FakeLanguageModel({ availability: 'downloadable', gestureRequired: true });
    const outcome = await run(adapterFor(fake).streamChat(request(), nodeContext()));
    expect(outcome.error).toMatchObject({
      code: 'provider-unavailable',
      retryable: false,
      detail: 'NotAllowedError: Requires a user gesture when availability is "downloadable".',
    });
    expect((outcome.error as Error).message).toMatch(/start the download of the built-in model/);
  });

  it('maps QuotaExceededError to context-too-long and destroys the session', async () => {
    const fake = new FakeLanguageModel({ inputQuota: 10 });
    const outcome = await run(
      adapterFor(fake).streamChat(
        request({ messages: [{ role: 'user', content: 'x'.repeat(50) }] }),
        nodeContext(),
      ),
    );
    expect(outcome.error).toMatchObject({ code: 'context-too-long', providerId: 'chrome-builtin' });
    expect(fake.sessions[0]?.destroyed).toBe(true);
  });

  it('reports any other failure of the API as unknown, with its words as detail', async () => {
    const broken = createChromeBuiltin(() => ({
      availability: async () => 'available',
      create: () => Promise.reject(new TypeError('session options are invalid')),
    }));
    const outcome = await run(broken.streamChat(request(), nodeContext()));
    expect(outcome.error).toMatchObject({
      code: 'unknown',
      providerId: 'chrome-builtin',
      detail: 'TypeError: session options are invalid',
    });
    expect((outcome.error as Error).message).toBe(
      'Chrome built-in AI: the built-in model failed. Try again or choose another provider.',
    );
  });

  it('refuses a conversation that does not end with a user message', async () => {
    const outcome = await run(
      adapterFor(new FakeLanguageModel()).streamChat(
        request({ messages: [{ role: 'assistant', content: 'Hi' }] }),
        nodeContext(),
      ),
    );
    expect(outcome.error).toMatchObject({ code: 'bad-response', retryable: false });
  });
});

describe('aborting', () => {
  it('stops the stream with an AbortError and destroys the session', async () => {
    const fake = new FakeLanguageModel({ reply: ['one', 'two'], hang: true });
    const controller = new AbortController();
    let thrown: unknown;
    try {
      for await (const event of adapterFor(fake).streamChat(
        request({ signal: controller.signal }),
        nodeContext(),
      )) {
        if (event.type === 'text-delta') controller.abort();
      }
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ name: 'AbortError' });
    expect(fake.sessions[0]?.destroyed).toBe(true);
  });

  it('aborts a download in progress', async () => {
    const fake = new FakeLanguageModel({
      availability: 'downloadable',
      downloadSteps: [0, 0.1, 0.2, 0.3],
    });
    const controller = new AbortController();
    let thrown: unknown;
    try {
      for await (const event of adapterFor(fake).streamChat(
        request({ signal: controller.signal }),
        nodeContext(),
      )) {
        if (event.type === 'download-progress' && event.loaded > 0) controller.abort();
      }
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ name: 'AbortError' });
    expect(fake.sessions).toEqual([]);
  });

  it('cancels the model’s stream when the consumer stops reading', async () => {
    const fake = new FakeLanguageModel({ reply: ['one', 'two', 'three'], hang: true });
    for await (const event of adapterFor(fake).streamChat(request(), nodeContext())) {
      if (event.type === 'text-delta') break;
    }
    expect(fake.sessions[0]).toMatchObject({ destroyed: true, streamCancelled: true });
  });
});

// Issue 14. The documented form: image input declared in `expectedInputs` at create(), and the
// prompt a list of typed values, the image a Blob
// (https://developer.mozilla.org/en-US/docs/Web/API/Prompt_API/Multimodal).
describe('images and documents', () => {
  it('declares image input and prompts with text and an image Blob', async () => {
    const fake = new FakeLanguageModel({ reply: ['A red and a blue pixel.'] });
    const outcome = await run(
      adapterFor(fake).streamChat(request({ messages: [imageTurn()] }), nodeContext()),
    );
    expect(outcome.error).toBeUndefined();
    expect(outcome.text).toBe('A red and a blue pixel.');
    const prompt = fake.sessions[0]?.prompts[0];
    if (!Array.isArray(prompt)) throw new Error('expected a multimodal prompt');
    const content = prompt[0]?.content;
    if (!Array.isArray(content)) throw new Error('expected typed values');
    expect(content.map((c) => c.type)).toEqual(['text', 'image', 'text']);
    expect(content[0]).toEqual({
      type: 'text',
      value: '<document name="notes.md">\n# Notes\n</document>',
    });
    const image = content[1]?.value;
    if (!(image instanceof Blob)) throw new Error('expected a Blob');
    expect(image.type).toBe('image/png');
    const bytes = Buffer.from(await image.arrayBuffer()).toString('base64');
    expect(bytes).toBe(TINY_PNG_BASE64);
  });

  it('says plainly when this browser’s model takes no images, and starts nothing', async () => {
    const fake = new FakeLanguageModel({ images: false });
    const outcome = await run(
      adapterFor(fake).streamChat(request({ messages: [imageTurn()] }), nodeContext()),
    );
    expect(fake.sessions).toEqual([]);
    expect(outcome.error).toMatchObject({
      code: 'input-unsupported',
      providerId: 'chrome-builtin',
    });
    expect((outcome.error as Error).message).toMatch(/takes no images.*remove the image/);
  });

  it('asks for no image input for a text chat', async () => {
    const fake = new FakeLanguageModel({ images: false, reply: ['ok'] });
    const outcome = await run(adapterFor(fake).streamChat(request(), nodeContext()));
    expect(outcome.text).toBe('ok');
  });
});
