// The base every mock server stands on: a real node:http server on 127.0.0.1 with an ephemeral
// port, recording each request it receives (method, path, headers, raw body) before a handler
// answers it. Protocol emulators (one file per provider) pass their handler here.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path with query string. */
  path: string;
  /** Header names lower-cased, as node gives them. */
  headers: Record<string, string | string[] | undefined>;
  /** Raw header pairs in arrival order, names as sent. */
  rawHeaders: string[];
  body: string;
}

export type Handler = (
  request: RecordedRequest,
  response: ServerResponse,
  raw: IncomingMessage,
) => void | Promise<void>;

export interface MockServer {
  /** Base URL, no trailing slash: http://127.0.0.1:<port> */
  url: string;
  port: number;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** `port` 0 (the default) takes a free one; a fixed port stands in for a server's default port. */
export async function startServer(handler: Handler, port = 0): Promise<MockServer> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: { ...req.headers },
        rawHeaders: [...req.rawHeaders],
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      Promise.resolve(handler(recorded, res, req)).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`mock server error: ${String(error)}`);
      });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${bound}`,
    port: bound,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Writes each chunk as its own network write, flushing between them, then ends (or resets, or holds). */
export async function writeChunks(
  response: ServerResponse,
  chunks: readonly (string | Uint8Array)[],
  options: { delayMs?: number; end?: 'end' | 'reset' | 'hold' } = {},
): Promise<void> {
  for (const chunk of chunks) {
    if (response.destroyed) return;
    response.write(chunk);
    await sleep(options.delayMs ?? 2);
  }
  if (options.end === 'reset') response.socket?.destroy();
  else if (options.end !== 'hold') response.end(); // 'hold' leaves the response open
}

/** Every way to cut `text`'s UTF-8 bytes in two: [head, tail] for each byte boundary. */
export function everySplit(text: string): Array<[Uint8Array, Uint8Array]> {
  const bytes = new TextEncoder().encode(text);
  const out: Array<[Uint8Array, Uint8Array]> = [];
  for (let i = 1; i < bytes.length; i++) out.push([bytes.slice(0, i), bytes.slice(i)]);
  return out;
}
