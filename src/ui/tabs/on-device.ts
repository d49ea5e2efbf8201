// Chrome's built-in Summarizer and Translator (https://developer.chrome.com/docs/ai/summarizer-api,
// https://developer.chrome.com/docs/ai/translator-api): they exist in window contexts only, so the
// view calls them, never the worker. Feature-detected: where a browser has neither, nothing of
// this shows. The shapes below are the documented ones; tests inject a fake of them.

export type Availability = 'unavailable' | 'downloadable' | 'downloading' | 'available';

interface Destroyable {
  destroy(): void;
}

export interface SummarizerSession extends Destroyable {
  summarize(text: string, options?: { signal?: AbortSignal }): Promise<string>;
  readonly inputQuota?: number;
  measureInputUsage?(text: string, options?: { signal?: AbortSignal }): Promise<number>;
}

export interface SummarizerApi {
  availability(options?: object): Promise<Availability>;
  create(options?: {
    type?: 'key-points' | 'tldr' | 'teaser' | 'headline';
    format?: 'markdown' | 'plain-text';
    length?: 'short' | 'medium' | 'long';
    outputLanguage?: string;
    signal?: AbortSignal;
  }): Promise<SummarizerSession>;
}

export interface TranslatorSession extends Destroyable {
  translate(text: string, options?: { signal?: AbortSignal }): Promise<string>;
}

export interface TranslatorApi {
  availability(options: { sourceLanguage: string; targetLanguage: string }): Promise<Availability>;
  create(options: {
    sourceLanguage: string;
    targetLanguage: string;
    signal?: AbortSignal;
  }): Promise<TranslatorSession>;
}

export interface DeviceAI {
  summarizer?: SummarizerApi;
  translator?: TranslatorApi;
}

const hasApi = (value: unknown): boolean =>
  (typeof value === 'function' || typeof value === 'object') &&
  value !== null &&
  typeof (value as { availability?: unknown }).availability === 'function' &&
  typeof (value as { create?: unknown }).create === 'function';

/** The built-in APIs this window has (none in Firefox, nor in a Chromium without built-in AI). */
export function deviceAI(scope: object = globalThis): DeviceAI {
  const { Summarizer, Translator } = scope as { Summarizer?: unknown; Translator?: unknown };
  return {
    ...(hasApi(Summarizer) ? { summarizer: Summarizer as SummarizerApi } : {}),
    ...(hasApi(Translator) ? { translator: Translator as TranslatorApi } : {}),
  };
}

export class DeviceError extends Error {
  constructor(readonly reason: 'too-long' | 'unavailable') {
    super(reason);
    this.name = 'DeviceError';
  }
}

/** The page's key points as Markdown, on this device. Too long for the model: DeviceError. */
export async function summarizeOnDevice(
  api: SummarizerApi,
  text: string,
  outputLanguage: string,
  signal: AbortSignal,
): Promise<string> {
  if ((await api.availability()) === 'unavailable') throw new DeviceError('unavailable');
  const session = await api.create({
    type: 'key-points',
    format: 'markdown',
    length: 'long',
    outputLanguage,
    signal,
  });
  try {
    // Never cut silently: a page beyond the model's input quota is said to be too long.
    if (session.measureInputUsage && session.inputQuota !== undefined) {
      const usage = await session.measureInputUsage(text, { signal });
      if (usage > session.inputQuota) throw new DeviceError('too-long');
    }
    return await session.summarize(text, { signal });
  } finally {
    session.destroy();
  }
}

export async function translateOnDevice(
  api: TranslatorApi,
  text: string,
  languages: { sourceLanguage: string; targetLanguage: string },
  signal: AbortSignal,
): Promise<string> {
  if ((await api.availability(languages)) === 'unavailable') throw new DeviceError('unavailable');
  const session = await api.create({ ...languages, signal });
  try {
    return await session.translate(text, { signal });
  } finally {
    session.destroy();
  }
}

/** `en-US` → `en`: the translator's language codes are base languages. */
export const baseLanguage = (tag: string | undefined): string =>
  (tag ?? '').trim().toLowerCase().split(/[-_]/)[0] ?? '';
