// The frame every adapter's stream runs in: a deadline joined to the caller's signal, every failure
// mapped to a ProviderError (or the caller's AbortError passed through), and the deadline's timer
// always released — also when the consumer stops reading early — and nothing yielded after an abort.
import type { ChatEvent } from '../types';
import { withDeadline, type Deadline } from './abort';
import type { ProviderIdentity } from './errors';
import { failure } from './http';

export async function* guarded(
  provider: ProviderIdentity,
  signal: AbortSignal,
  timeoutMs: number,
  work: (deadline: Deadline) => AsyncIterable<ChatEvent>,
): AsyncGenerator<ChatEvent> {
  const deadline = withDeadline(signal, timeoutMs);
  try {
    for await (const event of work(deadline)) {
      // Events already read in the same network chunk as an abort must not follow it: once the
      // caller stops the reply, nothing more is yielded (the contract tests hold every adapter to it).
      deadline.signal.throwIfAborted();
      yield event;
    }
  } catch (error) {
    throw failure(provider, error, deadline);
  } finally {
    deadline.dispose();
  }
}
