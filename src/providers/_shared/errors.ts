// Turning HTTP and network failures into ProviderErrors with the design's codes. Every message
// names the provider and says what to do; the provider's own words go into `detail` (shown under
// "details"). Adapters override the mapping where their service documents something else.
import { ProviderError } from '../types';
import type { ErrorCode } from '../../shared/errors';

export interface ProviderIdentity {
  id: string;
  displayName: string;
}

const MAX_DETAIL = 2_000;

/** A generic code for an HTTP status (docs/design.md error codes). */
export function codeForStatus(status: number): ErrorCode {
  if (status === 401 || status === 403) return 'auth-invalid';
  if (status === 402) return 'quota-exceeded';
  if (status === 408) return 'timeout';
  if (status === 413) return 'context-too-long';
  if (status === 429) return 'rate-limited';
  if (status >= 500) return 'provider-unavailable';
  if (status === 404) return 'provider-unavailable';
  return 'bad-response';
}

const ADVICE: Record<ErrorCode, string> = {
  'auth-missing': 'Add an API key in the settings.',
  'auth-invalid': 'Check the API key or sign-in in the settings.',
  'config-missing': 'Complete the provider’s settings.',
  'model-not-found': 'Choose another model.',
  'permission-missing': 'Grant Parley access to this host, then try again.',
  'cookies-missing': 'Open the site in a tab, sign in or pass its check, then try again.',
  'rate-limited': 'Wait a moment, then try again.',
  'quota-exceeded': 'Check your plan or credit with the provider.',
  'context-too-long': 'Start a new chat or shorten the conversation.',
  'content-filtered': 'Rephrase the message.',
  network: 'Check the connection and the base URL in the settings.',
  timeout: 'Try again, or raise the timeout in the settings.',
  'provider-unavailable': 'The service may be down; try again later or choose another provider.',
  'bad-response':
    'The server did not answer as expected; check the base URL or choose another provider.',
  'input-unsupported':
    'Choose a provider that takes images (the picker marks them), or remove the image.',
  'storage-failed': 'Copy the text now; free disk space or restart the browser, then try again.',
  unknown: 'Try again or choose another provider.',
};

export function adviceFor(code: ErrorCode): string {
  return ADVICE[code];
}

/** Parses Retry-After (seconds or an HTTP date) into milliseconds. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function truncate(text: string): string {
  return text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL)}…` : text;
}

/** The error for a non-2xx response; reads (and so releases) the body. */
export async function httpError(
  provider: ProviderIdentity,
  response: Response,
  overrides: { code?: ErrorCode; message?: string } = {},
): Promise<ProviderError> {
  const body = await response.text().catch(() => '');
  const code = overrides.code ?? codeForStatus(response.status);
  const statusText = response.statusText ? ` ${response.statusText}` : '';
  const message =
    overrides.message ??
    `${provider.displayName}: the server answered HTTP ${response.status}${statusText}. ${adviceFor(code)}`;
  const init: ConstructorParameters<typeof ProviderError>[0] = {
    code,
    message,
    providerId: provider.id,
    status: response.status,
    detail: truncate(body),
  };
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
  if (retryAfterMs !== undefined) init.retryAfterMs = retryAfterMs;
  return new ProviderError(init);
}

/** An error with the provider's name and the advice for its code. */
export function providerError(
  provider: ProviderIdentity,
  code: ErrorCode,
  what: string,
  extra: {
    status?: number;
    detail?: string;
    said?: string;
    cause?: unknown;
    retryable?: boolean;
  } = {},
): ProviderError {
  return new ProviderError({
    code,
    message: `${provider.displayName}: ${what} ${adviceFor(code)}`,
    providerId: provider.id,
    ...extra,
  });
}

/** Words for what happened, per code: the first half of a ProviderError message. */
export function whatHappened(code: ErrorCode, status?: number): string {
  const http = status === undefined ? '' : ` (HTTP ${status})`;
  switch (code) {
    case 'auth-missing':
      return 'no API key is set.';
    case 'auth-invalid':
      return `the service rejected the API key or its permissions${http}.`;
    case 'rate-limited':
      return `the service is limiting requests${http}.`;
    case 'quota-exceeded':
      return `the account is out of quota or credit${http}.`;
    case 'context-too-long':
      return `the conversation is longer than the model accepts${http}.`;
    case 'content-filtered':
      return `the service's content filter blocked the request${http}.`;
    case 'model-not-found':
      return `the service does not know the model asked for${http}.`;
    case 'provider-unavailable':
      return status === 404
        ? 'the endpoint or model was not found (HTTP 404).'
        : `the service is unavailable or overloaded${http}.`;
    case 'timeout':
      return `the service took too long${http}.`;
    default:
      return `the server answered with an error${http}.`;
  }
}

/**
 * An error from a documented error body: the code the adapter chose, the service's own message as
 * `detail`, and a message that names the provider and says what to do.
 */
export function apiError(
  provider: ProviderIdentity,
  init: {
    code: ErrorCode;
    status?: number;
    /** The service's own words (its error message), shown under "details". */
    detail?: string;
    /** The service's own short error text, shown in the notice itself. */
    said?: string;
    retryAfterMs?: number;
    /** Overrides the generic "what happened" sentence. */
    what?: string;
    /** Overrides the generic advice for the code. */
    advice?: string;
    retryable?: boolean;
  },
): ProviderError {
  const what = init.what ?? whatHappened(init.code, init.status);
  const error: ConstructorParameters<typeof ProviderError>[0] = {
    code: init.code,
    message: `${provider.displayName}: ${what} ${init.advice ?? adviceFor(init.code)}`,
    providerId: provider.id,
  };
  if (init.status !== undefined) error.status = init.status;
  if (init.detail) error.detail = truncate(init.detail);
  if (init.said) error.said = init.said;
  if (init.retryAfterMs !== undefined) error.retryAfterMs = init.retryAfterMs;
  if (init.retryable !== undefined) error.retryable = init.retryable;
  return new ProviderError(error);
}

/** The API key, trimmed; an adapter that cannot send without one throws `auth-missing` here. */
export function requireKey(provider: ProviderIdentity, apiKey: string | undefined): string {
  const key = apiKey?.trim();
  if (!key) throw apiError(provider, { code: 'auth-missing' });
  return key;
}

/**
 * The error for a non-2xx answer, once the adapter has read its code and the service's words from
 * the body: the wait the service asked for (Retry-After and the like) is kept only where waiting
 * helps (`rate-limited`, `provider-unavailable`). Every API adapter's error mapping ends here.
 */
export function statusError(
  provider: ProviderIdentity,
  init: {
    code: ErrorCode;
    status: number;
    detail?: string | undefined;
    /** The service's own words, shown in the notice itself (issue 10). */
    said?: string | undefined;
    retryAfterMs?: number | undefined;
  },
): ProviderError {
  const { code, status, detail, said, retryAfterMs } = init;
  const waits =
    retryAfterMs !== undefined && (code === 'rate-limited' || code === 'provider-unavailable');
  return apiError(provider, {
    code,
    status,
    ...(detail ? { detail } : {}),
    ...(said ? { said } : {}),
    ...(waits ? { retryAfterMs } : {}),
  });
}

// Phrases the services use when the prompt does not fit the model's context window:
// OpenAI/vLLM/DeepSeek "This model's maximum context length is …", OpenAI code
// `context_length_exceeded`, llama.cpp `exceed_context_size_error` / "exceeds the available context
// size", Mistral "… too large for model with … maximum context length", Anthropic "prompt is too
// long", Gemini "The input token count (…) exceeds the maximum number of tokens allowed".
const CONTEXT_TOO_LONG =
  /context[ _-]?length|maximum context|context (size|window)|exceed_context_size|prompt is too long|input token count|exceeds the maximum number of tokens|too many tokens/i;

export function looksLikeContextTooLong(text: string | undefined): boolean {
  return text !== undefined && CONTEXT_TOO_LONG.test(text);
}

/** "39s", "1.5s", "250ms" (google.protobuf.Duration JSON, "try again in …" phrases) → ms. */
export function parseDurationMs(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*$/.exec(value);
  if (!match) return undefined;
  const amount = Number(match[1]);
  const unit = match[2] ?? 's';
  return Math.round(unit === 'ms' ? amount : unit === 'm' ? amount * 60_000 : amount * 1000);
}

/** "Please try again in 1.5s" / "in 820ms" / "in 2m3.5s" inside a provider's message → ms. */
export function retryDelayInText(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const match = /try again in\s+(?:(\d+)m(?!s))?\s*(\d+(?:\.\d+)?)?\s*(ms|s)?/i.exec(text);
  if (!match || (match[1] === undefined && match[2] === undefined)) return undefined;
  const minutes = Number(match[1] ?? 0) * 60_000;
  const rest = match[2] === undefined ? 0 : Number(match[2]) * (match[3] === 'ms' ? 1 : 1000);
  return Math.round(minutes + rest);
}

/** Parses a body that should be JSON; undefined when it is not. */
export function parseJsonSafe(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
