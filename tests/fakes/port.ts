// A behavioural fake of runtime.Port: two connected ends. postMessage on one end delivers a JSON
// copy (as Chrome does) to the other end's listeners, asynchronously; disconnect() fires
// onDisconnect on the other end only (as in Chrome), and later posts on a closed port throw.

type Listener<T> = (message: T) => void;

export interface FakePort<In = unknown, Out = unknown> {
  name: string;
  sender?: { id?: string; url?: string };
  postMessage(message: Out): void;
  disconnect(): void;
  onMessage: { addListener(listener: Listener<In>): void };
  onDisconnect: { addListener(listener: () => void): void };
  readonly connected: boolean;
}

export function createPortPair<A = unknown, B = unknown>(
  name: string,
  sender?: { id?: string; url?: string },
): [FakePort<A, B>, FakePort<B, A>] {
  const make = <In, Out>() => {
    const messageListeners: Listener<In>[] = [];
    const disconnectListeners: Array<() => void> = [];
    const end = {
      name,
      connected: true,
      peer: undefined as unknown as { deliver(m: unknown): void; closedByPeer(): void },
      postMessage(message: Out) {
        if (!end.connected) throw new Error('Attempting to use a disconnected port object');
        const copy = JSON.parse(JSON.stringify(message)) as unknown;
        queueMicrotask(() => end.peer.deliver(copy));
      },
      disconnect() {
        if (!end.connected) return;
        end.connected = false;
        queueMicrotask(() => end.peer.closedByPeer());
      },
      deliver(message: unknown) {
        if (end.connected) messageListeners.forEach((l) => l(message as In));
      },
      closedByPeer() {
        if (!end.connected) return;
        end.connected = false;
        disconnectListeners.forEach((l) => l());
      },
      onMessage: { addListener: (l: Listener<In>) => void messageListeners.push(l) },
      onDisconnect: { addListener: (l: () => void) => void disconnectListeners.push(l) },
    };
    return end;
  };
  const view = make<A, B>();
  const background = make<B, A>();
  view.peer = background;
  background.peer = view;
  if (sender) (background as { sender?: unknown }).sender = sender;
  return [view as unknown as FakePort<A, B>, background as unknown as FakePort<B, A>];
}
