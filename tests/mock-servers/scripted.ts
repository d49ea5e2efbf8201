// What the protocol emulators (openai.ts, ollama.ts, anthropic.ts, gemini.ts) have in common: a queue
// of scripted replies for the chat route, the ways a reply can go (a stream written chunk by chunk,
// an error body, a connection that never answers), and a record of when each reply's connection
// closed, so a test can prove that an abort released it.
import type { ServerResponse } from 'node:http';
import { sleep, startServer, writeChunks, type Handler, type MockServer } from './server';

export type Reply =
  | {
      kind: 'stream';
      /** Each element is one network write. */
      chunks: readonly (string | Uint8Array)[];
      contentType: string;
      status?: number;
      headers?: Record<string, string>;
      delayMs?: number;
      /** 'hang' writes the chunks, then keeps the connection open until the client goes. */
      end?: 'end' | 'reset' | 'hang';
    }
  | { kind: 'json'; status: number; body: unknown; headers?: Record<string, string> }
  | { kind: 'text'; status: number; body: string; headers?: Record<string, string> }
  /** Accepts the request and never answers (deadline and abort tests). */
  | { kind: 'silence' };

export interface ScriptedServer extends MockServer {
  /** Queues the reply for the next chat request; without one the emulator's default answers. */
  next(reply: Reply): void;
  /** Resolves when the connection of the n-th reply written so far (0-based) has closed. */
  closed(index?: number): Promise<void>;
  /** Forgets recorded requests and queued replies. */
  reset(): void;
}

export async function respond(response: ServerResponse, reply: Reply): Promise<void> {
  switch (reply.kind) {
    case 'silence':
      return;
    case 'json':
      response.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      response.end(JSON.stringify(reply.body));
      return;
    case 'text':
      response.writeHead(reply.status, reply.headers ?? {});
      response.end(reply.body);
      return;
    case 'stream': {
      response.writeHead(reply.status ?? 200, {
        'content-type': reply.contentType,
        'cache-control': 'no-cache',
        ...reply.headers,
      });
      response.flushHeaders();
      if (reply.end === 'hang') {
        for (const chunk of reply.chunks) {
          if (response.destroyed) return;
          response.write(chunk);
          await sleep(reply.delayMs ?? 1);
        }
        return;
      }
      await writeChunks(response, reply.chunks, {
        delayMs: reply.delayMs ?? 1,
        end: reply.end ?? 'end',
      });
      return;
    }
  }
}

/**
 * Starts an emulator. `route` answers every request; it gets `take()`, which returns the queued
 * reply for a chat request (or undefined, and then the emulator answers its default).
 */
export async function startScripted(
  route: (
    request: Parameters<Handler>[0],
    response: ServerResponse,
    take: () => Reply | undefined,
  ) => Promise<void> | void,
  port = 0,
): Promise<ScriptedServer> {
  const queue: Reply[] = [];
  const closings: Promise<void>[] = [];
  const server = await startServer(async (request, response) => {
    closings.push(new Promise<void>((resolve) => response.on('close', () => resolve())));
    await route(request, response, () => queue.shift());
  }, port);
  return Object.assign(server, {
    next(reply: Reply) {
      queue.push(reply);
    },
    closed(index = closings.length - 1) {
      return closings[index] ?? Promise.reject(new Error(`no reply number ${index}`));
    },
    reset() {
      server.requests.length = 0;
      queue.length = 0;
    },
  });
}

/** Cuts a body's UTF-8 bytes at `at` into two network writes (split multi-byte characters). */
export function cutBytes(body: string, at: number): Uint8Array[] {
  const bytes = new TextEncoder().encode(body);
  return [bytes.slice(0, at), bytes.slice(at)];
}
