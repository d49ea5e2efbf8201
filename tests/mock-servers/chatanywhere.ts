// ChatAnywhere emulator (spec section 1): POST /v1/chat/gpt/ answers plain text, streamed, no
// framing and no end marker.
import { startEmulator, type Emulator } from './emulator';

export const CHATANYWHERE_REPLY = 'Hello from the ChatAnywhere mock! Привет, 世界 👋';

export type ChatAnywhereMock = Emulator<never>;

export function startChatAnywhereMock(): Promise<ChatAnywhereMock> {
  return startEmulator<never>({
    path: '/v1/chat/gpt/',
    contentType: 'text/plain; charset=utf-8',
    defaultText: CHATANYWHERE_REPLY,
    frame: (pieces) => [...pieces],
  });
}
