// Port parts applied once per animation frame. A fast stream can deliver thousands of parts a
// second (the flood benchmark sends 100,000 one-byte deltas); applying each on its own would
// re-render the reply thousands of times for frames nobody sees. Parts queue here and are handed
// over together, in order, before the next frame; a hidden page (no frames) is served by a timer.

export interface FrameBatch<T> {
  push(item: T): void;
  /** Hands over what is queued now (e.g. before a message that must see the parts applied). */
  flush(): void;
  /** Drops what is queued and stops the timers (the view closed). */
  dispose(): void;
}

export interface FrameScheduler {
  requestFrame(callback: () => void): () => void;
  /** A fallback for when no frame comes (a hidden page); the first of the two to fire wins. */
  setTimer(callback: () => void, ms: number): () => void;
}

const FALLBACK_MS = 100;

export const browserFrames: FrameScheduler = {
  requestFrame(callback) {
    if (typeof requestAnimationFrame !== 'function') return this.setTimer(callback, 16);
    const id = requestAnimationFrame(callback);
    return () => cancelAnimationFrame(id);
  },
  setTimer(callback, ms) {
    const id = setTimeout(callback, ms);
    return () => clearTimeout(id);
  },
};

export function frameBatch<T>(
  apply: (items: T[]) => void,
  frames: FrameScheduler = browserFrames,
): FrameBatch<T> {
  let queue: T[] = [];
  let cancels: (() => void)[] = [];
  const flush = () => {
    for (const cancel of cancels) cancel();
    cancels = [];
    if (queue.length === 0) return;
    const items = queue;
    queue = [];
    apply(items);
  };
  return {
    push(item) {
      queue.push(item);
      if (cancels.length === 0)
        cancels = [frames.requestFrame(flush), frames.setTimer(flush, FALLBACK_MS)];
    },
    flush,
    dispose() {
      for (const cancel of cancels) cancel();
      cancels = [];
      queue = [];
    },
  };
}
