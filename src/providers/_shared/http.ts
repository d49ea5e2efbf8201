// The one way adapters call fetch: the injected fetch, the deadline's signal, and failures mapped
// to ProviderErrors. Every provider needs this, so it lives here (docs/design.md, "_shared").
import { ProviderError, type ProviderContext } from '../types';
import { isAbortError, withDeadline, type Deadline } from './abort';
import { apiError, httpError, providerError, type ProviderIdentity } from './errors';

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
    response = await fetchSameOrigin(provider, context, url, init, deadline.signal);
  } catch (error) {
    throw failure(provider, error, deadline);
  }
  if (!response.ok && !options.acceptAnyStatus) throw await httpError(provider, response);
  if (response.ok) await refuseWebPage(provider, response);
  return response;
}

const MAX_REDIRECTS = 5;

/**
 * fetch() that never lets a request leave its origin. fetch's own `follow` drops only
 * `Authorization` on a cross-origin redirect: Anthropic's `x-api-key`, Gemini's `x-goog-api-key`
 * and (on 307/308) the conversation would go to whatever host the server names. So redirects are
 * taken by hand: same-origin ones are followed as fetch would, any other is refused and named.
 */
async function fetchSameOrigin(
  provider: ProviderIdentity,
  context: ProviderContext,
  url: string,
  init: RequestInit,
  signal: AbortSignal,
): Promise<Response> {
  const origin = new URL(url).origin;
  let current = url;
  let request: RequestInit = init;
  for (let hop = 0; ; hop++) {
    const response = await context.fetch(current, { ...request, redirect: 'manual', signal });
    // A browser hides a manual redirect's target (an "opaqueredirect" response, status 0): look
    // it up without anything of the user's, then go on only if it stays on this origin.
    if (response.type === 'opaqueredirect') {
      const target = await redirectTarget(context, current, signal);
      if (!target || new URL(target).origin !== origin || hop >= MAX_REDIRECTS) {
        throw redirectError(provider, origin, target);
      }
      current = target;
      continue;
    }
    const location = response.headers.get('location');
    if (response.status < 300 || response.status > 399 || location === null) return response;
    await response.body?.cancel().catch(() => undefined);
    const target = new URL(location, current);
    if (target.origin !== origin) throw redirectError(provider, origin, target.href);
    if (hop >= MAX_REDIRECTS) throw redirectError(provider, origin, target.href);
    // As fetch does: 303, and 301/302 after a POST, become a GET without a body.
    const keepsBody = response.status === 307 || response.status === 308;
    if (!keepsBody && (request.method ?? 'GET').toUpperCase() !== 'GET') {
      const { body: _body, ...rest } = request;
      request = { ...rest, method: 'GET' };
    }
    current = target.href;
  }
}

/**
 * Where a redirect the browser hid would have led: asked again with nothing of the user's (no
 * headers, no body, no cookies), only to name the host in the error.
 */
async function redirectTarget(
  context: ProviderContext,
  url: string,
  signal: AbortSignal,
): Promise<string | undefined> {
  try {
    const probe = await context.fetch(url, {
      method: 'GET',
      credentials: 'omit',
      redirect: 'follow',
      signal,
    });
    await probe.body?.cancel().catch(() => undefined);
    return probe.redirected ? probe.url : undefined;
  } catch {
    return undefined;
  }
}

function redirectError(
  provider: ProviderIdentity,
  origin: string,
  target: string | undefined,
): Error {
  return apiError(provider, {
    code: 'bad-response',
    what: `the server at ${origin} redirected the request to ${target ?? 'another address'}; Parley did not follow it, so neither the key nor the conversation went there.`,
    advice: 'If that address is the right one, enter it as the base URL in the settings.',
    ...(target ? { detail: target } : {}),
    retryable: false,
  });
}

/**
 * A web page where an API answer was expected (a captive portal, a sign-in wall, a proxy's block
 * page) is no reply: `bad-response` naming the page by its title. Services answer JSON, SSE,
 * NDJSON or plain text; none answers HTML.
 */
async function refuseWebPage(provider: ProviderIdentity, response: Response): Promise<void> {
  const type = response.headers.get('content-type') ?? '';
  if (!/^\s*(text\/html|application\/xhtml\+xml)/i.test(type)) return;
  const page = (await response.text().catch(() => '')).slice(0, 100_000);
  const title = pageTitle(page);
  throw apiError(provider, {
    code: 'bad-response',
    status: response.status,
    what: `the server answered with a web page${title ? ` (“${title}”)` : ''} instead of a reply, as a sign-in page or a network’s login portal does.`,
    advice: 'Open the address in a tab to pass the page, or check the base URL in the settings.',
    detail: `${type}\n\n${page.slice(0, 1_000)}`,
    retryable: false,
  });
}

/** The text of a page's <title>, plain and short; the page itself is never rendered. */
export function pageTitle(html: string): string {
  const match = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html);
  if (!match) return '';
  const text = match[1]!
    .replace(/<[^>]*>/g, '')
    .replace(/&(amp|lt|gt|quot|#39|apos|nbsp);/g, (_, name: string) =>
      name === 'amp'
        ? '&'
        : name === 'lt'
          ? '<'
          : name === 'gt'
            ? '>'
            : name === 'nbsp'
              ? ' '
              : name === 'quot'
                ? '"'
                : "'",
    )
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
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
