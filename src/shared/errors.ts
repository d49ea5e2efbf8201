// Errors cross contexts as data (docs/design.md, "The provider contract"). The UI switches on
// `code`, never on provider ids or message text.

export const ERROR_CODES = [
  'auth-missing',
  'auth-invalid',
  /** A setting the provider cannot work without is missing or wrong (its base URL). */
  'config-missing',
  /** The service does not know the model asked for. */
  'model-not-found',
  'permission-missing',
  'cookies-missing',
  'rate-limited',
  'quota-exceeded',
  'context-too-long',
  'content-filtered',
  'network',
  'timeout',
  'provider-unavailable',
  'bad-response',
  /** The message carries what the provider cannot take (an image for a text-only provider). */
  'input-unsupported',
  /** Parley's own storage failed (full disk, a broken database): the reply could not be kept. */
  'storage-failed',
  'unknown',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** A JSON-safe error, as it travels on the wire and is stored on a message. */
export interface WireError {
  code: ErrorCode;
  /** Human-readable, names the provider and says what to do. */
  message: string;
  retryable: boolean;
  providerId?: string;
  /** HTTP status, where there was one. */
  status?: number;
  /** The provider's own detail (error body, etc.), shown under "details". */
  detail?: string;
  /** The service's own short error text (an API's error.message, an `error` event), shown in the notice. */
  said?: string;
  /** Milliseconds to wait before retrying, when the provider said so. */
  retryAfterMs?: number;
}

/** Parley's own storage failed (`storage-failed`): what happened, and the cause as the detail. */
export function storageFailed(message: string, cause: unknown, providerId?: string): WireError {
  const detail = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
  const wire: WireError = { code: 'storage-failed', message, retryable: false, detail };
  if (providerId !== undefined) wire.providerId = providerId;
  return wire;
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** Turns anything thrown into a WireError; keeps a WireError-shaped value as it is. */
export function toWireError(error: unknown, providerId?: string): WireError {
  if (isWireErrorLike(error)) {
    const wire: WireError = {
      code: error.code,
      message: error.message,
      retryable: error.retryable,
    };
    const pid = error.providerId ?? providerId;
    if (pid !== undefined) wire.providerId = pid;
    if (error.status !== undefined) wire.status = error.status;
    if (error.detail !== undefined) wire.detail = error.detail;
    if (error.said !== undefined) wire.said = error.said;
    if (error.retryAfterMs !== undefined) wire.retryAfterMs = error.retryAfterMs;
    return wire;
  }
  const message = error instanceof Error ? error.message : String(error);
  const wire: WireError = { code: 'unknown', message, retryable: false };
  if (providerId !== undefined) wire.providerId = providerId;
  return wire;
}

function isWireErrorLike(value: unknown): value is WireError {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return isErrorCode(v.code) && typeof v.message === 'string' && typeof v.retryable === 'boolean';
}
