// How a view talks to the background: the chat port and the request channel. Injected into the
// model so tests can use a fake Port that really delivers.
import { browser } from '../../shared/browser';
import {
  CHAT_PORT_NAME,
  isViewNotice,
  REQUEST_CHANNEL,
  type PortEvent,
  type PortRequest,
  type Reply,
  type RequestMap,
  type RequestType,
  type ViewNotice,
} from '../../shared/protocol';

export interface ChatPort {
  postMessage(message: PortRequest): void;
  disconnect(): void;
  onMessage: { addListener(listener: (event: PortEvent) => void): void };
  onDisconnect: { addListener(listener: () => void): void };
}

export interface Connection {
  connect(): ChatPort;
  request<K extends RequestType>(
    type: K,
    params: RequestMap[K]['params'],
  ): Promise<Reply<RequestMap[K]['result']>>;
  /** The background's broadcasts (protocol.ts, NoticeMap) until the returned function is called. */
  watchNotices?(listener: (notice: ViewNotice) => void): () => void;
}

export const runtimeConnection: Connection = {
  connect: () => browser.runtime.connect({ name: CHAT_PORT_NAME }) as unknown as ChatPort,
  async request(type, params) {
    try {
      return (await browser.runtime.sendMessage({
        channel: REQUEST_CHANNEL,
        type,
        params,
      })) as Reply<never>;
    } catch (error) {
      return { ok: false, error: { code: 'unknown', message: String(error), retryable: true } };
    }
  },
  watchNotices(listener) {
    // Returns nothing: a notice has no answer, and other listeners' messages are not ours.
    const onMessage = (message: unknown): undefined => {
      if (isViewNotice(message)) listener(message);
    };
    browser.runtime.onMessage.addListener(onMessage);
    return () => browser.runtime.onMessage.removeListener(onMessage);
  },
};
