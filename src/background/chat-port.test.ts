// The chat port's part window (chat-port.ts, `partBatcher`): parts that come within a few
// milliseconds of each other go to the view as one port message, in order; nothing else waits.
import { describe, expect, it } from 'vitest';
import { acceptChatPort, partBatcher, type PartTimers, type PortLike } from './chat-port';
import type { PortEvent, StreamPartEvent } from '../shared/protocol';
import type { Watcher } from './jobs';

/** A clock that moves only when told, and the timers due by then. */
function manualTimers() {
  let now = 0;
  let next = 1;
  const due = new Map<number, { at: number; task: () => void }>();
  const timers: PartTimers = {
    now: () => now,
    set: (task, ms) => {
      const handle = next++;
      due.set(handle, { at: now + ms, task });
      return handle;
    },
    clear: (handle) => void due.delete(handle as number),
  };
  const advance = (ms: number) => {
    now += ms;
    for (const [handle, timer] of [...due].sort((a, b) => a[1].at - b[1].at)) {
      if (timer.at > now) continue;
      due.delete(handle);
      timer.task();
    }
  };
  return { timers, advance, pending: () => due.size };
}

const part = (seq: number, delta = `d${seq}`): StreamPartEvent => ({
  type: 'stream-part',
  streamId: 's1',
  conversationId: 'c1',
  messageId: 'm1',
  seq,
  part: { type: 'text-delta', delta },
});

describe('partBatcher', () => {
  it('sends the first part at once, and those within the window together when it ends', () => {
    const { timers, advance } = manualTimers();
    const posted: PortEvent[] = [];
    const batcher = partBatcher((e) => posted.push(e), 8, timers);
    batcher.send(part(0));
    expect(posted).toEqual([part(0)]);
    advance(2);
    batcher.send(part(1));
    advance(3);
    batcher.send(part(2));
    expect(posted).toHaveLength(1);
    advance(3); // 8 ms after the first went
    expect(posted).toEqual([part(0), { type: 'stream-parts', parts: [part(1), part(2)] }]);
    // Quiet for a window: the next one goes at once again.
    advance(20);
    batcher.send(part(3));
    expect(posted.at(-1)).toEqual(part(3));
  });

  it('sends the waiting parts before any other event, so the order holds', () => {
    const { timers, advance, pending } = manualTimers();
    const posted: PortEvent[] = [];
    const batcher = partBatcher((e) => posted.push(e), 8, timers);
    batcher.send(part(0));
    batcher.send(part(1));
    const failed: PortEvent = {
      type: 'request-failed',
      error: { code: 'unknown', message: 'x', retryable: false },
    };
    batcher.send(failed);
    expect(posted).toEqual([part(0), part(1), failed]);
    expect(pending()).toBe(0);
    advance(100);
    expect(posted).toHaveLength(3);
  });

  it('sends every part as it comes with a window of 0', () => {
    const { timers } = manualTimers();
    const posted: PortEvent[] = [];
    const batcher = partBatcher((e) => posted.push(e), 0, timers);
    for (let seq = 0; seq < 3; seq++) batcher.send(part(seq));
    expect(posted).toEqual([part(0), part(1), part(2)]);
  });
});

describe('a chat port with the window', () => {
  function openPort(timers: PartTimers) {
    const posted: unknown[] = [];
    const listeners: { message: ((m: unknown) => void)[]; disconnect: (() => void)[] } = {
      message: [],
      disconnect: [],
    };
    let broken = false;
    const port: PortLike = {
      name: 'chat/v1',
      sender: { id: 'self', url: 'chrome-extension://self/popup.html' },
      postMessage: (message) => {
        if (broken) throw new Error('Attempting to use a disconnected port object');
        posted.push(message);
      },
      disconnect: () => undefined,
      onMessage: { addListener: (l) => void listeners.message.push(l) },
      onDisconnect: { addListener: (l) => void listeners.disconnect.push(l) },
    };
    let watcher: Watcher | undefined;
    acceptChatPort(port, {
      isOwnPage: () => true,
      engine: Promise.resolve({
        handle: async (w) => void (watcher = w),
        drop: () => undefined,
      }),
      timers,
    });
    return {
      posted,
      watcher: () => watcher!,
      request: (m: unknown) => listeners.message.forEach((l) => l(m)),
      disconnect: () => listeners.disconnect.forEach((l) => l()),
      breakPort: () => (broken = true),
    };
  }

  it('drops what waits when the view goes, and a flush that finds the port broken throws nothing', async () => {
    const { timers, advance } = manualTimers();
    const view = openPort(timers);
    view.request({ type: 'chat-attach', conversationId: 'c1' });
    await expect.poll(() => view.watcher()).toBeDefined();
    const watcher = view.watcher();
    watcher.send(part(0));
    watcher.send(part(1));
    view.breakPort();
    expect(() => advance(8)).not.toThrow();
    // The next send tells the engine the view is gone.
    expect(() => watcher.send(part(2))).toThrow('port closed');
    expect(view.posted).toEqual([part(0)]);

    const other = openPort(timers);
    other.request({ type: 'chat-attach', conversationId: 'c1' });
    await expect.poll(() => other.watcher()).toBeDefined();
    other.watcher().send(part(0));
    other.watcher().send(part(1));
    other.disconnect();
    advance(8);
    expect(other.posted).toEqual([part(0)]);
  });
});
