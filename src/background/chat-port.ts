// The chat port (`chat/v1`): one per open view. Requests on a port are handled one after another,
// in arrival order, once the worker is ready; a closed port stops watching but never stops a reply.
import {
  CHAT_PORT_NAME,
  isPortRequest,
  type PortEvent,
  type PortRequest,
  type StreamPartEvent,
} from '../shared/protocol';
import { toWireError } from '../shared/errors';
import type { Watcher } from './jobs';

export interface PortLike {
  name: string;
  sender?: { id?: string; url?: string };
  postMessage(message: unknown): void;
  disconnect(): void;
  onMessage: { addListener(listener: (message: unknown) => void): void };
  onDisconnect: { addListener(listener: () => void): void };
}

export interface ChatPortDeps {
  isOwnPage(sender: PortLike['sender']): boolean;
  /** Resolves to the engine once the store is open and recovery has run. */
  engine: Promise<{
    handle(watcher: Watcher, request: PortRequest): Promise<void>;
    drop(watcher: Watcher): void;
  }>;
  onViewConnected?(): void;
  log?(message: string, detail?: unknown): void;
  /** The parts' window in milliseconds (PART_WINDOW_MS); 0 sends every part as it comes. */
  partWindowMs?: number;
  /** The clock and timer the window uses (tests pass fakes). */
  timers?: PartTimers;
}

export interface PartTimers {
  now(): number;
  set(task: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

/**
 * Parts are sent at most once per this many milliseconds per port, those that came meanwhile
 * together (`stream-parts`). Each port message costs the view a task of its own whatever it holds:
 * four replies at a fast model's 250 tokens/s are 1,000 messages a second, and receiving them was
 * the largest share of the full page's main thread in bench/compare (docs/performance.md). A view
 * draws once a frame (16.7 ms at 60 Hz) anyway, so 8 ms adds less than a frame.
 */
export const PART_WINDOW_MS = 8;

const systemTimers: PartTimers = {
  now: () => performance.now(),
  set: (task, ms) => setTimeout(task, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Sends a port's events in order, parts batched: the first part after a quiet window goes at once,
 * the ones after it together when the window ends; any other event sends the waiting parts first.
 */
export function partBatcher(
  post: (event: PortEvent) => void,
  windowMs: number,
  timers: PartTimers,
): { send(event: PortEvent): void; drop(): void } {
  let waiting: StreamPartEvent[] = [];
  let timer: unknown;
  let lastSent = -Infinity;
  const flush = () => {
    if (timer !== undefined) timers.clear(timer);
    timer = undefined;
    if (waiting.length === 0) return;
    const parts = waiting;
    waiting = [];
    lastSent = timers.now();
    post(parts.length === 1 ? parts[0]! : { type: 'stream-parts', parts });
  };
  return {
    send(event) {
      if (event.type !== 'stream-part') {
        flush();
        post(event);
        return;
      }
      waiting.push(event);
      if (timer !== undefined) return;
      const due = lastSent + windowMs - timers.now();
      if (due <= 0) flush();
      else timer = timers.set(flush, due);
    },
    drop() {
      if (timer !== undefined) timers.clear(timer);
      timer = undefined;
      waiting = [];
    },
  };
}

function answerFailed(watcher: Watcher, request: PortRequest, error: unknown): void {
  const failed: PortEvent = { type: 'request-failed', error: toWireError(error) };
  if ('streamId' in request) failed.streamId = request.streamId;
  if ('conversationId' in request && request.conversationId) {
    failed.conversationId = request.conversationId;
  }
  try {
    watcher.send(failed);
  } catch {
    // The view has gone.
  }
}

/** Call from runtime.onConnect. Returns false (and disconnects) for ports that are not ours. */
export function acceptChatPort(port: PortLike, deps: ChatPortDeps): boolean {
  if (port.name !== CHAT_PORT_NAME) return false;
  if (!deps.isOwnPage(port.sender)) {
    deps.log?.('refused a chat port from outside the extension', port.sender?.url);
    port.disconnect();
    return false;
  }
  deps.onViewConnected?.();
  let open = true;
  const batcher = partBatcher(
    (event) => {
      if (!open) return;
      try {
        port.postMessage(event);
      } catch {
        // Disconnected before onDisconnect said so (a timer's flush can find it so): what the
        // message held has no one to see it, and the next send drops the watcher.
        open = false;
      }
    },
    deps.partWindowMs ?? PART_WINDOW_MS,
    deps.timers ?? systemTimers,
  );
  const watcher: Watcher = {
    send(event: PortEvent) {
      if (!open) throw new Error('port closed');
      batcher.send(event);
    },
  };
  let queue: Promise<unknown> = Promise.resolve();
  port.onMessage.addListener((message) => {
    if (!isPortRequest(message)) return;
    queue = queue
      .then(async () => {
        let engine: Awaited<ChatPortDeps['engine']>;
        try {
          engine = await deps.engine;
        } catch (error) {
          // The worker could not start: every request is answered, with the start's coded error.
          return answerFailed(watcher, message, error);
        }
        return engine.handle(watcher, message);
      })
      .catch((error: unknown) => deps.log?.('port request failed', error));
  });
  port.onDisconnect.addListener(() => {
    open = false;
    batcher.drop();
    void deps.engine.then(
      (engine) => engine.drop(watcher),
      () => undefined,
    );
  });
  return true;
}
