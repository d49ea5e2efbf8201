// The client side of adapter tests: a ProviderContext over Node's real fetch (requests go to the
// emulators on 127.0.0.1, never elsewhere), running a stream to its end, and reading what was sent.
import { readFileSync } from 'node:fs';
import type {
  ChatEvent,
  ChatRequest,
  FinishReason,
  ProviderContext,
  Usage,
} from '../../src/providers/types';
import type { RecordedRequest } from './server';

export const nodeContext: ProviderContext = {
  fetch: (...args) => fetch(...args),
  cookies: { has: async () => false },
  log: () => {},
};

export interface Outcome {
  events: ChatEvent[];
  text: string;
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
    reasoning: '',
    usage: undefined,
    finish: undefined,
    error: undefined,
  };
  try {
    for await (const event of stream) {
      outcome.events.push(event);
      if (event.type === 'text-delta') outcome.text += event.delta;
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

// Added by Node's fetch itself, not by adapters; left out of header snapshots.
const TRANSPORT = new Set([
  'host',
  'connection',
  'content-length',
  'user-agent',
  'accept-encoding',
  'accept-language',
  'sec-fetch-mode',
]);

/** The headers an adapter chose to send, sorted, without transport noise. */
export function sentHeaders(request: RecordedRequest | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(request?.headers ?? {}).sort(([a], [b]) =>
    a.localeCompare(b),
  )) {
    if (!TRANSPORT.has(name) && value !== undefined) out[name] = String(value);
  }
  return out;
}

export function sentJson(request: RecordedRequest | undefined): unknown {
  return JSON.parse(request?.body ?? 'null') as unknown;
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
