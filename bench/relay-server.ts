// A paced raw-text server for the relay benchmark: every POST gets `count` deltas of fixed width
// ("w00042 "), one network write each, recording the epoch time (ms, high resolution) of each write.
import type { ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { startServer, sleep, type MockServer } from '../tests/mock-servers/server';

export const DELTA_WIDTH = 7;
export const delta = (i: number) => `w${String(i).padStart(5, '0')} `;

export interface PacedServer extends MockServer {
  /** Write times of the most recent stream, by delta index. */
  writes(): number[];
}

export async function startPacedServer(count: number, intervalMs: number): Promise<PacedServer> {
  let writes: number[] = [];
  const server = await startServer(async (request, response: ServerResponse) => {
    if (request.method === 'OPTIONS') {
      response
        .writeHead(204, { 'access-control-allow-origin': '*', 'access-control-allow-headers': '*' })
        .end();
      return;
    }
    response.socket?.setNoDelay(true);
    response.writeHead(200, {
      'content-type': 'text/plain; charset=utf-8',
      'access-control-allow-origin': '*',
    });
    response.flushHeaders();
    writes = [];
    for (let i = 0; i < count && !response.destroyed; i++) {
      writes.push(performance.timeOrigin + performance.now());
      response.write(delta(i));
      await sleep(intervalMs);
    }
    response.end();
  });
  return { ...server, writes: () => writes };
}
