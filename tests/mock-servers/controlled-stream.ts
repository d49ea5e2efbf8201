// A raw-text streaming server whose replies the test drives by hand: each request becomes a handle
// that writes chunks, ends, or resets when the test says so. It speaks the raw-text protocol shared
// by Acytoo (`POST /api/completions`) and ChatAnywhere (`POST /v1/chat/gpt/`), so end-to-end tests
// can hold a reply open while they close views, stop, or kill the worker.
import type { ServerResponse } from 'node:http';
import { startServer, type MockServer, type RecordedRequest } from './server';

export interface StreamHandle {
  request: RecordedRequest;
  write(text: string): void;
  end(): void;
  reset(): void;
  /** Resolves when the client goes away (abort, worker death) before end(). */
  readonly closed: Promise<void>;
  readonly ended: boolean;
}

export interface ControlledStreamServer extends MockServer {
  /** The next request's handle (already arrived or still to come). */
  nextStream(timeoutMs?: number): Promise<StreamHandle>;
  handles: StreamHandle[];
}

export async function startControlledStreamServer(): Promise<ControlledStreamServer> {
  const handles: StreamHandle[] = [];
  const waiting: Array<(h: StreamHandle) => void> = [];
  let claimed = 0;
  const server = await startServer((request, response: ServerResponse) => {
    if (request.method !== 'POST') {
      response
        .writeHead(200, { 'content-type': 'text/html' })
        .end('<!doctype html><title>mock</title><p>mock host</p>');
      return;
    }
    response.writeHead(200, {
      'content-type': 'text/plain; charset=utf-8',
      'cache-control': 'no-cache',
    });
    response.flushHeaders();
    let ended = false;
    const closed = new Promise<void>((resolve) => response.on('close', () => resolve()));
    const handle: StreamHandle = {
      request,
      write: (text) => void response.write(text),
      end: () => {
        ended = true;
        response.end();
      },
      reset: () => response.socket?.destroy(),
      closed,
      get ended() {
        return ended;
      },
    };
    handles.push(handle);
    const waiter = waiting.shift();
    if (waiter) {
      claimed++;
      waiter(handle);
    }
  });
  return {
    ...server,
    handles,
    nextStream(timeoutMs = 15_000) {
      const ready = handles[claimed];
      if (ready) {
        claimed++;
        return Promise.resolve(ready);
      }
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error('no request reached the mock server')),
          timeoutMs,
        );
        waiting.push((h) => {
          clearTimeout(timer);
          resolve(h);
        });
      });
    },
  };
}
