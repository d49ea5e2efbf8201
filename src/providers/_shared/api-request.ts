// The two calls every API adapter (Anthropic, Gemini, Ollama, OpenAI-compatible) makes: a streaming
// JSON POST whose non-2xx answers go through the adapter's documented error mapping, and a model
// listing that may come in pages. Both sit on send()/fetchJson() in http.ts, the one fetch call.
import type { ModelInfo, ProviderContext, ProviderError } from '../types';
import type { Deadline } from './abort';
import { apiError, type ProviderIdentity } from './errors';
import { fetchJson, send } from './http';

/**
 * A provider's error mapping for a non-2xx answer: the status, the headers (Retry-After) and the
 * body's text, to the ProviderError its API documents.
 */
export type ErrorMapper = (status: number, headers: Headers, text: string) => ProviderError;

export interface StreamPost {
  url: string;
  /** Besides `content-type: application/json`, which is always sent. */
  headers: Record<string, string>;
  body: unknown;
  toError: ErrorMapper;
  /**
   * A second chance for a refused request: the body to send once more, or undefined to fail. For a
   * server that rejects an optional field (OpenAI's `stream_options` on an older vLLM).
   */
  retryBody?: (status: number, text: string) => unknown;
}

/**
 * POSTs `body` as JSON under the deadline and answers the response when it is 2xx; otherwise reads
 * the body's text and throws what `toError` makes of it.
 */
export async function postStream(
  provider: ProviderIdentity,
  context: ProviderContext,
  post: StreamPost,
  deadline: Deadline,
): Promise<Response> {
  const attempt = (body: unknown) =>
    send(
      provider,
      context,
      post.url,
      {
        method: 'POST',
        headers: { ...post.headers, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      },
      deadline,
      { acceptAnyStatus: true },
    );
  let response = await attempt(post.body);
  if (response.ok) return response;
  let text = await response.text().catch(() => '');
  const retry = post.retryBody?.(response.status, text);
  if (retry !== undefined) {
    response = await attempt(retry);
    if (response.ok) return response;
    text = await response.text().catch(() => '');
  }
  throw post.toError(response.status, response.headers, text);
}

/** One page of a model listing: its models and the cursor of the next page, if there is one. */
export interface ModelPage {
  models: ModelInfo[];
  next?: string | undefined;
}

export interface ModelListing {
  /** The page's URL; `cursor` is undefined for the first page. */
  url(cursor: string | undefined): string;
  headers?: Record<string, string>;
  timeoutMs: number;
  toError: ErrorMapper;
  /** The page read from the parsed body; undefined when it is not a model list at all. */
  read(body: unknown): ModelPage | undefined;
  /** What to say when `read` finds no list, e.g. 'the model list was not in Ollama’s format.' */
  notAList?: string;
}

/** Far more than any service pages through; a cursor that never ends stops here. */
export const MAX_MODEL_PAGES = 10;

/** Every model of a listing, following `next` cursors page by page (each page its own deadline). */
export async function listModelPages(
  provider: ProviderIdentity,
  context: ProviderContext,
  signal: AbortSignal,
  listing: ModelListing,
): Promise<ModelInfo[]> {
  const models: ModelInfo[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_MODEL_PAGES; page++) {
    const body = await fetchJson(
      provider,
      context,
      listing.url(cursor),
      { method: 'GET', ...(listing.headers ? { headers: listing.headers } : {}) },
      signal,
      {
        timeoutMs: listing.timeoutMs,
        toError: async (response) =>
          listing.toError(response.status, response.headers, await response.text()),
      },
    );
    const read = listing.read(body);
    if (!read) {
      throw apiError(provider, {
        code: 'bad-response',
        what: listing.notAList ?? 'the model list was not in the expected format.',
        detail: JSON.stringify(body)?.slice(0, 500) ?? '',
      });
    }
    models.push(...read.models);
    if (!read.next) break;
    cursor = read.next;
  }
  return models;
}
