// Chrome's built-in model through the Prompt API (`LanguageModel`;
// https://developer.chrome.com/docs/ai/prompt-api). It runs in the background service worker like
// every other adapter: Chrome exposes `LanguageModel` to extension pages and workers alike
// (https://chromium.googlesource.com/chromium/src/+/main/docs/experiments/prompt-api-for-extension.md;
// checked in Chromium 156). See docs/decisions/chrome-builtin-in-the-worker.md.
//
// History goes in as `initialPrompts` (system first), the new user message through
// `promptStreaming()`. A model that still has to be downloaded is downloaded by `create()`; its
// `downloadprogress` events become `download-progress` stream parts. A browser without the API is
// "unavailable" at detection, never an error.
import { documentBlock, hasImage } from '../../shared/content-parts';
import {
  ProviderError,
  type ChatMessage,
  type ChatEvent,
  type ChatRequest,
  type ProviderAdapter,
  type ProviderContext,
} from '../types';
import { BUILTIN_IMAGE_LIMITS } from '../../shared/image-cost';
import { isAbortError, withDeadline } from '../_shared/abort';
import { apiError, type ProviderIdentity } from '../_shared/errors';
import { failure } from '../_shared/http';
import { splitSystem } from '../_shared/messages';
import {
  findLanguageModel,
  normalizeAvailability,
  type Availability,
  type LanguageModelApi,
  type LanguageModelOptions,
  type LanguageModelPrompt,
  type LanguageModelSession,
} from './prompt-api';

export type { Availability, LanguageModelApi } from './prompt-api';

const identity: ProviderIdentity = { id: 'chrome-builtin', displayName: 'Chrome built-in AI' };
export const BUILTIN_MODEL = { id: 'built-in', name: 'Chrome’s built-in model (Gemini Nano)' };

/** unavailable / downloadable / downloading / available; a missing or failing API is unavailable. */
export async function detectChromeBuiltin(
  api: LanguageModelApi | undefined = findLanguageModel(),
): Promise<Availability> {
  if (!api) return 'unavailable';
  try {
    return normalizeAvailability(await api.availability());
  } catch {
    return 'unavailable';
  }
}

export function createChromeBuiltin(
  getApi: () => LanguageModelApi | undefined = () => findLanguageModel(),
): ProviderAdapter {
  return {
    id: identity.id,
    displayName: identity.displayName,
    defaultBaseUrl: '',
    capabilities: {
      auth: 'none',
      streaming: 'incremental',
      history: 'full',
      systemPrompt: true,
      models: 'fixed',
      // Multimodal input (`expectedInputs: [{type: 'image'}]`); a browser whose model cannot take
      // images refuses at create() and the adapter says so (`input-unsupported`).
      input: { images: true, imageLimits: BUILTIN_IMAGE_LIMITS },
    },
    models: [BUILTIN_MODEL],
    info: {
      runs: 'browser',
      apiKey: 'none',
      docsUrl: 'https://developer.chrome.com/docs/ai/prompt-api',
    },
    streamChat: (request, context) => streamChat(getApi(), request, context),
    availability: () => detectChromeBuiltin(getApi()),
  };
}

export const chromeBuiltin: ProviderAdapter = createChromeBuiltin();

const unavailable = (what: string) =>
  apiError(identity, {
    code: 'provider-unavailable',
    what,
    advice: 'It needs a recent desktop Chrome on a supported computer; choose another provider.',
    retryable: false,
  });

async function* streamChat(
  api: LanguageModelApi | undefined,
  request: ChatRequest,
  _context: ProviderContext,
): AsyncGenerator<ChatEvent> {
  if (!api) throw unavailable('this browser has no built-in model.');
  const { system, turns } = splitSystem(request);
  const last = turns.at(-1);
  if (!last || last.role !== 'user') {
    throw apiError(identity, {
      code: 'bad-response',
      what: 'there is no user message to answer.',
      advice: 'Send a message first.',
      retryable: false,
    });
  }
  const initialPrompts: LanguageModelPrompt[] = [];
  if (system) initialPrompts.push({ role: 'system', content: system });
  for (const turn of turns.slice(0, -1)) initialPrompts.push(prompt(turn));
  const withImages = turns.some((turn) => hasImage(turn.parts));

  // The model reads and writes the language Parley is shown in; it must be declared
  // (https://developer.chrome.com/docs/ai/prompt-api#model_capabilities, expectedOutputs).
  const language = primaryLanguage(request.language);
  const textOnly: LanguageModelOptions = {
    expectedInputs: [{ type: 'text', languages: [language] }],
    expectedOutputs: [{ type: 'text', languages: [language] }],
  };
  // Images must be declared up front (https://developer.mozilla.org/en-US/docs/Web/API/Prompt_API/Multimodal,
  // "Specifying expected input types"); only then, so a text chat never asks for more.
  const expected: LanguageModelOptions = withImages
    ? { ...textOnly, expectedInputs: [...(textOnly.expectedInputs ?? []), { type: 'image' }] }
    : textOnly;
  // No default deadline: create() may first download a model of several gigabytes.
  const deadline = withDeadline(request.signal, request.timeoutMs);
  let session: LanguageModelSession | undefined;
  try {
    if (normalizeAvailability(await api.availability(expected)) === 'unavailable') {
      // Available for text: the model is there but takes no images in this browser.
      if (withImages && normalizeAvailability(await api.availability(textOnly)) !== 'unavailable') {
        throw imagesUnsupported();
      }
      // Available without the language: the model is there but does not write this one.
      if (normalizeAvailability(await api.availability()) !== 'unavailable') {
        throw languageUnsupported(language);
      }
      throw unavailable('the built-in model is not available on this device.');
    }
    const creating = createSession(api, { ...expected, initialPrompts }, deadline.signal);
    for await (const loaded of creating.progress) yield { type: 'download-progress', loaded };
    session = await creating.session;
    yield { type: 'stream-start', model: BUILTIN_MODEL.id };
    const input = last.parts ? [prompt(last)] : last.content;
    yield* deltas(session.promptStreaming(input, { signal: deadline.signal }));
    // contextUsage is the current name; inputUsage is deprecated in extensions and going away.
    const tokens = session.contextUsage ?? session.inputUsage ?? session.tokensSoFar;
    if (typeof tokens === 'number') yield { type: 'usage', usage: { totalTokens: tokens } };
    yield { type: 'finish', reason: 'stop' };
  } catch (error) {
    throw failure(identity, mapDomException(error), deadline);
  } finally {
    deadline.dispose();
    session?.destroy();
  }
}

/** `en-US` → `en`; the model's languages are primary tags. English when nothing is known. */
function primaryLanguage(tag: string | undefined): string {
  const primary = tag?.trim().split(/[-_]/)[0]?.toLowerCase();
  return primary || 'en';
}

/**
 * A turn as the Prompt API takes it: plain text, or with attachments a list of typed values —
 * text (documents as blocks) and images as Blobs
 * (https://developer.mozilla.org/en-US/docs/Web/API/Prompt_API/Multimodal).
 */
function prompt(turn: ChatMessage): LanguageModelPrompt {
  const role = turn.role;
  if (!turn.parts) return { role, content: turn.content };
  return {
    role,
    content: turn.parts.map((part) =>
      part.type === 'image'
        ? { type: 'image', value: imageBlob(part.data, part.mimeType) }
        : { type: 'text', value: part.type === 'text' ? part.text : documentBlock(part) },
    ),
  };
}

function imageBlob(base64: string, type: string): Blob {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Blob([bytes], { type });
}

function imagesUnsupported() {
  return apiError(identity, {
    code: 'input-unsupported',
    what: 'the built-in model in this browser takes no images.',
    advice: 'Choose a provider that takes images, or remove the image.',
    detail: 'expectedInputs: image',
    retryable: false,
  });
}

/** The plain words for a UI language the model does not write. */
function languageUnsupported(language: string) {
  let name = language;
  try {
    name = new Intl.DisplayNames(['en'], { type: 'language' }).of(language) ?? language;
  } catch {
    // An unknown tag: its code is the name.
  }
  return apiError(identity, {
    code: 'provider-unavailable',
    what: `the built-in model does not support ${name}, the language Parley is shown in, so it would answer badly.`,
    advice:
      'Choose another provider, or switch Parley to English in the settings to use the built-in model.',
    detail: `expectedOutputs: ${language}`,
    retryable: false,
  });
}

/** create() with its download progress as an async sequence that ends when create() settles. */
function createSession(
  api: LanguageModelApi,
  options: LanguageModelOptions & { initialPrompts: LanguageModelPrompt[] },
  signal: AbortSignal,
): { session: Promise<LanguageModelSession>; progress: AsyncIterable<number> } {
  const pending: number[] = [];
  let settled = false;
  let wake: (() => void) | undefined;
  const session = api.create({
    ...options,
    signal,
    monitor(monitor) {
      monitor.addEventListener('downloadprogress', (event) => {
        // Spec: `loaded` is a fraction (total 1); early builds reported bytes with a total.
        const fraction = event.total && event.total > 1 ? event.loaded / event.total : event.loaded;
        pending.push(Math.min(1, Math.max(0, fraction)));
        wake?.();
      });
    },
  });
  const done = () => {
    settled = true;
    wake?.();
  };
  session.then(done, done);
  async function* progress(): AsyncGenerator<number> {
    for (;;) {
      const next = pending.shift();
      if (next !== undefined) yield next;
      else if (settled) return;
      else await new Promise<void>((resolve) => (wake = resolve));
    }
  }
  return { session, progress: progress() };
}

/**
 * Deltas from promptStreaming(). Current Chrome streams deltas; Chrome before 129 streamed the
 * whole text so far in every chunk. The second chunk tells which: one that starts with (and
 * extends) everything received so far is cumulative, and the stream is read that way from then on.
 */
async function* deltas(
  stream: ReadableStream<string> | AsyncIterable<string>,
): AsyncGenerator<ChatEvent> {
  let total = '';
  let mode: 'unknown' | 'delta' | 'cumulative' = 'unknown';
  for await (const chunk of iterate(stream)) {
    if (mode === 'unknown' && total) {
      mode = chunk.length > total.length && chunk.startsWith(total) ? 'cumulative' : 'delta';
    }
    let delta = chunk;
    if (mode === 'cumulative') {
      delta = chunk.startsWith(total) ? chunk.slice(total.length) : chunk;
      total = chunk.startsWith(total) ? chunk : total + chunk;
    } else total += chunk;
    if (delta) yield { type: 'text-delta', delta };
  }
}

async function* iterate(
  stream: ReadableStream<string> | AsyncIterable<string>,
): AsyncGenerator<string> {
  if (!('getReader' in stream)) {
    yield* stream;
    return;
  }
  const reader = stream.getReader();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (typeof value === 'string') yield value;
    }
    finished = true;
  } finally {
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

/** DOMExceptions of the Prompt API → ProviderErrors; aborts pass through untouched. */
function mapDomException(error: unknown): unknown {
  if (isAbortError(error) || error instanceof ProviderError || !(error instanceof Error))
    return error;
  const detail = `${error.name}: ${error.message}`;
  switch (error.name) {
    case 'NotAllowedError':
      // create() may start a download only after a user gesture in a page
      // (https://webmachinelearning.github.io/prompt-api/#dom-languagemodel-create).
      return apiError(identity, {
        code: 'provider-unavailable',
        what: 'the built-in model has to be downloaded first, and Chrome starts that only after a click.',
        advice: 'Open Parley’s settings and start the download of the built-in model there.',
        detail,
        retryable: false,
      });
    case 'QuotaExceededError':
      return apiError(identity, { code: 'context-too-long', detail });
    case 'NotSupportedError':
      return apiError(identity, {
        code: 'provider-unavailable',
        what: 'the built-in model cannot handle this request (language or input not supported).',
        advice: 'Write in English, Spanish or Japanese, or choose another provider.',
        detail,
        retryable: false,
      });
    case 'InvalidStateError':
    case 'OperationError':
    case 'UnknownError':
      return apiError(identity, { code: 'provider-unavailable', detail });
    default:
      // Not a network failure (there is no network here): say so instead of `network`.
      return apiError(identity, { code: 'unknown', what: 'the built-in model failed.', detail });
  }
}
