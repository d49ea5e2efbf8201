// The request exactly as the spec gives it (../../../docs/providers/legacy-providers.md, section 3,
// "Acytoo"): POST B/api/completions with exactly two headers and a JSON body in the spec's order.
import type { ChatMessage, ChatRequest, HeaderRule } from '../types';
import type { SeedRequest } from '../_shared/seed-adapter';
import { FIXED_MODEL } from '../_shared/request-parts';

export const DEFAULT_TEMPERATURE = 0.5;

export function endpoint(base: string): string {
  return `${base}/api/completions`;
}

/** Exactly these two, in the original's lower case. */
export function headers(): Record<string, string> {
  return { accept: '*/*', 'content-type': 'application/json' };
}

/** `key` and `password` are empty strings: the service needed neither. */
export function body(messages: ChatMessage[], temperature = DEFAULT_TEMPERATURE): string {
  return JSON.stringify({
    key: '',
    model: FIXED_MODEL,
    messages,
    temperature,
    password: '',
  });
}

/**
 * The original sent no Origin and no Referer: remove the Origin the browser adds to an extension's
 * POST, and leave User-Agent as the browser's (spec section 3). The worker's fetch sends no Referer.
 */
export function headerRules(_baseUrl: URL): HeaderRule[] {
  return [{ header: 'Origin', operation: 'remove' }];
}

/** The whole request for the seed factory. */
export function request(base: string, messages: ChatMessage[], chat: ChatRequest): SeedRequest {
  return { url: endpoint(base), headers: headers(), body: body(messages, chat.temperature) };
}
