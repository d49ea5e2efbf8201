// The behaviour every seed adapter shares, run by each adapter's own test file against its own
// emulator: the exact three-turn request (byte for byte, from a fixture written by hand from the
// spec), the assembled reply, streaming UTF-8 decoding at every chunk boundary, every misbehaviour
// ending in the right error code with the partial text kept, and aborts at any point releasing the
// connection. Adapter-specific rules (bodies, history encodings, protocol errors) stay in the
// adapter's own file.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ProviderError, type ChatEvent, type ProviderAdapter } from '../../src/providers/types';
import type { Emulator } from './emulator';
import { largeText } from './emulator';
import {
  asSent,
  expectWellFormed,
  nodeContext,
  readRequestFixture,
  runAdapter,
  THREE_TURNS,
} from './adapter-harness';

export interface ContractOptions<M extends Emulator<{ kind: string }>> {
  adapter: ProviderAdapter;
  start(): Promise<M>;
  /** What the emulator answers by default. */
  replyText: string;
  /** fixtures/three-turn.http next to the adapter; `HOST` in it stands for the mock's host. */
  fixture: URL;
  /** For adapters that need the browser's cookies: the context says it has them. */
  cookies?: boolean;
  /** Gives the test access to the running emulator. */
  onStart?(mock: M): void;
}

const SPLIT_SAMPLE = 'Привет, 世界! 👋🏽';

/**
 * Where the cut test cuts the framed answer: inside every multi-byte character (the point of the
 * test), and every fifth byte besides, so the framing's lines and JSON tokens are cut too. Sized
 * for a busy two-core machine; `PARLEY_SWEEP=full` cuts at every byte.
 */
function cutPoints(bytes: Uint8Array): number[] {
  const full = process.env.PARLEY_SWEEP === 'full';
  return [...bytes.keys()].filter(
    (at) => at > 0 && (full || (bytes[at]! & 0xc0) === 0x80 || at % 5 === 0),
  );
}

export function adapterContract<M extends Emulator<{ kind: string }>>(
  options: ContractOptions<M>,
): void {
  const { adapter } = options;
  const whole = adapter.capabilities.streaming === 'whole';
  let mock: M;
  const context = () => nodeContext({ cookies: options.cookies ?? true });
  const run = (extra: Parameters<typeof runAdapter>[1] extends infer R ? Partial<R> : never = {}) =>
    runAdapter(adapter, { baseUrl: mock.url, ...extra }, context());

  beforeAll(async () => {
    mock = await options.start();
    options.onStart?.(mock);
  });
  afterAll(() => mock.close());
  beforeEach(() => mock.reset());

  describe(`${adapter.displayName}: the shared contract`, () => {
    it('sends the three-turn conversation exactly as the spec says, byte for byte', async () => {
      const result = await run({ messages: THREE_TURNS });
      expect(result.error).toBeUndefined();
      const expected = readRequestFixture(options.fixture);
      for (const [name, value] of Object.entries(expected.headers)) {
        if (value === 'HOST') expected.headers[name] = new URL(mock.url).host;
      }
      expect(mock.requests).toHaveLength(1);
      expect(asSent(mock.requests[0]!, expected)).toEqual(expected);
      expect(Buffer.from(mock.requests[0]!.body)).toEqual(Buffer.from(expected.body));
    });

    it('assembles the reply: stream-start, deltas, finish', async () => {
      const result = await run();
      expect(result.error).toBeUndefined();
      expect(result.text).toBe(options.replyText);
      expectWellFormed(result.events);
      expect(result.events[0]).toEqual({ type: 'stream-start', model: 'gpt-3.5-turbo' });
      if (whole) expect(result.deltas).toHaveLength(1);
      else expect(result.deltas.length).toBeGreaterThan(1);
    });

    it('assembles a reply of 1 MB', async () => {
      mock.behave({ kind: 'large' });
      const result = await run();
      expect(result.error).toBeUndefined();
      expect(result.text).toBe(largeText());
      expect(Buffer.byteLength(result.text)).toBeGreaterThanOrEqual(1_000_000);
    });

    it('never decodes a chunk on its own: every cut of the answer’s bytes survives', async () => {
      // Cut the framed answer inside every multi-byte character and across the framing. Decoding
      // a chunk on its own would turn a cut character into U+FFFD.
      const framed = new TextEncoder().encode(mock.framedBody(SPLIT_SAMPLE));
      const cuts = cutPoints(framed);
      // Inside each of the sample's characters at least once (16 continuation bytes), more where the
      // framing repeats the text.
      expect(cuts.filter((at) => (framed[at]! & 0xc0) === 0x80).length).toBeGreaterThanOrEqual(16);
      let twoChunks = 0;
      for (const at of cuts) {
        mock.behave({ kind: 'split', text: SPLIT_SAMPLE, at });
        const observed = context();
        const result = await runAdapter(adapter, { baseUrl: mock.url }, observed);
        expect(result.error).toBeUndefined();
        expect(result.text).toBe(SPLIT_SAMPLE);
        if (observed.chunks.length >= 2 && observed.chunks[0] === at) twoChunks += 1;
      }
      // The two writes reached the adapter as two chunks, cut where we cut them (else the test
      // would prove nothing). Rarely the network joins them; most must arrive apart.
      expect(twoChunks).toBeGreaterThan(cuts.length * 0.8);
    });

    it('survives one byte per chunk', async () => {
      mock.behave({ kind: 'bytes', text: SPLIT_SAMPLE });
      const observed = context();
      const result = await runAdapter(adapter, { baseUrl: mock.url }, observed);
      expect(result.text).toBe(SPLIT_SAMPLE);
      expect(observed.chunks.length).toBeGreaterThan(10);
    });

    it('turns an HTTP 500 with an HTML body into provider-unavailable, with status and detail', async () => {
      mock.behave({ kind: 'http-error', status: 500 });
      const result = await run();
      expect(result.events).toEqual([]);
      expect(result.error).toBeInstanceOf(ProviderError);
      expect(result.error).toMatchObject({
        code: 'provider-unavailable',
        status: 500,
        providerId: adapter.id,
        retryable: true,
      });
      expect((result.error as ProviderError).detail).toContain('<html>');
      expect((result.error as Error).message).toMatch(
        new RegExp(`^${escape(adapter.displayName)}: the server answered HTTP 500`),
      );
    });

    it.each([
      [429, 'rate-limited'],
      [404, 'provider-unavailable'],
      [400, 'bad-response'],
      [502, 'provider-unavailable'],
    ] as const)('turns HTTP %i into %s', async (status, code) => {
      mock.behave({ kind: 'http-error', status });
      const result = await run();
      expect(result.error).toMatchObject({ code, status, providerId: adapter.id });
    });

    it('reports a reset mid-reply as `network`, keeping the text that came', async () => {
      mock.behave({ kind: 'reset', text: 'one two three four five six seven eight' });
      const result = await run();
      expect(result.error).toMatchObject({ code: 'network', providerId: adapter.id });
      expect((result.error as Error).message).toMatch(
        new RegExp(`^${escape(adapter.displayName)}:`),
      );
      expect(result.events.at(-1)?.type).not.toBe('finish');
      if (whole) {
        expect(result.text).toBe(''); // half a JSON answer is no answer
      } else {
        expect(result.text.length).toBeGreaterThan(0);
        expect('one two three four five six seven eight'.startsWith(result.text)).toBe(true);
      }
    });

    it('calls an empty body a bad response', async () => {
      mock.behave({ kind: 'empty' });
      const result = await run();
      expect(result.error).toMatchObject({ code: 'bad-response', providerId: adapter.id });
      expect(result.text).toBe('');
    });

    it('waits for a slow drip, and keeps its partial text when the time limit passes', async () => {
      mock.behave({ kind: 'drip', text: 'slow but sure', delayMs: 1 });
      const slow = await run();
      expect(slow.error).toBeUndefined();
      expect(slow.text).toBe('slow but sure');

      mock.behave({ kind: 'drip', text: 'x '.repeat(400), delayMs: 2 });
      const late = await run({ timeoutMs: 300 });
      expect(late.error).toMatchObject({
        code: 'timeout',
        providerId: adapter.id,
        retryable: true,
      });
      if (!whole) expect(late.text).toMatch(/^x[x ]*$/);
      await mock.waitForClosedEarly(1);
    });

    it('connection refused is `network`', async () => {
      const result = await runAdapter(adapter, { baseUrl: 'http://127.0.0.1:9' }, context());
      expect(result.error).toMatchObject({ code: 'network', providerId: adapter.id });
    });

    it('sends nothing when the signal is already aborted, and throws an AbortError', async () => {
      const controller = new AbortController();
      controller.abort();
      const result = await run({ signal: controller.signal });
      expect(result.error).toMatchObject({ name: 'AbortError' });
      expect(result.events).toEqual([]);
      expect(mock.requests).toHaveLength(0);
    });

    it('aborts before the response: AbortError, and the server sees the connection close', async () => {
      mock.behave({ kind: 'hang' });
      const controller = new AbortController();
      const pending = run({ signal: controller.signal });
      await until(() => mock.requests.length === 1);
      controller.abort();
      const result = await pending;
      expect(result.error).toMatchObject({ name: 'AbortError' });
      expect(result.error).not.toBeInstanceOf(ProviderError);
      await mock.waitForClosedEarly(1);
    });

    it('aborts mid-reply: AbortError after the text so far, and the connection is released', async () => {
      mock.behave({ kind: 'stall', text: 'first then nothing' });
      const controller = new AbortController();
      const events: ChatEvent[] = [];
      let error: unknown;
      const iterator = adapter.streamChat(
        {
          messages: [{ role: 'user', content: 'Hi' }],
          baseUrl: mock.url,
          signal: controller.signal,
        },
        context(),
      );
      try {
        if (whole) {
          // A whole answer yields nothing until its body is complete: abort while it is half sent.
          setTimeout(() => controller.abort(), 100);
          for await (const event of iterator) events.push(event);
        } else {
          for await (const event of iterator) {
            events.push(event);
            if (event.type === 'text-delta') controller.abort();
          }
        }
      } catch (thrown) {
        error = thrown;
      }
      expect(error).toMatchObject({ name: 'AbortError' });
      if (!whole) expect(events.map((e) => e.type)).toEqual(['stream-start', 'text-delta']);
      else expect(events).toEqual([]);
      await mock.waitForClosedEarly(1);
    });

    if (!whole) {
      it('releases the connection when the consumer stops reading', async () => {
        mock.behave({ kind: 'stall', text: 'first then nothing' });
        const iterator = adapter.streamChat(
          {
            messages: [{ role: 'user', content: 'Hi' }],
            baseUrl: mock.url,
            signal: new AbortController().signal,
          },
          context(),
        );
        for await (const event of iterator) if (event.type === 'text-delta') break;
        await mock.waitForClosedEarly(1);
      });
    }

    it('uses the base URL it is given, with or without a trailing slash', async () => {
      const result = await runAdapter(adapter, { baseUrl: `${mock.url}/` }, context());
      expect(result.error).toBeUndefined();
      expect(mock.requests[0]?.path).toBe(readRequestFixture(options.fixture).path);
    });
  });
}

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
