// Ollama answers errors as `{error: "text"}` with an HTTP status
// (https://github.com/ollama/ollama/blob/main/docs/api.md#errors), and inside a 200 stream as an
// `{error}` line. Its CORS check answers an empty 403 to an origin it does not trust
// (https://github.com/ollama/ollama/blob/main/docs/faq.md#how-can-i-allow-additional-web-origins-to-access-ollama);
// the background's header rule (requestHeaderRules) rewrites the extension's Origin to prevent it.
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

export function ollamaMessage(body: unknown): string | undefined {
  const error = (body as { error?: unknown } | null | undefined)?.error;
  return typeof error === 'string' ? error : undefined;
}

/** The documented mapping of a non-2xx answer; `model` names the model a 404 did not find. */
export const responseError =
  (provider: ProviderIdentity, model?: string): ErrorMapper =>
  (status, headers, text) => {
    const message = ollamaMessage(parseJsonSafe(text));
    const detail = message ?? text;
    if (status === 403 && !text.trim()) {
      return apiError(provider, {
        code: 'auth-invalid',
        status,
        what: 'the server refused the extension’s origin (HTTP 403).',
        advice:
          'Reload Parley so its header rule for Ollama applies, or start Ollama with OLLAMA_ORIGINS=chrome-extension://*.',
      });
    }
    // Ollama: 404 `{"error": "model \"x\" not found, try pulling it first"}`.
    if (status === 404 && message && /model\b.*not found/i.test(message)) {
      const name = model ? `“${model}” ` : '';
      return apiError(provider, {
        code: 'model-not-found',
        status,
        detail,
        said: message,
        what: `the model ${name}is not installed (HTTP 404).`,
        advice: model
          ? `Run “ollama pull ${model}”, or choose an installed model.`
          : 'Choose an installed model.',
        retryable: false,
      });
    }
    let code: ErrorCode = codeForStatus(status);
    if (status >= 400 && status < 500 && looksLikeContextTooLong(message))
      code = 'context-too-long';
    return statusError(provider, {
      code,
      status,
      detail,
      said: message,
      retryAfterMs: parseRetryAfter(headers.get('retry-after')),
    });
  };

export function streamError(provider: ProviderIdentity, message: string): ProviderError {
  return apiError(provider, {
    code: looksLikeContextTooLong(message) ? 'context-too-long' : 'provider-unavailable',
    what: 'the reply broke off with an error from the server.',
    detail: message,
  });
}
