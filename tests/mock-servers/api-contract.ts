// The contract every API adapter (Anthropic, Gemini, Ollama, OpenAI-compatible) keeps, run by each
// one's test file against its own emulator: the stream's shape, characters cut between network
// chunks, the transport's failures, and aborts releasing the connection. What differs per service
// (the request body, its documented errors, reasoning, usage) stays in the service's own tests.
import { describe, expect, it } from 'vitest';
import { ProviderError, type ChatRequest, type ProviderAdapter } from '../../src/providers/types';
import { nodeContext, run } from './adapter-harness';
import { cutBytes, type ScriptedServer } from './scripted';
import { startServer } from './server';

export interface ApiContractSubject {
  adapter: ProviderAdapter;
  /** The emulator, started by the test file (called inside each test). */
  server(): ScriptedServer;
  /** A request to `baseUrl` (the emulator's unless given) with whatever the service needs (a key). */
  request(overrides?: Partial<ChatRequest> & { baseUrl?: string }): ChatRequest;
  contentType: string;
  /** The service's stream of these text pieces, one write each; without its end when `end` is false. */
  reply(text: string[], options: { end: boolean }): string[];
}

export function apiAdapterContract(subject: ApiContractSubject): void {
  const { adapter } = subject;
  const stream = (chunks: readonly (string | Uint8Array)[], extra: object = {}) =>
    subject.server().next({ kind: 'stream', contentType: subject.contentType, chunks, ...extra });

  describe(`${adapter.displayName}: the shared API contract`, () => {
    it('streams deltas between one stream-start and one finish', async () => {
      stream(subject.reply(['Привет', ', мир', '!'], { end: true }));
      const outcome = await run(adapter.streamChat(subject.request(), nodeContext()));
      expect(outcome.error).toBeUndefined();
      expect(outcome.deltas).toEqual(['Привет', ', мир', '!']);
      const types = outcome.events.map((e) => e.type);
      expect(types[0]).toBe('stream-start');
      expect(types.at(-1)).toBe('finish');
      expect(types.filter((t) => t === 'stream-start' || t === 'finish')).toHaveLength(2);
    });

    it('keeps multi-byte characters whole when a chunk ends inside one', async () => {
      const body = subject.reply(['Жук ', '😀'], { end: true }).join('');
      const bytes = new TextEncoder().encode(body);
      // Every cut before a UTF-8 continuation byte: inside Ж, у, к and 😀 (1 + 1 + 1 + 3).
      const cuts = [...bytes.keys()].filter((i) => (bytes[i]! & 0xc0) === 0x80);
      expect(cuts).toHaveLength(6);
      for (const at of cuts) {
        stream(cutBytes(body, at), { delayMs: 0 });
        const outcome = await run(adapter.streamChat(subject.request(), nodeContext()));
        expect([outcome.text, outcome.error]).toEqual(['Жук 😀', undefined]);
      }
    });

    it('maps a refused connection to `network` and a silent server to `timeout`', async () => {
      const closed = await startServer(() => {});
      await closed.close();
      const refused = await run(
        adapter.streamChat(subject.request({ baseUrl: closed.url }), nodeContext()),
      );
      expect(refused.error).toBeInstanceOf(ProviderError);
      expect(refused.error).toMatchObject({ code: 'network', providerId: adapter.id });
      expect((refused.error as Error).message.startsWith(`${adapter.displayName}: `)).toBe(true);

      subject.server().next({ kind: 'silence' });
      const silent = await run(
        adapter.streamChat(subject.request({ timeoutMs: 100 }), nodeContext()),
      );
      expect(silent.error).toMatchObject({ code: 'timeout', providerId: adapter.id });
    });

    it('maps an HTML error page to provider-unavailable, with the status and the page as detail', async () => {
      subject
        .server()
        .next({ kind: 'text', status: 503, body: '<html>Service Unavailable</html>' });
      const outcome = await run(adapter.streamChat(subject.request(), nodeContext()));
      expect(outcome.events).toEqual([]);
      expect(outcome.error).toMatchObject({
        code: 'provider-unavailable',
        providerId: adapter.id,
        status: 503,
        retryable: true,
      });
      expect((outcome.error as ProviderError).detail).toContain('Service Unavailable');
    });

    it('stops with an AbortError once aborted mid-reply and releases the connection', async () => {
      stream(subject.reply(['first', 'second'], { end: false }), { end: 'hang' });
      const controller = new AbortController();
      let deltas = 0;
      let thrown: unknown;
      try {
        for await (const event of adapter.streamChat(
          subject.request({ signal: controller.signal }),
          nodeContext(),
        )) {
          if (event.type === 'text-delta') {
            deltas++;
            controller.abort();
          }
        }
      } catch (error) {
        thrown = error;
      }
      // The first delta came and nothing after it, not even one read in the same network chunk.
      expect(deltas).toBe(1);
      expect(thrown).toMatchObject({ name: 'AbortError' });
      await expect(subject.server().closed()).resolves.toBeUndefined();
    });

    it('releases the connection when the consumer stops reading', async () => {
      stream(subject.reply(['first', 'second'], { end: false }), { end: 'hang' });
      for await (const event of adapter.streamChat(subject.request(), nodeContext())) {
        if (event.type === 'text-delta') break;
      }
      await expect(subject.server().closed()).resolves.toBeUndefined();
    });
  });
}
