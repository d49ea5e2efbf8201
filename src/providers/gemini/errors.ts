// Gemini's error body (https://ai.google.dev/gemini-api/docs/troubleshooting): `{error: {code,
// message, status, details}}` with Google RPC statuses — INVALID_ARGUMENT (400; a bad key is 400 with
// an ErrorInfo `reason: API_KEY_INVALID`; a prompt over the context window says "The input token
// count (…) exceeds the maximum number of tokens allowed"), PERMISSION_DENIED (403),
// RESOURCE_EXHAUSTED (429, with a google.rpc.RetryInfo `retryDelay: "39s"` in `details`), INTERNAL
// (500), UNAVAILABLE (503). The streaming endpoint without alt=sse wraps it in an array; both are
// read. Inside an SSE stream the same `{error}` object can arrive as a `data:` event.
import type { ErrorCode } from '../../shared/errors';
import type { ProviderError } from '../types';
import type { ErrorMapper } from '../_shared/api-request';
import {
  apiError,
  codeForStatus,
  looksLikeContextTooLong,
  parseDurationMs,
  parseJsonSafe,
  parseRetryAfter,
  statusError,
  type ProviderIdentity,
} from '../_shared/errors';

interface GoogleError {
  code?: unknown;
  message?: unknown;
  status?: unknown;
  details?: { '@type'?: unknown; reason?: unknown; retryDelay?: unknown }[];
}

export function googleError(body: unknown): GoogleError | undefined {
  const root = Array.isArray(body) ? (body[0] as unknown) : body;
  const error = (root as { error?: unknown } | null | undefined)?.error;
  return typeof error === 'object' && error !== null ? (error as GoogleError) : undefined;
}

function codeFor(error: GoogleError | undefined, httpStatus: number | undefined): ErrorCode {
  const status = typeof error?.status === 'string' ? error.status : undefined;
  const message = typeof error?.message === 'string' ? error.message : undefined;
  const reasons = (error?.details ?? []).map((d) => d?.reason);
  if (
    reasons.includes('API_KEY_INVALID') ||
    status === 'UNAUTHENTICATED' ||
    status === 'PERMISSION_DENIED'
  ) {
    return 'auth-invalid';
  }
  if (status === 'RESOURCE_EXHAUSTED') return 'rate-limited';
  if (looksLikeContextTooLong(message)) return 'context-too-long';
  // 404 NOT_FOUND "models/x is not found for API version v1beta": the path names the model.
  if (status === 'NOT_FOUND' || httpStatus === 404) return 'model-not-found';
  if (status === 'UNAVAILABLE' || status === 'INTERNAL' || status === 'DEADLINE_EXCEEDED') {
    return 'provider-unavailable';
  }
  const code = httpStatus ?? (typeof error?.code === 'number' ? error.code : undefined);
  return code === undefined ? 'provider-unavailable' : codeForStatus(code);
}

function retryDelay(error: GoogleError | undefined): number | undefined {
  for (const detail of error?.details ?? []) {
    if (String(detail?.['@type']).endsWith('google.rpc.RetryInfo'))
      return parseDurationMs(detail.retryDelay);
  }
  return undefined;
}

export const responseError =
  (provider: ProviderIdentity): ErrorMapper =>
  (status, headers, text) => {
    const error = googleError(parseJsonSafe(text));
    return statusError(provider, {
      code: codeFor(error, status),
      status,
      detail: typeof error?.message === 'string' ? error.message : text,
      said: typeof error?.message === 'string' ? error.message : undefined,
      retryAfterMs: retryDelay(error) ?? parseRetryAfter(headers.get('retry-after')),
    });
  };

export function streamError(provider: ProviderIdentity, body: unknown): ProviderError {
  const error = googleError(body);
  const code = codeFor(error, undefined);
  const init: Parameters<typeof apiError>[1] = {
    code,
    what: 'the reply broke off with an error from the service.',
    detail: typeof error?.message === 'string' ? error.message : JSON.stringify(body),
  };
  if (typeof error?.message === 'string') init.said = error.message;
  const retryAfterMs = retryDelay(error);
  if (retryAfterMs !== undefined) init.retryAfterMs = retryAfterMs;
  return apiError(provider, init);
}
