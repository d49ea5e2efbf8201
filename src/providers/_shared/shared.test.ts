import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ServerResponse } from 'node:http';
import {
  everySplit,
  startServer,
  writeChunks,
  type MockServer,
} from '../../../tests/mock-servers/server';
import { withDeadline } from './abort';
import { listModelPages, MAX_MODEL_PAGES, postStream } from './api-request';
import { codeForStatus, httpError, parseRetryAfter } from './errors';
import { failure, readJson, send } from './http';
import { readLines, readSse, readText } from './streams';
import { ProviderError, type ProviderContext } from '../types';

const provider = { id: 'test', displayName: 'Test AI' };
const context: ProviderContext = {
  fetch: (...a) => fetch(...a),
  cookies: { has: async () => false },
  log: () => {},
};

let server: MockServer;
let script: (path: string, res: ServerResponse) => Promise<void>;

beforeAll(async () => {
  server = await startServer((req, res) => script(req.path, res));
});
afterAll(() => server.close());
afterEach(() => {
  server.requests.length = 0;
});

async function get(chunks: (string | Uint8Array)[], end: 'end' | 'reset' = 'end') {
  script = (_p, res) => {
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
    return writeChunks(res, chunks, { delayMs: 1, end });
  };
  const deadline = withDeadline(new AbortController().signal, 5_000);
  return {
    response: await send(provider, context, `${server.url}/x`, { method: 'GET' }, deadline),
    deadline,
  };
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe('readText', () => {
  const sample = 'Привет, 世界! 👋🏽 ok';

  it('keeps every multi-byte character whole, wherever the bytes are cut', async () => {
    for (const [head, tail] of everySplit(sample)) {
      const { response } = await get([head, tail]);
      expect((await collect(readText(response.body))).join('')).toBe(sample);
    }
  });

  it('survives one byte per chunk', async () => {
    const bytes = new TextEncoder().encode(sample);
    const { response } = await get([...bytes].map((b) => Uint8Array.of(b)));
    expect((await collect(readText(response.body))).join('')).toBe(sample);
  });

  it('cancels the body when the consumer stops early', async () => {
    const { response } = await get(Array.from({ length: 200 }, (_, i) => `chunk ${i}\n`));
    for await (const _text of readText(response.body)) break;
    expect(response.body?.locked).toBe(false);
  });

  it('reports a reset mid-body as a network failure, after the text that came', async () => {
    const { response, deadline } = await get(['partial ', 'text'], 'reset');
    const seen: string[] = [];
    let thrown: unknown;
    try {
      for await (const text of readText(response.body)) seen.push(text);
    } catch (error) {
      thrown = failure(provider, error, deadline);
    }
    expect(seen.join('')).toBe('partial text');
    expect(thrown).toBeInstanceOf(ProviderError);
    expect((thrown as ProviderError).code).toBe('network');
    expect((thrown as ProviderError).message).toMatch(/^Test AI: /);
  });
});

describe('readLines', () => {
  it('joins lines split across chunks, handles CRLF split between chunks and a last unterminated line', async () => {
    const { response } = await get(['{"a":', '1}\r', '\n{"b":"é', '"}\n', 'tail']);
    expect(await collect(readLines(response.body))).toEqual(['{"a":1}', '{"b":"é"}', 'tail']);
  });
});

describe('readSse', () => {
  it('parses events whose lines are split anywhere', async () => {
    const stream = 'event: a\ndata: {"x":"😀"}\n\ndata: second\n\n: comment\n\ndata: last';
    const bytes = new TextEncoder().encode(stream);
    for (let cut = 1; cut < bytes.length; cut += 3) {
      const { response } = await get([bytes.slice(0, cut), bytes.slice(cut)]);
      const events = await collect(readSse(response.body));
      expect(events.map((e) => [e.event, e.data])).toEqual([
        ['a', '{"x":"😀"}'],
        [undefined, 'second'],
        [undefined, 'last'],
      ]);
    }
  });
});

describe('send and errors', () => {
  it('maps a non-2xx status to a coded error with the body as detail and Retry-After', async () => {
    script = async (_p, res) => {
      res.writeHead(429, { 'content-type': 'text/html', 'retry-after': '7' });
      res.end('<html>slow down</html>');
    };
    const deadline = withDeadline(new AbortController().signal, 5_000);
    const error = await send(provider, context, `${server.url}/x`, {}, deadline).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({
      code: 'rate-limited',
      status: 429,
      detail: '<html>slow down</html>',
      retryAfterMs: 7000,
      retryable: true,
    });
    expect((error as Error).message).toMatch(/^Test AI: the server answered HTTP 429/);
  });

  it('maps a refused connection to `network`', async () => {
    const deadline = withDeadline(new AbortController().signal, 5_000);
    const closed = await startServer(() => {});
    await closed.close();
    const error = await send(provider, context, `${closed.url}/x`, {}, deadline).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'network', providerId: 'test' });
  });

  it('maps the deadline to `timeout` and the caller’s abort to an AbortError', async () => {
    script = async () => {}; // never answers
    const slow = withDeadline(new AbortController().signal, 50);
    await expect(send(provider, context, `${server.url}/x`, {}, slow)).rejects.toMatchObject({
      code: 'timeout',
    });
    const caller = new AbortController();
    const deadline = withDeadline(caller.signal, 5_000);
    const pending = send(provider, context, `${server.url}/x`, {}, deadline);
    caller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    slow.dispose();
    deadline.dispose();
  });

  it('reads JSON, and calls a non-JSON body a bad response', async () => {
    const { response } = await get(['{"ok":', 'true}']);
    await expect(readJson(provider, response)).resolves.toEqual({ ok: true });
    const html = await get(['<html>']);
    await expect(readJson(provider, html.response)).rejects.toMatchObject({
      code: 'bad-response',
      detail: '<html>',
    });
  });

  it('gives codes for statuses and parses Retry-After dates', async () => {
    expect([401, 403, 402, 408, 413, 429, 500, 503, 404, 400].map(codeForStatus)).toEqual([
      'auth-invalid',
      'auth-invalid',
      'quota-exceeded',
      'timeout',
      'context-too-long',
      'rate-limited',
      'provider-unavailable',
      'provider-unavailable',
      'provider-unavailable',
      'bad-response',
    ]);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    const error = await httpError(provider, new Response('x', { status: 503 }), {
      code: 'provider-unavailable',
      message: 'custom',
    });
    expect(error.message).toBe('custom');
  });
});

describe('api-request', () => {
  const toError = (status: number, _headers: Headers, text: string) =>
    new ProviderError({
      code: 'bad-response',
      message: `mapped ${status}`,
      providerId: 'test',
      detail: text,
    });

  it('lists model pages until the cursor ends, and stops a cursor that never does', async () => {
    script = async (path, res) => {
      const page = Number(new URL(path, server.url).searchParams.get('page') ?? '0');
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          ids: [`m${page}`],
          next: path.includes('endless') || page < 2 ? String(page + 1) : null,
        }),
      );
    };
    const listing = (name: string) => ({
      url: (cursor: string | undefined) => `${server.url}/${name}?page=${cursor ?? 0}`,
      timeoutMs: 2_000,
      toError,
      read: (body: unknown) => {
        const page = body as { ids: string[]; next: string | null };
        return { models: page.ids.map((id) => ({ id })), next: page.next ?? undefined };
      },
    });
    const signal = new AbortController().signal;
    await expect(listModelPages(provider, context, signal, listing('three'))).resolves.toEqual([
      { id: 'm0' },
      { id: 'm1' },
      { id: 'm2' },
    ]);
    const endless = await listModelPages(provider, context, signal, listing('endless'));
    expect(endless).toHaveLength(MAX_MODEL_PAGES);
  });

  it('says a body that is not a list is a bad-response, in the adapter’s words', async () => {
    script = async (_path, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"error":"nope"}');
    };
    await expect(
      listModelPages(provider, context, new AbortController().signal, {
        url: () => `${server.url}/models`,
        timeoutMs: 2_000,
        toError,
        read: () => undefined,
        notAList: 'the model list was not in Test’s format.',
      }),
    ).rejects.toMatchObject({
      code: 'bad-response',
      message: expect.stringContaining('not in Test’s format'),
      detail: '{"error":"nope"}',
    });
  });

  it('posts JSON, maps a refusal with the adapter’s mapper, and retries once with the given body', async () => {
    let posts = 0;
    script = async (_path, res) => {
      posts += 1;
      const body = JSON.parse(server.requests.at(-1)!.body) as { extra?: boolean };
      res.writeHead(body.extra ? 400 : 200, { 'content-type': 'text/plain' });
      res.end(body.extra ? 'unknown field extra' : 'ok');
    };
    const post = (retry: boolean) =>
      postStream(
        provider,
        context,
        {
          url: `${server.url}/chat`,
          headers: { accept: 'text/plain' },
          body: { extra: true },
          toError,
          ...(retry
            ? {
                retryBody: (_status: number, text: string) => (/extra/.test(text) ? {} : undefined),
              }
            : {}),
        },
        withDeadline(new AbortController().signal, 2_000),
      );
    await expect(post(false)).rejects.toMatchObject({
      message: 'mapped 400',
      detail: 'unknown field extra',
    });
    expect(server.requests[0]?.headers['content-type']).toBe('application/json');
    posts = 0;
    const response = await post(true);
    await expect(response.text()).resolves.toBe('ok');
    expect(posts).toBe(2);
  });
});
