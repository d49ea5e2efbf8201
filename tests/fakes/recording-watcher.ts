// A view's end of the chat port as the engine's tests see it (src/background/jobs.ts `Watcher`):
// every event it was sent, copied as a Port would clone it, and the slices the tests ask about.
import { expect, vi } from 'vitest';
import type { Watcher } from '../../src/background/jobs';
import type { PortEvent, StreamPart } from '../../src/shared/protocol';

type StateEvent = Extract<PortEvent, { type: 'conversation-state' }>;
type FailedEvent = Extract<PortEvent, { type: 'request-failed' }>;
type PartEvent = Extract<PortEvent, { type: 'stream-part' }>;

export class RecordingWatcher implements Watcher {
  events: PortEvent[] = [];

  send(event: PortEvent): void {
    this.events.push(JSON.parse(JSON.stringify(event)) as PortEvent);
  }

  private partEvents(streamId?: string): PartEvent[] {
    return this.events.filter(
      (e): e is PartEvent =>
        e.type === 'stream-part' && (streamId === undefined || e.streamId === streamId),
    );
  }

  /** The stream parts, of one stream or of every one, in the order sent. */
  parts(streamId?: string): StreamPart[] {
    return this.partEvents(streamId).map((e) => e.part);
  }

  seqs(streamId: string): number[] {
    return this.partEvents(streamId).map((e) => e.seq);
  }

  states(): StateEvent[] {
    return this.events.filter((e): e is StateEvent => e.type === 'conversation-state');
  }

  lastState(): StateEvent | undefined {
    return this.states().at(-1);
  }

  failures(): FailedEvent[] {
    return this.events.filter((e): e is FailedEvent => e.type === 'request-failed');
  }

  async waitFor(predicate: (events: PortEvent[]) => boolean): Promise<void> {
    await vi.waitFor(() => expect(predicate(this.events)).toBe(true), {
      timeout: 2_000,
      interval: 5,
    });
  }

  /** Waits until `count` streams have finished. */
  async finished(count: number): Promise<void> {
    await vi.waitFor(() =>
      expect(this.parts().filter((p) => p.type === 'finish')).toHaveLength(count),
    );
  }
}
