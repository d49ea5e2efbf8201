// The one harness for adapter tests: a ProviderContext on Node's real fetch, a runner that keeps
// every event seen before a throw (so tests can check the partial text an error left), what was
// sent, and the fixture formats (the three-turn request, SSE and NDJSON bodies). No fetch is
// mocked: requests go to the emulators on 127.0.0.1.
import { readFileSync } from 'node:fs';
import type {
  ChatEvent,
  ChatMessage,
  ChatRequest,
  FinishReason,
  ProviderAdapter,
  ProviderContext,
  Usage,
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

/** What a stream gave, assembled. */
export interface Outcome {
  events: ChatEvent[];
  /** The text deltas joined. */
  text: string;
  deltas: string[];
  reasoning: string;
  usage: Usage | undefined;
  finish: { reason: FinishReason; raw?: string } | undefined;
  /** What the stream threw, if it threw. */
  error: unknown;
}

/** Runs a stream to its end (or its error) and assembles what came. */
export async function run(stream: AsyncIterable<ChatEvent>): Promise<Outcome> {
  const outcome: Outcome = {
    events: [],
    text: '',
    deltas: [],
    reasoning: '',
    usage: undefined,
    finish: undefined,
    error: undefined,
  };
  try {
    for await (const event of stream) {
      outcome.events.push(event);
      if (event.type === 'text-delta') {
        outcome.deltas.push(event.delta);
        outcome.text += event.delta;
      }
      if (event.type === 'reasoning-delta') outcome.reasoning += event.delta;
      if (event.type === 'usage') outcome.usage = event.usage;
      if (event.type === 'finish') {
        outcome.finish =
          event.raw === undefined
            ? { reason: event.reason }
            : { reason: event.reason, raw: event.raw };
      }
    }
  } catch (error) {
    outcome.error = error;
  }
  return outcome;
}

/** A chat request with a fresh signal; override what the test is about. */
export function chatRequest(baseUrl: string, overrides: Partial<ChatRequest> = {}): ChatRequest {
  return {
    messages: [{ role: 'user', content: 'Hi' }],
    signal: new AbortController().signal,
    baseUrl,
    ...overrides,
  };
}

/** Runs `adapter` on a request (defaults as chatRequest's) to its end. */
export function runAdapter(
  adapter: ProviderAdapter,
  request: Partial<ChatRequest> & { baseUrl: string },
  context: ProviderContext = nodeContext(),
): Promise<Outcome> {
  return run(adapter.streamChat(chatRequest(request.baseUrl, request), context));
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
    // `accept-language: *` is Node's default when the adapter sets none; a set one is kept.
    if (RUNTIME_HEADERS.has(name) && !(name === 'accept-language' && value !== '*')) continue;
    headers[name] = value;
  }
  return { method: record.method, path: record.path, headers, body: record.body };
}

/** The body as parsed JSON (for checks on single fields). */
export function sentJson(record: RecordedRequest | undefined): Record<string, unknown> {
  if (!record) throw new Error('the server received no request');
  return JSON.parse(record.body) as Record<string, unknown>;
}

/** The headers an adapter chose to send, sorted, without what the runtime adds. */
export function sentHeaders(record: RecordedRequest | undefined): Record<string, string> {
  return requestSnapshot(record).headers;
}

/** A fixture file's text; `base` is the test module's `import.meta.url`. */
export function fixture(base: string, name: string): string {
  return readFileSync(new URL(`./fixtures/${name}`, base), 'utf8');
}

/** Splits an SSE fixture into its events (each keeps its blank line, LF or CRLF): one write each. */
export function sseWrites(text: string): string[] {
  return text.split(/(?<=\n\r?\n)/).filter((part) => part.length > 0);
}

/** Splits NDJSON into lines (each keeps its newline): one write each. */
export function lineWrites(text: string): string[] {
  return text.split(/(?<=\n)/).filter((part) => part.length > 0);
}
