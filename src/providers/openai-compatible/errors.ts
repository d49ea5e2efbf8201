// Error bodies of OpenAI-compatible services. OpenAI documents `{error: {message, type, param,
// code}}` (https://platform.openai.com/docs/guides/error-codes); OpenRouter `{error: {code: <http
// status>, message, metadata}}` (https://openrouter.ai/docs/api-reference/errors), where a 403 with
// `metadata.reasons` is a moderation block; llama.cpp `{error: {code, message, type}}`; some
// servers send `{error: "text"}`, `{message}` or `{detail}`. Mid-stream errors arrive as a `data:`
// event with an `error` field (OpenRouter: with `finish_reason: "error"`).
import type { ErrorCode } from '../../shared/errors';
import type { ProviderError } from '../types';
import type { ErrorMapper } from '../_shared/api-request';
import {
  apiError,
  codeForStatus,
  looksLikeContextTooLong,
  parseJsonSafe,
  parseRetryAfter,
  retryDelayInText,
  statusError,
  type ProviderIdentity,
} from '../_shared/errors';

interface ErrorFields {
  message: string | undefined;
  type: string | undefined;
  code: string | number | undefined;
  metadata: Record<string, unknown> | undefined;
}

/** Reads the provider's own words out of any of the shapes above. */
export function errorFields(body: unknown): ErrorFields {
  const root = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const error = root.error;
  if (typeof error === 'string') {
    return { message: error, type: undefined, code: undefined, metadata: undefined };
  }
  const e = (typeof error === 'object' && error !== null ? error : root) as Record<string, unknown>;
  const message =
    typeof e.message === 'string' ? e.message : typeof e.detail === 'string' ? e.detail : undefined;
  return {
    message,
    type: typeof e.type === 'string' ? e.type : undefined,
    code: typeof e.code === 'string' || typeof e.code === 'number' ? e.code : undefined,
    metadata:
      typeof e.metadata === 'object' && e.metadata !== null
        ? (e.metadata as Record<string, unknown>)
        : undefined,
  };
}

function isQuota(fields: ErrorFields): boolean {
  // OpenAI: 429 `insufficient_quota` ("You exceeded your current quota") — retrying will not help.
  return fields.type === 'insufficient_quota' || fields.code === 'insufficient_quota';
}

/** The error for a non-2xx answer, from its status, headers and body text. */
export const responseError =
  (provider: ProviderIdentity): ErrorMapper =>
  (status, headers, text) => {
    const fields = errorFields(parseJsonSafe(text));
    const detail = fields.message ?? text;
    let code: ErrorCode = codeForStatus(status);
    if (status === 429 && isQuota(fields)) code = 'quota-exceeded';
    else if (
      status >= 400 &&
      status < 500 &&
      (fields.code === 'context_length_exceeded' ||
        fields.type === 'exceed_context_size_error' ||
        looksLikeContextTooLong(fields.message))
    ) {
      code = 'context-too-long';
    } else if (status === 403 && fields.metadata && 'reasons' in fields.metadata) {
      code = 'content-filtered';
    } else if (status === 400 && fields.code === 'invalid_api_key') code = 'auth-invalid';
    else if (status === 404 && isModelNotFound(fields)) code = 'model-not-found';
    const retryAfterMs =
      parseRetryAfter(headers.get('retry-after')) ??
      msHeader(headers.get('retry-after-ms')) ??
      (code === 'rate-limited' ? retryDelayInText(fields.message) : undefined);
    return statusError(provider, { code, status, detail, said: fields.message, retryAfterMs });
  };

/**
 * OpenAI: 404 `{error: {code: "model_not_found", message: "The model `x` does not exist or you do
 * not have access to it."}}`; servers without the code (vLLM, LM Studio) say "model … not found" or
 * "… does not exist".
 */
function isModelNotFound(fields: ErrorFields): boolean {
  if (fields.code === 'model_not_found') return true;
  return (
    fields.message !== undefined && /model\b.*\b(not found|does not exist)/i.test(fields.message)
  );
}

function msHeader(value: string | null): number | undefined {
  const ms = Number(value);
  return value && Number.isFinite(ms) && ms >= 0 ? Math.round(ms) : undefined;
}

/** The error for an `{error}` event inside a 200 stream. */
export function streamError(provider: ProviderIdentity, body: unknown): ProviderError {
  const fields = errorFields(body);
  let code: ErrorCode = 'provider-unavailable';
  if (typeof fields.code === 'number' && fields.code >= 400) code = codeForStatus(fields.code);
  if (fields.code === 'rate_limit_exceeded') code = 'rate-limited';
  if (isQuota(fields)) code = 'quota-exceeded';
  if (fields.code === 'context_length_exceeded' || looksLikeContextTooLong(fields.message)) {
    code = 'context-too-long';
  }
  if (fields.code === 'content_filter') code = 'content-filtered';
  const init: Parameters<typeof apiError>[1] = {
    code,
    what: 'the reply broke off with an error from the service.',
  };
  const detail = fields.message ?? JSON.stringify(body);
  if (detail) init.detail = detail;
  if (fields.message) init.said = fields.message;
  const retryAfterMs = code === 'rate-limited' ? retryDelayInText(fields.message) : undefined;
  if (retryAfterMs !== undefined) init.retryAfterMs = retryAfterMs;
  return apiError(provider, init);
}
