// The seam between the streaming engine (jobs.ts) and the provider adapters. It resolves a
// provider's effective settings on every run (so a change applies to the next request without a
// reload), checks what must hold before anything is sent (a known provider, host permission for
// its base URL, an API key where one is needed), installs the header rules, and runs the adapter.
// `auto` is the fallback chain of the spec, section 6 (docs/providers/legacy-providers.md):
// providers are tried in order until one starts its text; the reply never switches mid-way.
import {
  ProviderError,
  type ChatEvent,
  type ChatMessage,
  type ChatRequest,
  type ProviderAdapter,
  type ProviderContext,
} from '../providers/types';
import type { ErrorCode } from '../shared/errors';
import { effectiveBaseUrl } from '../shared/base-url';
import { AUTO_PROVIDER_ID } from '../shared/records';
import {
  acceptsInput,
  isUsable,
  missingSetup,
  providerState,
  type InputNeeds,
} from '../shared/provider-state';
import { hasImage } from '../shared/content-parts';
import { providerSettings, type ProviderSettings, type Settings } from '../shared/settings';

export interface RunRequest {
  /** A registry id, or 'auto' for the fallback chain. */
  providerId: string;
  messages: ChatMessage[];
  signal: AbortSignal;
  /** Overrides the model from settings (adapters with fixed models ignore it). */
  model?: string;
}

export type RunEvent =
  ChatEvent | { type: 'provider-start'; providerId: string; displayName: string };

export interface ProviderRunner {
  /**
   * The provider's events, each provider's preceded by `provider-start`. Failures are thrown as
   * ProviderError; the caller's abort is rethrown as it came (an AbortError).
   */
  run(request: RunRequest): AsyncIterable<RunEvent>;
}

export interface RunnerDeps {
  providers: readonly ProviderAdapter[];
  readSettings(): Promise<Settings>;
  /** fetch with the browser's cookies, cookies.has, log. */
  context: ProviderContext;
  installHeaderRules(adapter: ProviderAdapter, baseUrl: URL): Promise<void>;
  /** Whether the extension may reach `origin`, any port (Platform.hasHostPermission). */
  hasHostPermission(origin: string): Promise<boolean>;
  /** For the shuffle; injectable. */
  random?: () => number;
}

/** Whether Auto may use a provider: the shared state rule the pickers and options page show too. */
export function enabledForAuto(adapter: ProviderAdapter, settings: ProviderSettings): boolean {
  return isUsable(providerState(adapter, settings));
}

/**
 * Auto's order: settings.auto.order first, then the rest in registry order; disabled ones out, and
 * those that cannot take the message (`needs`: an image for a text-only provider).
 */
export function autoOrder(
  providers: readonly ProviderAdapter[],
  settings: Settings,
  random?: () => number,
  needs?: InputNeeds,
): ProviderAdapter[] {
  const byId = new Map(providers.map((p) => [p.id, p]));
  const ids = [...new Set([...settings.auto.order, ...providers.map((p) => p.id)])];
  const chain = ids
    .map((id) => byId.get(id))
    .filter((p): p is ProviderAdapter => p !== undefined)
    .filter((p) => enabledForAuto(p, providerSettings(settings, p.id)))
    .filter((p) => acceptsInput(p, needs));
  if (settings.auto.shuffle) shuffle(chain, random ?? Math.random);
  return chain;
}

/** Fisher–Yates, in place. */
function shuffle<T>(items: T[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}

const isAbort = (signal: AbortSignal) => signal.aborted;

/** What the message being answered (the last user message) asks of a provider. */
export function inputNeeds(messages: readonly ChatMessage[]): InputNeeds {
  const last = messages.findLast((message) => message.role === 'user');
  return { images: hasImage(last?.parts) };
}

/** A message with an image for a provider that takes none: refused before anything is sent. */
function inputUnsupported(adapter: ProviderAdapter): ProviderError {
  return new ProviderError({
    code: 'input-unsupported',
    message: `${adapter.displayName} takes no images. Choose a provider that takes images (Auto picks one), or remove the image.`,
    providerId: adapter.id,
    retryable: false,
  });
}

/** The language the views show: the chosen one, else the browser's. */
function uiLanguage(settings: Settings): string {
  if (settings.ui.language !== 'system') return settings.ui.language;
  return globalThis.chrome?.i18n?.getUILanguage?.() ?? globalThis.navigator?.language ?? 'en';
}

/**
 * A reply the service ended for safety (Gemini `SAFETY`, OpenAI `content_filter`, Anthropic
 * `refusal`: the adapters' `content-filter` finish) is no ordinary finished reply: it ends as a
 * `content-filtered` error, so the view shows its notice under whatever text arrived (the engine
 * keeps the text of a reply that ends in an error).
 */
async function* filteredAsError(
  adapter: ProviderAdapter,
  events: AsyncIterable<ChatEvent>,
): AsyncGenerator<ChatEvent> {
  for await (const event of events) {
    if (event.type === 'finish' && event.reason === 'content-filter') {
      // Worded like the adapters' errors (providers/_shared/errors.ts), which background may not import.
      throw new ProviderError({
        code: 'content-filtered',
        message: `${adapter.displayName}: the service's content filter stopped the reply${event.raw ? ` (${event.raw})` : ''}. Rephrase the message.`,
        providerId: adapter.id,
        ...(event.raw ? { detail: `finish reason: ${event.raw}` } : {}),
        retryable: false,
      });
    }
    yield event;
  }
}

/** Anything an adapter throws, as a ProviderError (a bug in an adapter still names it). */
function asProviderError(adapter: ProviderAdapter, error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new ProviderError({
    code: 'unknown',
    message: `${adapter.displayName}: something unexpected went wrong (${detail}). Try again or choose another provider.`,
    providerId: adapter.id,
    detail,
    cause: error,
  });
}

/** What a provider sends with once its settings passed the checks. */
export interface Preflight {
  baseUrl: string;
  apiKey: string | undefined;
  /** Runs in the browser: nothing goes over the network, so no URL, permission or header rules. */
  local: boolean;
}

/**
 * Everything that must hold before anything is sent to a provider, for a chat and for a model list
 * alike: what its settings still lack (the shared state rule: a base URL, a key), an http(s) base
 * URL, and host permission for it.
 */
export async function preflight(
  adapter: ProviderAdapter,
  own: ProviderSettings,
  hasHostPermission: (origin: string) => Promise<boolean>,
): Promise<Preflight> {
  const missing = missingSetup(adapter, own);
  if (missing === 'needs-base-url') {
    throw new ProviderError({
      code: 'config-missing',
      message: `${adapter.displayName}: no base URL is set. Enter the server’s base URL in the settings.`,
      providerId: adapter.id,
      retryable: false,
    });
  }
  if (missing === 'needs-key') {
    throw new ProviderError({
      code: 'auth-missing',
      message: `${adapter.displayName} needs an API key. Add one in the settings.`,
      providerId: adapter.id,
    });
  }
  const base = effectiveBaseUrl(adapter, own);
  const apiKey = own.apiKey?.trim() || undefined;
  // A provider that runs in the browser (Chrome's built-in model) has no base URL and sends
  // nothing over the network: no permission to check, no header rules.
  const local = base === '' && adapter.info?.runs === 'browser';
  if (local) return { baseUrl: base, apiKey, local };
  let url: URL;
  try {
    if (base === '') throw new TypeError('empty');
    url = new URL(base);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TypeError(url.protocol);
  } catch {
    throw new ProviderError({
      code: 'config-missing',
      message:
        base === ''
          ? `${adapter.displayName}: no base URL is set. Enter the server’s base URL in the settings.`
          : `${adapter.displayName}: the base URL “${base}” is not an http(s) address. Correct it in the settings.`,
      providerId: adapter.id,
      retryable: false,
    });
  }
  if (!(await hasHostPermission(url.origin))) {
    throw new ProviderError({
      code: 'permission-missing',
      message: `${adapter.displayName}: Parley may not connect to ${url.origin}. Grant access to ${url.origin} in the settings, then try again.`,
      providerId: adapter.id,
      detail: url.origin,
    });
  }
  return { baseUrl: base, apiKey, local };
}

export function createProviderRunner(deps: RunnerDeps): ProviderRunner {
  const byId = new Map(deps.providers.map((p) => [p.id, p]));

  /** Everything that must hold before a request is sent; returns the adapter's request. */
  async function prepare(
    adapter: ProviderAdapter,
    settings: Settings,
    request: RunRequest,
  ): Promise<ChatRequest> {
    if (!acceptsInput(adapter, inputNeeds(request.messages))) throw inputUnsupported(adapter);
    const own = providerSettings(settings, adapter.id);
    const { baseUrl: base, apiKey, local } = await preflight(adapter, own, deps.hasHostPermission);
    try {
      if (!local) await deps.installHeaderRules(adapter, new URL(base));
    } catch (error) {
      throw new ProviderError({
        code: 'unknown',
        message: `${adapter.displayName}: could not prepare the request headers. Try again; if it keeps failing, reload the extension.`,
        providerId: adapter.id,
        detail: String(error),
        cause: error,
      });
    }
    const chat: ChatRequest = {
      messages: request.messages,
      signal: request.signal,
      baseUrl: base,
    };
    const model = request.model ?? own.model;
    if (model !== undefined) chat.model = model;
    if (own.temperature !== undefined) chat.temperature = own.temperature;
    if (own.systemPrompt !== undefined && own.systemPrompt.trim() !== '') {
      chat.system = own.systemPrompt;
    }
    if (apiKey) chat.apiKey = apiKey;
    if (own.timeoutMs !== undefined && own.timeoutMs > 0) chat.timeoutMs = own.timeoutMs;
    chat.language = uiLanguage(settings);
    return chat;
  }

  const start = (adapter: ProviderAdapter): RunEvent => ({
    type: 'provider-start',
    providerId: adapter.id,
    displayName: adapter.displayName,
  });

  /** One provider, events passed straight through. */
  async function* runOne(adapter: ProviderAdapter, settings: Settings, request: RunRequest) {
    yield start(adapter);
    try {
      const chat = await prepare(adapter, settings, request);
      yield* filteredAsError(adapter, adapter.streamChat(chat, deps.context));
    } catch (error) {
      if (isAbort(request.signal)) throw error;
      throw asProviderError(adapter, error);
    }
  }

  /**
   * One provider inside Auto. Its events are held back until its first text, so a provider that
   * fails before that leaves nothing behind (its `provider-start` aside) and the next one takes
   * over; after the first text, events flow and an error ends the reply.
   */
  async function* attempt(
    adapter: ProviderAdapter,
    settings: Settings,
    request: RunRequest,
    failed: (error: ProviderError) => void,
  ): AsyncGenerator<RunEvent, boolean> {
    yield start(adapter);
    const held: ChatEvent[] = [];
    let started = false;
    try {
      const chat = await prepare(adapter, settings, request);
      for await (const event of filteredAsError(adapter, adapter.streamChat(chat, deps.context))) {
        if (!started && event.type === 'text-delta' && event.delta !== '') {
          started = true;
          yield* held;
          held.length = 0;
        }
        // Download progress is no text and says something is happening: it never waits.
        if (started || event.type === 'download-progress') yield event;
        else held.push(event);
      }
    } catch (error) {
      if (isAbort(request.signal)) throw error;
      const failure = asProviderError(adapter, error);
      if (started) throw failure; // no switching mid-reply
      failed(failure);
      return false;
    }
    if (!started) {
      // Ended with no text at all: a failure, and the next provider takes over (spec section 6).
      failed(
        new ProviderError({
          code: 'bad-response',
          message: `${adapter.displayName}: the answer was empty. Try again or choose another provider.`,
          providerId: adapter.id,
        }),
      );
      return false;
    }
    return true;
  }

  async function* runAuto(settings: Settings, request: RunRequest): AsyncGenerator<RunEvent> {
    const needs = inputNeeds(request.messages);
    const chain = autoOrder(deps.providers, settings, deps.random, needs);
    if (chain.length === 0 && needs.images) {
      const skipped = autoOrder(deps.providers, settings, deps.random).map((p) => p.displayName);
      throw new ProviderError({
        code: 'input-unsupported',
        message:
          skipped.length > 0
            ? `Auto has no provider that takes images: ${skipped.join(', ')} take${skipped.length === 1 ? 's' : ''} text only. Set up a provider that takes images (OpenAI, Anthropic, Gemini, Ollama with a vision model) in the settings, or remove the image.`
            : 'Auto has no provider that takes images: every provider is switched off. Set up a provider that takes images (OpenAI, Anthropic, Gemini, Ollama with a vision model) in the settings, or remove the image.',
        providerId: AUTO_PROVIDER_ID,
        retryable: false,
      });
    }
    if (chain.length === 0) {
      throw new ProviderError({
        code: 'provider-unavailable',
        message:
          'Auto has no provider to try: every provider is switched off. Switch one on in the settings.',
        providerId: AUTO_PROVIDER_ID,
        retryable: false,
      });
    }
    const failures: Array<{ adapter: ProviderAdapter; error: ProviderError }> = [];
    for (const adapter of chain) {
      request.signal.throwIfAborted();
      const answered = yield* attempt(adapter, settings, request, (error) =>
        failures.push({ adapter, error }),
      );
      if (answered) return;
      deps.context.log(`auto: ${adapter.id} failed, trying the next provider`);
    }
    throw allFailed(failures);
  }

  return {
    async *run(request) {
      const settings = await deps.readSettings();
      if (request.providerId === AUTO_PROVIDER_ID) {
        yield* runAuto(settings, request);
        return;
      }
      const adapter = byId.get(request.providerId);
      if (!adapter) {
        throw new ProviderError({
          code: 'unknown',
          message: `There is no provider “${request.providerId}”. Choose another provider in the settings.`,
          providerId: request.providerId,
          retryable: false,
        });
      }
      request.signal.throwIfAborted();
      yield* runOne(adapter, settings, request);
    },
  };
}

/**
 * One error for a chain where every provider failed: `All providers failed:` then one
 * `<Name>: <message>` line per provider tried (spec section 6). The code is the one they share,
 * else `provider-unavailable`.
 */
export function allFailed(
  failures: ReadonlyArray<{ adapter: { displayName: string }; error: ProviderError }>,
): ProviderError {
  const codes = new Set<ErrorCode>(failures.map((f) => f.error.code));
  const code: ErrorCode = codes.size === 1 ? [...codes][0]! : 'provider-unavailable';
  const line = ({ adapter, error }: (typeof failures)[number]) => {
    // Messages already start with the name ("Aichat: …", "Aichat needs …"); say it once.
    const name = adapter.displayName;
    const text = error.message.startsWith(`${name}: `)
      ? error.message.slice(name.length + 2)
      : error.message.startsWith(`${name} `)
        ? error.message.slice(name.length + 1)
        : error.message;
    return `${adapter.displayName}: ${text.replace(/\s+/g, ' ').trim()}`;
  };
  const details = failures
    .filter((f) => f.error.detail)
    .map((f) => `${f.adapter.displayName}: ${f.error.detail}`);
  // One provider tried: its own error, named by it (never "auto"), so its fix applies as it is.
  const only = failures.length === 1 ? failures[0]!.error : undefined;
  return new ProviderError({
    code,
    message: ['All providers failed:', ...failures.map(line)].join('\n'),
    providerId: only?.providerId ?? AUTO_PROVIDER_ID,
    retryable: failures.some((f) => f.error.retryable),
    ...(details.length > 0 ? { detail: details.join('\n\n').slice(0, 4_000) } : {}),
    ...(only?.said !== undefined ? { said: only.said } : {}),
    ...(only?.status !== undefined ? { status: only.status } : {}),
  });
}
