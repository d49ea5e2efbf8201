// The one way adapters call fetch: the injected fetch, the deadline's signal, and failures mapped
// to ProviderErrors. Every provider needs this, so it lives here (docs/design.md, "_shared").
import { ProviderError, type ProviderContext } from '../types';
import { isAbortError, withDeadline, type Deadline } from './abort';
import { httpError, providerError, type ProviderIdentity } from './errors';

export interface SendOptions {
  /** Return non-2xx responses instead of throwing (the adapter maps them itself). */
  acceptAnyStatus?: boolean;
}

export async function send(
  provider: ProviderIdentity,
  context: ProviderContext,
  url: string,
  init: RequestInit,
  deadline: Deadline,
  options: SendOptions = {},
): Promise<Response> {
  let response: Response;
  try {
    response = await context.fetch(url, { ...init, signal: deadline.signal });
  } catch (error) {
    throw failure(provider, error, deadline);
  }
  if (!response.ok && !options.acceptAnyStatus) throw await httpError(provider, response);
  return response;
}

/**
 * What to throw for an error met while sending or reading: ProviderErrors pass through, the
 * deadline becomes `timeout`, the caller's abort is rethrown as it is (the runner reports it as
 * `abort`, not as an error), anything else is `network`.
 */
export function failure(provider: ProviderIdentity, error: unknown, deadline: Deadline): unknown {
  if (error instanceof ProviderError) return error;
  if (deadline.timedOut()) {
    return providerError(provider, 'timeout', 'no complete answer within the time limit.', {
      cause: error,
    });
  }
  // The caller's abort, whatever reason it was given (fetch rejects with the signal's reason).
  if (isAbortError(error) || deadline.signal.aborted) return error;
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return providerError(provider, 'network', 'the connection failed or was cut.', {
    detail,
    cause: error,
  });
}

/** Reads a whole JSON answer; a body that is not JSON is a `bad-response` with the body as detail. */
export async function readJson(provider: ProviderIdentity, response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw providerError(provider, 'bad-response', 'the answer was not JSON.', {
      status: response.status,
      detail: text.slice(0, 2_000),
    });
  }
}

/**
 * GET-style JSON call with its own deadline (model listings, detection): non-2xx answers go to
 * `toError` (the adapter's documented error mapping), network failures and the deadline become
 * ProviderErrors, the caller's abort is rethrown as it is.
 */
export async function fetchJson(
  provider: ProviderIdentity,
  context: ProviderContext,
  url: string,
  init: RequestInit,
  signal: AbortSignal,
  options: { timeoutMs: number; toError: (response: Response) => Promise<ProviderError> },
): Promise<unknown> {
  const deadline = withDeadline(signal, options.timeoutMs);
  try {
    const response = await send(provider, context, url, init, deadline, { acceptAnyStatus: true });
    if (!response.ok) throw await options.toError(response);
    return await readJson(provider, response);
  } catch (error) {
    throw failure(provider, error, deadline);
  } finally {
    deadline.dispose();
  }
}
