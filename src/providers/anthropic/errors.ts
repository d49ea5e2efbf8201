// Anthropic's error shape (https://docs.anthropic.com/en/api/errors): `{type: "error", error:
// {type, message}, request_id}`, with types authentication_error (401), permission_error (403),
// not_found_error (404), request_too_large (413), rate_limit_error (429, with a `retry-after`
// header), api_error (500), overloaded_error (529), invalid_request_error (400: among others
// "prompt is too long: N tokens > M maximum" and "Your credit balance is too low"). In a 200 stream
// the same object arrives as an `event: error` (e.g. overloaded_error).
import type { ErrorCode } from '../../shared/errors';
import type { ProviderError } from '../types';
import type { ErrorMapper } from '../_shared/api-request';
import {
  apiError,
  codeForStatus,
  looksLikeContextTooLong,
  parseJsonSafe,
  parseRetryAfter,
  statusError,
  type ProviderIdentity,
} from '../_shared/errors';

interface AnthropicErrorBody {
  error?: { type?: unknown; message?: unknown };
}

function fields(body: unknown): { type: string | undefined; message: string | undefined } {
  const error = (body as AnthropicErrorBody | null | undefined)?.error;
  return {
    type: typeof error?.type === 'string' ? error.type : undefined,
    message: typeof error?.message === 'string' ? error.message : undefined,
  };
}

function codeFor(
  type: string | undefined,
  message: string | undefined,
  status?: number,
): ErrorCode {
  switch (type) {
    case 'authentication_error':
    case 'permission_error':
      return 'auth-invalid';
    case 'rate_limit_error':
      return 'rate-limited';
    case 'overloaded_error':
    case 'api_error':
      return 'provider-unavailable';
    case 'billing_error':
      return 'quota-exceeded';
    case 'request_too_large':
      return 'context-too-long';
    case 'not_found_error':
      // 404 "model: claude-x" — the endpoint is fixed, so the model is what was not found.
      return 'model-not-found';
    case 'invalid_request_error':
      if (looksLikeContextTooLong(message)) return 'context-too-long';
      if (message && /credit balance/i.test(message)) return 'quota-exceeded';
  }
  return status === undefined ? 'provider-unavailable' : codeForStatus(status);
}

export const responseError =
  (provider: ProviderIdentity): ErrorMapper =>
  (status, headers, text) => {
    const { type, message } = fields(parseJsonSafe(text));
    return statusError(provider, {
      code: codeFor(type, message, status),
      status,
      detail: message ?? text,
      said: message,
      retryAfterMs: parseRetryAfter(headers.get('retry-after')),
    });
  };

export function streamError(provider: ProviderIdentity, data: unknown): ProviderError {
  const { type, message } = fields(data);
  return apiError(provider, {
    code: codeFor(type, message),
    what: 'the reply broke off with an error from the service.',
    detail: message ?? JSON.stringify(data),
    ...(message ? { said: message } : {}),
  });
}
