// The slice of Chrome's Prompt API the adapter uses (https://developer.chrome.com/docs/ai/prompt-api,
// spec: https://webmachinelearning.github.io/prompt-api/). Typed here because TypeScript's DOM
// library does not have it yet; the shapes follow the spec's IDL.

import type { ModelAvailability } from '../types';

export type Availability = ModelAvailability;

export interface LanguageModelPrompt {
  role: 'system' | 'user' | 'assistant';
  /** Text, or (multimodal input) a list of typed values: text, or an image as a Blob. */
  content: string | LanguageModelContent[];
}

/** https://developer.mozilla.org/en-US/docs/Web/API/Prompt_API/Multimodal, "Providing multimodal input data". */
export type LanguageModelContent = { type: 'text'; value: string } | { type: 'image'; value: Blob };

export interface CreateMonitor {
  addEventListener(
    type: 'downloadprogress',
    listener: (event: Event & { loaded: number; total?: number }) => void,
  ): void;
}

/** What a session will read and write, with languages as BCP 47 tags. */
export interface LanguageModelExpected {
  /** `image` declares image input (multimodal prompts); it takes no languages. */
  type: 'text' | 'image';
  languages?: string[];
}

export interface LanguageModelOptions {
  expectedInputs?: LanguageModelExpected[];
  /** Declaring the output language is required: without it Chrome warns and may answer badly. */
  expectedOutputs?: LanguageModelExpected[];
}

export interface LanguageModelCreateOptions extends LanguageModelOptions {
  initialPrompts?: LanguageModelPrompt[];
  signal?: AbortSignal;
  monitor?: (monitor: CreateMonitor) => void;
}

export interface LanguageModelSession {
  /** Chrome ≥ 129 streams deltas; earlier versions streamed the whole text so far each time. */
  promptStreaming(
    input: string | LanguageModelPrompt[],
    options?: { signal?: AbortSignal },
  ): ReadableStream<string> | AsyncIterable<string>;
  destroy(): void;
  /**
   * Tokens in the session's context so far, and how many it holds
   * (https://developer.mozilla.org/en-US/docs/Web/API/LanguageModel/contextUsage).
   */
  readonly contextUsage?: number;
  readonly contextWindow?: number;
  /** The same, under the names being retired (Chrome 138–): read only when the new ones are absent. */
  readonly inputUsage?: number;
  readonly inputQuota?: number;
  /** Before Chrome 138. */
  readonly tokensSoFar?: number;
}

export interface LanguageModelApi {
  availability(options?: LanguageModelOptions): Promise<string>;
  create(options?: LanguageModelCreateOptions): Promise<LanguageModelSession>;
}

/** The `LanguageModel` global where the browser has it (extension pages and workers), else undefined. */
export function findLanguageModel(scope: object = globalThis): LanguageModelApi | undefined {
  const candidate = (scope as { LanguageModel?: unknown }).LanguageModel;
  if (
    (typeof candidate === 'function' || typeof candidate === 'object') &&
    candidate !== null &&
    typeof (candidate as LanguageModelApi).availability === 'function' &&
    typeof (candidate as LanguageModelApi).create === 'function'
  ) {
    return candidate as LanguageModelApi;
  }
  return undefined;
}

/** Current values, and the ones of the 2024 origin trial ("readily", "after-download", "no"). */
export function normalizeAvailability(value: unknown): Availability {
  switch (value) {
    case 'available':
    case 'readily':
      return 'available';
    case 'downloadable':
    case 'after-download':
      return 'downloadable';
    case 'downloading':
      return 'downloading';
    default:
      return 'unavailable';
  }
}
