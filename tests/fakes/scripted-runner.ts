// A behavioural fake of the provider runner: each run() returns a stream the test drives by hand —
// push events, fail, end — and which honours the abort signal like a real adapter (it throws an
// AbortError at its next step once aborted).
import type { ReplyRunner } from '../../src/background/jobs';
import type { RunEvent } from '../../src/background/provider-runner';
import type { ChatMessage } from '../../src/providers/types';

export interface ScriptedRun {
  providerId: string;
  /** The model the engine asked for (none: the provider's own default). */
  model: string | undefined;
  messages: ChatMessage[];
  signal: AbortSignal;
  push(...events: RunEvent[]): void;
  fail(error: unknown): void;
  end(): void;
}

export function createScriptedRunner(): ReplyRunner & {
  runs: ScriptedRun[];
  next(): Promise<ScriptedRun>;
} {
  const runs: ScriptedRun[] = [];
  const waiters: Array<(run: ScriptedRun) => void> = [];
  return {
    runs,
    next: () =>
      new Promise<ScriptedRun>((resolve) => {
        const pending = runs.find((r) => !(r as { claimed?: boolean }).claimed);
        if (pending) {
          (pending as { claimed?: boolean }).claimed = true;
          resolve(pending);
        } else waiters.push(resolve);
      }),
    run({ providerId, messages, signal, model }) {
      type Step =
        { kind: 'event'; event: RunEvent } | { kind: 'fail'; error: unknown } | { kind: 'end' };
      const queue: Step[] = [];
      let wake: (() => void) | undefined;
      const enqueue = (step: Step) => {
        queue.push(step);
        wake?.();
      };
      signal.addEventListener('abort', () => wake?.());
      const run: ScriptedRun = {
        providerId,
        model,
        messages,
        signal,
        push: (...events) => events.forEach((event) => enqueue({ kind: 'event', event })),
        fail: (error) => enqueue({ kind: 'fail', error }),
        end: () => enqueue({ kind: 'end' }),
      };
      runs.push(run);
      const waiter = waiters.shift();
      if (waiter) {
        (run as { claimed?: boolean }).claimed = true;
        waiter(run);
      }
      return (async function* () {
        for (;;) {
          if (signal.aborted) throw new DOMException('aborted', 'AbortError');
          const step = queue.shift();
          if (!step) {
            await new Promise<void>((resolve) => (wake = resolve));
            continue;
          }
          if (step.kind === 'end') return;
          if (step.kind === 'fail') throw step.error;
          yield step.event;
        }
      })();
    },
  };
}
