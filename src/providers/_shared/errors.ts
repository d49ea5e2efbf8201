// Turning HTTP and network failures into ProviderErrors with the design's codes. Every message names
// the provider and says what to do; the provider's own words go into `detail` (shown under
// "details"). Adapters override the mapping where their service documents something else.
import { ProviderError } from '../types';
import type { ErrorCode } from '../../shared/errors';

export interface ProviderIdentity {
  id: string;
  displayName: string;
}

const MAX_DETAIL = 2_000;

/** A generic code for an HTTP status (design.md error codes). */
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
  extra: { status?: number; detail?: string; cause?: unknown; retryable?: boolean } = {},
): ProviderError {
  return new ProviderError({
    code,
    message: `${provider.displayName}: ${what} ${adviceFor(code)}`,
    providerId: provider.id,
    ...extra,
  });
}
