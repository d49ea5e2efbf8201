import { describe, expect, it } from 'vitest';
import { frameBatch, type FrameScheduler } from './frame-batch';

/** Frames and timers that run only when the test says so. */
function manualFrames() {
  const frames = new Set<() => void>();
  const timers = new Set<() => void>();
  const scheduler: FrameScheduler = {
    requestFrame(callback) {
      frames.add(callback);
      return () => frames.delete(callback);
    },
    setTimer(callback) {
      timers.add(callback);
      return () => timers.delete(callback);
    },
  };
  const run = (set: Set<() => void>) => {
    const due = [...set];
    set.clear();
    for (const callback of due) callback();
  };
  return { scheduler, frames, timers, frame: () => run(frames), timer: () => run(timers) };
}

describe('frameBatch', () => {
  it('hands over everything pushed before a frame together, in order, once', () => {
    const clock = manualFrames();
    const applied: number[][] = [];
    const queue = frameBatch<number>((items) => applied.push(items), clock.scheduler);
    for (let i = 0; i < 1_000; i++) queue.push(i);
    expect(applied).toEqual([]);
    expect(clock.frames.size).toBe(1);
    clock.frame();
    expect(applied).toHaveLength(1);
    expect(applied[0]).toEqual(Array.from({ length: 1_000 }, (_, i) => i));
    // The timer of the same round was cancelled: nothing is applied twice.
    expect(clock.timers.size).toBe(0);
    queue.push(1_000);
    clock.frame();
    expect(applied).toEqual([applied[0], [1_000]]);
  });

  it('is served by the timer when no frame comes (a hidden page)', () => {
    const clock = manualFrames();
    const applied: string[][] = [];
    const queue = frameBatch<string>((items) => applied.push(items), clock.scheduler);
    queue.push('a');
    queue.push('b');
    clock.timer();
    expect(applied).toEqual([['a', 'b']]);
    expect(clock.frames.size).toBe(0);
  });

  it('flushes on demand and drops what is queued when disposed', () => {
    const clock = manualFrames();
    const applied: string[][] = [];
    const queue = frameBatch<string>((items) => applied.push(items), clock.scheduler);
    queue.push('a');
    queue.flush();
    expect(applied).toEqual([['a']]);
    queue.flush();
    expect(applied).toHaveLength(1);
    queue.push('b');
    queue.dispose();
    clock.frame();
    clock.timer();
    expect(applied).toEqual([['a']]);
  });
});
