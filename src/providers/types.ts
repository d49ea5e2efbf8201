// The provider contract (docs/design.md, "The provider contract"). One folder per provider
// implements ProviderAdapter; registry.ts lists them. Adapters know nothing of the UI or of the
// background: fetch, the cookie check and logging are injected through ProviderContext so tests can
// replay.
import type { ErrorCode } from '../shared/errors';
import type { ContentPart } from '../shared/content-parts';
import type { InputCapabilities } from '../shared/image-cost';

export type { ContentPart, DocumentPart, ImagePart } from '../shared/content-parts';
export type { ImageLimits, InputCapabilities } from '../shared/image-cost';

export type Role = 'system' | 'user' | 'assistant';

/**
 * One turn. A plain-text message is just `content` (the seed providers and every text-only path
 * read nothing else). A user message with attachments also has `parts`, the whole message in
 * order (documents, images, then the typed text); its `content` is then `partsText(parts)`, the
 * text a text-only adapter sends (documents as text blocks, images left out). Build one with
 * `userMessage` (src/shared/content-parts.ts) so the two never disagree.
 */
export interface ChatMessage {
  role: Role;
  content: string;
  /** Only on user messages with attachments; adapters that take images build from it. */
  parts?: ContentPart[];
}

export interface ChatRequest {
  /** The whole conversation, oldest first, ending with the new user message. */
  messages: ChatMessage[];
  model?: string;
  temperature?: number;
  /** A system prompt from settings; adapters with `systemPrompt: false` fold it into messages. */
  system?: string;
  /** Required: the owner of the reply's lifetime (the background job) aborts it. */
  signal: AbortSignal;
  /** The effective base URL, no trailing slash (settings override or the adapter's default). */
  baseUrl: string;
  apiKey?: string;
  /** Whole-reply timeout in ms, where the adapter has one; the adapter's default otherwise. */
  timeoutMs?: number;
  /**
   * The language the user reads Parley in (BCP 47: `en`, `ru`, `pt-BR`), for adapters that must
   * declare the language they answer in (Chrome's built-in model).
   */
  language?: string;
}

export interface ProviderContext {
  fetch: typeof fetch;
  cookies: {
    /** True when the browser holds at least one cookie for the URL's host. */
    has(url: string): Promise<boolean>;
  };
  log: (message: string, detail?: unknown) => void;
}

export interface Usage {
  inputTokens?: number;
  outputTokens?: number;
  totalTokens?: number;
  reasoningTokens?: number;
}

export type FinishReason = 'stop' | 'length' | 'content-filter' | 'ended-without-marker' | 'other';

/** Typed stream parts, noun-verb names; deltas only, never the cumulative text. */
export type ChatEvent =
  | { type: 'stream-start'; model?: string }
  | { type: 'text-delta'; delta: string }
  | { type: 'reasoning-delta'; delta: string }
  | { type: 'usage'; usage: Usage }
  /**
   * A model the reply needs is being downloaded first (Chrome's built-in model): `loaded` is the
   * fraction done, 0 to 1. Zero or more before the first delta; views show it as progress, never
   * as text. See docs/decisions/provider-contract-additions.md.
   */
  | { type: 'download-progress'; loaded: number }
  | { type: 'finish'; reason: FinishReason; raw?: string };

export interface ModelInfo {
  id: string;
  name?: string;
}

/**
 * A header the browser will not let fetch() set (Origin, Referer, User-Agent); installed as a
 * declarativeNetRequest session rule scoped to the extension's own requests (docs/design.md, "Headers
 * and cookies").
 */
export type HeaderRule =
  { header: string; operation: 'set'; value: string } | { header: string; operation: 'remove' };

export interface ProviderCapabilities {
  auth: 'none' | 'api-key' | 'browser-cookies';
  /** 'whole' adapters yield exactly one text-delta. */
  streaming: 'incremental' | 'whole';
  history: 'full' | 'flattened' | 'last-message';
  systemPrompt: boolean;
  models: 'fixed' | 'static' | 'listable';
  /**
   * What a user message may carry besides text, and the image limits (src/shared/image-cost.ts).
   * The runner refuses a message with an image for a provider whose `images` is false, and Auto
   * skips it (src/shared/provider-state.ts, `acceptsInput`).
   */
  input: InputCapabilities;
}

export interface ProviderStatus {
  working: boolean;
  /** ISO date of the last check, e.g. the day the service went offline. */
  checked: string;
  note: string;
}

/**
 * What a provider needs and where to read about it, for the setup card and the options page
 * (views get it from the background as part of shared/protocol's ProviderInfo, the registry entry
 * without its functions; they never import provider code).
 */
export interface ProviderNeeds {
  /** Where the model runs: a hosted API, a server the user runs (this machine or the LAN), the browser. */
  runs: 'hosted' | 'local-server' | 'browser';
  /** 'required': nothing is sent without one; 'optional': sent only when set; 'none': never used. */
  apiKey: 'required' | 'optional' | 'none';
  /** The default base URL is only a placeholder: the user must enter one (a custom endpoint). */
  baseUrlRequired?: boolean;
  /** The service's API reference. */
  docsUrl?: string;
  /** Where to create an API key. */
  keysUrl?: string;
}

export interface ProviderAdapter {
  /** kebab-case, equals its folder name, persisted in settings. */
  readonly id: string;
  readonly displayName: string;
  readonly defaultBaseUrl: string;
  readonly capabilities: ProviderCapabilities;
  readonly status?: ProviderStatus;
  readonly info?: ProviderNeeds;
  /**
   * Set on presets: the folder whose adapter this entry configures (e.g. `openai` is a preset of
   * `openai-compatible`). Entries without it are implemented by the folder named like their id.
   * See docs/decisions/openai-compatible-presets.md.
   */
  readonly presetOf?: string;
  /** Models offered when `capabilities.models` is 'fixed' or 'static'. */
  readonly models?: readonly ModelInfo[];
  requestHeaderRules?(baseUrl: URL): HeaderRule[];
  streamChat(request: ChatRequest, context: ProviderContext): AsyncIterable<ChatEvent>;
  /**
   * The models the service offers. `target` carries the effective base URL and key (from settings);
   * without it the adapter uses its default base URL and no key.
   */
  listModels?(
    context: ProviderContext,
    signal: AbortSignal,
    target?: ModelListTarget,
  ): Promise<ModelInfo[]>;
  /**
   * Is this provider's server running at `baseUrl` (the effective one, from settings)? Quick and
   * never throws; `signal` carries the caller's deadline. First-run detection
   * (background/setup.ts) probes every registry entry that has it, header rules installed first,
   * so a new local server is found with nothing but its folder and its registry line.
   */
  detect?(context: ProviderContext, signal: AbortSignal, baseUrl: string): Promise<Detection>;
  /**
   * Providers that run in the browser (`info.runs: 'browser'`): whether the model is there. Quick,
   * never throws. First-run setup asks the first entry that has it.
   */
  availability?(): Promise<ModelAvailability>;
}

/** What a quick probe found at a base URL (the first-run card offers what is running). */
export type Detection =
  /** Something answered like the server we looked for. */
  | { state: 'running'; version?: string; models?: ModelInfo[] }
  /** A server answered but refused us (401/403: a key is needed, or Ollama's origin check). */
  | { state: 'refused'; status: number }
  /** Nothing there, nothing that speaks the protocol, or no answer in time. */
  | { state: 'absent' };

/** A model that runs in the browser: can it answer now, after a download, or not at all? */
export type ModelAvailability = 'unavailable' | 'downloadable' | 'downloading' | 'available';

/** Where to list models: the same base URL and key a chat request would use. */
export interface ModelListTarget {
  baseUrl?: string;
  apiKey?: string;
}

/** Thrown by adapters; the background's stream runner turns it into a wire error. */
export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly providerId: string;
  readonly status: number | undefined;
  readonly detail: string | undefined;
  /** The service's own short error text, shown in the notice itself. */
  readonly said: string | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(init: {
    code: ErrorCode;
    message: string;
    providerId: string;
    retryable?: boolean;
    status?: number;
    detail?: string;
    said?: string;
    retryAfterMs?: number;
    cause?: unknown;
  }) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code;
    this.providerId = init.providerId;
    this.retryable = init.retryable ?? defaultRetryable(init.code);
    this.status = init.status;
    this.detail = init.detail;
    this.said = init.said?.trim().slice(0, 500) || undefined;
    this.retryAfterMs = init.retryAfterMs;
  }
}

function defaultRetryable(code: ErrorCode): boolean {
  return (
    code === 'network' ||
    code === 'timeout' ||
    code === 'rate-limited' ||
    code === 'provider-unavailable'
  );
}
