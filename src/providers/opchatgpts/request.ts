// The request exactly as the spec gives it (../../../docs/providers/legacy-providers.md, section 2,
// "Opchatgpts"): POST B/wp-json/mwai-ui/v1/chats/submit, JSON body with keys in the spec's order.
import { trimBase } from '../../shared/base-url';
import type { ChatMessage, HeaderRule } from '../types';
import { lastContent } from '../_shared/request-parts';

export const USER_AGENT =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/116.0.0.0 Safari/537.36';

export function endpoint(base: string): string {
  return `${base}/wp-json/mwai-ui/v1/chats/submit`;
}

/** Headers fetch() can set. No nonce header and no cookies are needed (spec). */
export function headers(base: string): Record<string, string> {
  return {
    Accept: '*/*',
    'Accept-Language': 'de,en-US;q=0.7,en;q=0.3',
    'Content-Type': 'application/json',
    'Alt-Used': new URL(base).host,
  };
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A fresh `chatId`: 10 characters from a-z0-9, uniformly (bytes ≥ 252 are redrawn). */
export function randomChatId(): string {
  let id = '';
  while (id.length < 10) {
    for (const byte of crypto.getRandomValues(new Uint8Array(16))) {
      if (byte < 252 && id.length < 10) id += ALPHABET[byte % 36];
    }
  }
  return id;
}

/** JSON.stringify keeps insertion order, so the object literal's order is the wire order. */
export function body(messages: ChatMessage[], chatId: string): string {
  return JSON.stringify({
    botId: 'default',
    chatId,
    contextId: 28,
    customId: null,
    messages,
    newMessage: lastContent(messages),
    session: 'N/A',
    stream: true,
  });
}

export function headerRules(baseUrl: URL): HeaderRule[] {
  return [
    { header: 'Origin', operation: 'set', value: baseUrl.origin },
    { header: 'Referer', operation: 'set', value: `${trimBase(baseUrl)}/chatgpt-free-use/` },
    { header: 'User-Agent', operation: 'set', value: USER_AGENT },
  ];
}
