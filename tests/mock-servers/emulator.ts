// A protocol emulator on top of startServer: it answers the provider's endpoint the way the service
// did (`frame` turns reply text into body pieces), records every request, and misbehaves on demand.
// Set `behaviour` (or call `behave`) before a request; it stays until changed. Each protocol file
// (chatanywhere.ts, opchatgpts.ts, acytoo.ts, aichat.ts) is a Protocol plus its own misbehaviours.
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  everySplit,
  sleep,
  startServer,
  writeChunks,
  type MockServer,
  type RecordedRequest,
} from './server';

/** Misbehaviours every protocol has. `text` defaults to the protocol's reply text. */
export type CommonBehaviour =
  /** The service's normal answer, one piece per word. */
  | { kind: 'reply'; text?: string; delayMs?: number }
  /** A non-2xx status with an HTML body, as a proxy or WAF in front of the service sends. */
  | { kind: 'http-error'; status: number; body?: string }
  /** The first half of the normal answer, then the connection is reset. */
  | { kind: 'reset'; text?: string }
  /** The normal answer one character per write, `delayMs` apart. */
  | { kind: 'drip'; text?: string; delayMs: number }
  /** 200 with the protocol's content type and no body at all. */
  | { kind: 'empty' }
  /** A normal answer of about `bytes` bytes of text (1 MB by default), in 64 KiB pieces. */
  | { kind: 'large'; bytes?: number }
  /** The normal answer's bytes cut in two at byte `at` (see everySplit), as two writes. */
  | { kind: 'split'; text: string; at: number }
  /** The normal answer one byte per write. */
  | { kind: 'bytes'; text: string }
  /** Exactly these writes (tests build odd bodies with the protocol's helpers). */
  | {
      kind: 'raw';
      chunks: readonly (string | Uint8Array)[];
      status?: number;
      end?: 'end' | 'reset';
    }
  /** Reads the request and never answers. */
  | { kind: 'hang' }
  /** Sends the status and the first piece of the answer, then nothing more. */
  | { kind: 'stall'; text?: string };

export interface Protocol<Special extends { kind: string }> {
  /** The endpoint, relative to the base URL. */
  path: string;
  contentType: string;
  /** What the mock answers when the behaviour names no text. */
  defaultText: string;
  /** The body pieces of a normal answer made of these text pieces. */
  frame(pieces: readonly string[], request: RecordedRequest): string[];
  /** Answers this protocol's own misbehaviours. */
  special?(behaviour: Special, request: RecordedRequest, response: ServerResponse): Promise<void>;
  /** Answers before the behaviour applies, as the real service did (e.g. a 403); true if it did. */
  gate?(request: RecordedRequest, response: ServerResponse): boolean;
  /** Other routes (e.g. a page that sets a cookie); true if it answered. */
  route?(request: RecordedRequest, response: ServerResponse): boolean;
}

export interface Emulator<Special extends { kind: string }> extends MockServer {
  behaviour: CommonBehaviour | Special;
  behave(behaviour: CommonBehaviour | Special): void;
  /** Responses whose connection closed before the answer was complete (client aborts, resets). */
  readonly closedEarly: number;
  /** Resolves once `closedEarly` reaches `count` (the server saw the client go away). */
  waitForClosedEarly(count: number, timeoutMs?: number): Promise<void>;
  /** Forgets recorded requests and goes back to normal replies. */
  reset(): void;
  /** The whole body of a normal answer with this text, as the emulator writes it. */
  framedBody(text: string): string;
}

export function words(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [];
}

/** Pieces of about `size` UTF-16 units, never cutting a surrogate pair (the bytes are cut on the wire). */
export function piecesOf(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length;) {
    let next = Math.min(i + size, text.length);
    const last = text.charCodeAt(next - 1);
    if (next < text.length && last >= 0xd800 && last <= 0xdbff) next += 1;
    out.push(text.slice(i, next));
    i = next;
  }
  return out;
}

/** About `bytes` bytes of varied ASCII text with a multi-byte character every line. */
export function largeText(bytes = 1_000_000): string {
  const line = 'The quick brown fox jumps over the lazy dog — ёж 世 🙂 0123456789.\n';
  return line.repeat(Math.ceil(bytes / new TextEncoder().encode(line).length));
}

const ERROR_PAGE = (status: number) =>
  `<!DOCTYPE html><html><head><title>${status} Error</title></head><body><h1>${status}</h1><p>Something went wrong.</p></body></html>`;

export async function startEmulator<Special extends { kind: string }>(
  protocol: Protocol<Special>,
): Promise<Emulator<Special>> {
  let closedEarly = 0;
  const waiters = new Set<() => void>();
  const state = { behaviour: { kind: 'reply' } as CommonBehaviour | Special };

  const handler = async (
    request: RecordedRequest,
    response: ServerResponse,
    raw: IncomingMessage,
  ) => {
    response.on('close', () => {
      if (response.writableFinished) return;
      closedEarly += 1;
      for (const wake of waiters) wake();
    });
    if (protocol.route?.(request, response)) return;
    if (request.path !== protocol.path) {
      response.writeHead(404, { 'content-type': 'text/html' });
      response.end(ERROR_PAGE(404));
      return;
    }
    if (protocol.gate?.(request, response)) return;
    await answer(state.behaviour, request, response, raw);
  };

  const normal = (text: string | undefined, request: RecordedRequest) =>
    protocol.frame(words(text ?? protocol.defaultText), request);
  const ok = (response: ServerResponse, status = 200) =>
    response.writeHead(status, { 'content-type': protocol.contentType });

  async function answer(
    behaviour: CommonBehaviour | Special,
    request: RecordedRequest,
    response: ServerResponse,
    raw: IncomingMessage,
  ): Promise<void> {
    const common = behaviour as CommonBehaviour;
    switch (common.kind) {
      case 'reply':
        ok(response);
        return writeChunks(response, normal(common.text, request), {
          delayMs: common.delayMs ?? 1,
        });
      case 'http-error':
        response.writeHead(common.status, { 'content-type': 'text/html; charset=utf-8' });
        response.end(common.body ?? ERROR_PAGE(common.status));
        return;
      case 'reset': {
        const pieces = normal(common.text, request);
        ok(response);
        const half = pieces.slice(0, Math.max(1, Math.floor(pieces.length / 2)));
        return writeChunks(response, half, { delayMs: 2, end: 'reset' });
      }
      case 'drip':
        ok(response);
        return writeChunks(response, [...normal(common.text, request).join('')], {
          delayMs: common.delayMs,
        });
      case 'empty':
        ok(response);
        response.end();
        return;
      case 'large':
        ok(response);
        return writeChunks(
          response,
          protocol.frame(piecesOf(largeText(common.bytes), 65_536), request),
          { delayMs: 0 },
        );
      case 'split': {
        const cut = everySplit(normal(common.text, request).join(''))[common.at - 1];
        if (!cut) throw new Error(`no byte boundary ${common.at} in the answer`);
        ok(response);
        return writeChunks(response, cut, { delayMs: 2 });
      }
      case 'bytes': {
        const bytes = new TextEncoder().encode(normal(common.text, request).join(''));
        ok(response);
        return writeChunks(
          response,
          [...bytes].map((b) => Uint8Array.of(b)),
          { delayMs: 0 },
        );
      }
      case 'raw':
        ok(response, common.status);
        return writeChunks(response, common.chunks, { delayMs: 2, end: common.end ?? 'end' });
      case 'hang':
        return new Promise<void>((resolve) => raw.socket.once('close', () => resolve()));
      case 'stall':
        ok(response);
        response.write(normal(common.text, request)[0] ?? '');
        return new Promise<void>((resolve) => raw.socket.once('close', () => resolve()));
      default:
        if (!protocol.special) throw new Error(`unknown behaviour ${JSON.stringify(behaviour)}`);
        return protocol.special(behaviour as Special, request, response);
    }
  }

  const server = await startServer(handler);
  return {
    ...server,
    get behaviour() {
      return state.behaviour;
    },
    set behaviour(value) {
      state.behaviour = value;
    },
    behave(value) {
      state.behaviour = value;
    },
    get closedEarly() {
      return closedEarly;
    },
    async waitForClosedEarly(count, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (closedEarly < count) {
        if (Date.now() > deadline) {
          throw new Error(`the server saw ${closedEarly} early closes, expected ${count}`);
        }
        await Promise.race([new Promise<void>((resolve) => waiters.add(resolve)), sleep(50)]);
        waiters.clear();
      }
    },
    reset() {
      server.requests.length = 0;
      state.behaviour = { kind: 'reply' };
    },
    framedBody(text) {
      const request = {
        method: 'POST',
        path: protocol.path,
        headers: {},
        rawHeaders: [],
        body: '',
      };
      return normal(text, request).join('');
    },
  };
}
