import { afterEach, describe, expect, it, vi } from 'vitest';
import { createKeepAlive } from './keep-alive';
import { BADGE_RUNNING, createBadge } from './badge';
import { acceptChatPort, type PortLike } from './chat-port';
import { createClock } from './clock';
import { createPortPair } from '../../tests/fakes/port';
import type { PortEvent, PortRequest } from '../shared/protocol';

afterEach(() => {
  vi.useRealTimers();
});

describe('keep-alive', () => {
  it('pings only while replies run', () => {
    vi.useFakeTimers();
    const ping = vi.fn(async () => undefined);
    const keepAlive = createKeepAlive(ping, 20_000);
    vi.advanceTimersByTime(60_000);
    expect(ping).not.toHaveBeenCalled();
    keepAlive.update(1);
    keepAlive.update(2);
    vi.advanceTimersByTime(60_000);
    expect(ping).toHaveBeenCalledTimes(3);
    keepAlive.update(0);
    expect(keepAlive.active).toBe(false);
    vi.advanceTimersByTime(60_000);
    expect(ping).toHaveBeenCalledTimes(3);
  });
});

describe('badge', () => {
  it('marks running replies, counts unseen finished ones, and clears when a view opens', () => {
    const texts: string[] = [];
    const badge = createBadge({
      setBadgeText: async ({ text }) => void texts.push(text),
      setBadgeBackgroundColor: async () => undefined,
    });
    badge.setRunning(1);
    badge.setRunning(0);
    badge.replyEnded(false);
    badge.replyEnded(false);
    badge.seen();
    badge.replyEnded(true);
    expect(texts).toEqual([BADGE_RUNNING, '', '1', '2', '']);
  });
});

describe('chat port', () => {
  const engine = () => {
    const handled: PortRequest[] = [];
    return {
      handled,
      engine: Promise.resolve({
        handle: async (watcher: { send(e: PortEvent): void }, request: PortRequest) => {
          handled.push(request);
          watcher.send({
            type: 'request-failed',
            error: { code: 'unknown', message: 'echo', retryable: false },
          });
        },
        drop: () => undefined,
      }),
    };
  };

  it('refuses and disconnects a port from outside the extension', async () => {
    const [view, background] = createPortPair('chat/v1', { id: 'ext', url: 'https://evil.test/' });
    const { handled, engine: e } = engine();
    const closed = new Promise<void>((resolve) => view.onDisconnect.addListener(resolve));
    expect(
      acceptChatPort(background as unknown as PortLike, {
        isOwnPage: (s) => s?.url?.startsWith('chrome-extension://') ?? false,
        engine: e,
      }),
    ).toBe(false);
    await closed;
    expect(() => view.postMessage({ type: 'chat-stop', streamId: 'x' })).toThrow();
    expect(handled).toEqual([]);
  });

  it('handles requests from its own pages in order and ignores anything else', async () => {
    const [view, background] = createPortPair<PortEvent, unknown>('chat/v1', {
      id: 'ext',
      url: 'chrome-extension://ext/popup.html',
    });
    const { handled, engine: e } = engine();
    acceptChatPort(background as unknown as PortLike, { isOwnPage: () => true, engine: e });
    const received: PortEvent[] = [];
    view.onMessage.addListener((event) => received.push(event));
    view.postMessage({ type: 'chat-attach', conversationId: 'a' });
    view.postMessage({ type: 'nonsense' });
    view.postMessage({ type: 'chat-stop', streamId: 's' });
    await vi.waitFor(() => expect(received).toHaveLength(2));
    expect(handled.map((r) => r.type)).toEqual(['chat-attach', 'chat-stop']);
  });

  it('leaves ports with other names alone', () => {
    const [, background] = createPortPair('other', { id: 'ext', url: 'chrome-extension://ext/' });
    expect(
      acceptChatPort(background as unknown as PortLike, {
        isOwnPage: () => true,
        engine: engine().engine,
      }),
    ).toBe(false);
  });
});

describe('clock', () => {
  it('never repeats or goes back', () => {
    const times = [5, 5, 5, 3, 10];
    const clock = createClock(() => times.shift()!);
    expect([clock(), clock(), clock(), clock(), clock()]).toEqual([5, 6, 7, 8, 10]);
  });
});
