// The chat port (`chat/v1`): one per open view. Requests on a port are handled one after another,
// in arrival order, once the worker is ready; a closed port stops watching but never stops a reply.
import {
  CHAT_PORT_NAME,
  isPortRequest,
  type PortEvent,
  type PortRequest,
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
  const watcher: Watcher = {
    send(event: PortEvent) {
      if (!open) throw new Error('port closed');
      port.postMessage(event);
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
    void deps.engine.then(
      (engine) => engine.drop(watcher),
      () => undefined,
    );
  });
  return true;
}
