// Helpers for adapter tests: a ProviderContext on Node's real fetch, a runner that keeps every
// event seen before a throw (so tests can check the partial text an error left), and the
// three-turn fixture format. No fetch is mocked: requests go to the emulators on 127.0.0.1.
import { readFileSync } from 'node:fs';
import type {
  ChatEvent,
  ChatMessage,
  ChatRequest,
  ProviderAdapter,
  ProviderContext,
} from '../../src/providers/types';
import type { RecordedRequest } from './server';

export function nodeContext(options: { cookies?: boolean } = {}): ProviderContext & {
  cookieChecks: string[];
  /** Byte sizes of the body chunks the adapter read from the last response, in order. */
  chunks: number[];
} {
  const cookieChecks: string[] = [];
  const chunks: number[] = [];
  return {
    // Node's real fetch; the body passes through a counter so tests can see how it was chunked.
    fetch: async (input, init) => {
      const response = await fetch(input, init);
      if (!response.body) return response;
      chunks.length = 0;
      const counted = response.body.pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>({
          transform(chunk, controller) {
            chunks.push(chunk.byteLength);
            controller.enqueue(chunk);
          },
        }),
      );
      return new Response(counted, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    },
    cookies: {
      has: async (url) => {
        cookieChecks.push(url);
        return options.cookies ?? true;
      },
    },
    log: () => {},
    cookieChecks,
    chunks,
  };
}

export interface Outcome {
  events: ChatEvent[];
  /** The text deltas joined. */
  text: string;
  deltas: string[];
  error: unknown;
}

export async function runAdapter(
  adapter: ProviderAdapter,
  request: Partial<ChatRequest> & { baseUrl: string },
  context: ProviderContext = nodeContext(),
): Promise<Outcome> {
  const full: ChatRequest = {
    messages: [{ role: 'user', content: 'Hi' }],
    signal: new AbortController().signal,
    ...request,
  };
  const events: ChatEvent[] = [];
  let error: unknown;
  try {
    for await (const event of adapter.streamChat(full, context)) events.push(event);
  } catch (thrown) {
    error = thrown;
  }
  const deltas = events.flatMap((e) => (e.type === 'text-delta' ? [e.delta] : []));
  return { events, deltas, text: deltas.join(''), error };
}

/** The spec's shape of a stream: stream-start, deltas (and usage), finish — nothing after it. */
export function expectWellFormed(events: ChatEvent[]): void {
  const types = events.map((e) => e.type);
  if (types[0] !== 'stream-start') throw new Error(`first event is ${types[0]}`);
  if (types.at(-1) !== 'finish') throw new Error(`last event is ${types.at(-1)}`);
  if (types.filter((t) => t === 'stream-start' || t === 'finish').length !== 2) {
    throw new Error(`stream-start/finish repeated: ${types.join(',')}`);
  }
}

/** The conversation every adapter's byte-for-byte test sends: system, user, assistant, user. */
export const THREE_TURNS: ChatMessage[] = [
  { role: 'system', content: 'You are terse.' },
  { role: 'user', content: 'Hi! Как дела?' },
  { role: 'assistant', content: 'Fine. 你好' },
  { role: 'user', content: 'Say "hello" 👋\nplease' },
];

export interface ExpectedRequest {
  method: string;
  path: string;
  /** Lower-cased names, as the server records them. */
  headers: Record<string, string>;
  body: string;
}

/**
 * Reads a fixture written by hand from the spec, in HTTP's own layout: `METHOD path`, header lines,
 * a blank line, then the body exactly (the file's final newline is not part of it).
 */
export function readRequestFixture(url: URL): ExpectedRequest {
  const text = readFileSync(url, 'utf8');
  const blank = text.indexOf('\n\n');
  const [start = '', ...headerLines] = text.slice(0, blank).split('\n');
  const [method = '', path = ''] = start.split(' ');
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trimStart();
  }
  return { method, path, headers, body: text.slice(blank + 2).replace(/\n$/, '') };
}

/** Headers the runtime (Node's fetch here, the browser in e2e) adds on its own. */
export const RUNTIME_HEADERS = new Set([
  'host',
  'connection',
  'content-length',
  'accept-encoding',
  'accept-language',
  'sec-fetch-mode',
  'user-agent',
]);

/** The recorded request in the fixture's terms: the fixture's headers, plus any we did not expect. */
export function asSent(record: RecordedRequest, expected: ExpectedRequest): ExpectedRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(record.headers)) {
    if (name in expected.headers || !RUNTIME_HEADERS.has(name)) headers[name] = String(value);
  }
  return { method: record.method, path: record.path, headers, body: record.body };
}

/** Node's fetch sends these on its own; `accept-language: *` is its default when none is set. */
const TRANSPORT_HEADERS = new Set([
  'host',
  'connection',
  'content-length',
  'accept-encoding',
  'sec-fetch-mode',
  'user-agent',
]);

/** A recorded request for an inline snapshot: what the adapter chose to send, headers sorted. */
export function requestSnapshot(record: RecordedRequest | undefined): {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
} {
  if (!record) throw new Error('the server received no request');
  const headers: Record<string, string> = {};
  for (const name of Object.keys(record.headers).sort()) {
    const value = String(record.headers[name]);
    if (TRANSPORT_HEADERS.has(name)) continue;
    if (name === 'accept-language' && value === '*') continue;
    headers[name] = value;
  }
  return { method: record.method, path: record.path, headers, body: record.body };
}

/** The body as parsed JSON (for checks on single fields). */
export function sentJson(record: RecordedRequest | undefined): Record<string, unknown> {
  if (!record) throw new Error('the server received no request');
  return JSON.parse(record.body) as Record<string, unknown>;
}
