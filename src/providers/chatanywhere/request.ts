// The request exactly as the spec gives it (../../../docs/providers/legacy-providers.md, section 1,
// "ChatAnywhere"): POST B/v1/chat/gpt/ with a JSON body whose keys are in the spec's order.
import { trimBase } from '../../shared/base-url';
import type { ChatMessage, ChatRequest, HeaderRule } from '../types';
import type { SeedRequest } from '../_shared/seed-adapter';
import { lastContent } from '../_shared/request-parts';

/** Constants the service expected; the spec quotes them exactly. */
export const CONVERSATION_ID = 's1_qYuOLXjI3rEpc7WHfQ';
export const MODELS_FIELD = '61490748';
export const DEFAULT_TEMPERATURE = 0.5;
export const USER_AGENT =
  'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/119.0';

export function endpoint(base: string): string {
  return `${base}/v1/chat/gpt/`; // the trailing slash is part of the path
}

/** Headers fetch() can set. `Authorization` is present and empty, as the original sent it. */
export function headers(): Record<string, string> {
  return {
    Accept: 'application/json, text/plain, */*',
    'Accept-Language': 'de,en-US;q=0.7,en;q=0.3',
    'Content-Type': 'application/json',
    Authorization: '',
  };
}

/** JSON.stringify keeps insertion order, so the object literal's order is the wire order. */
export function body(messages: ChatMessage[], temperature = DEFAULT_TEMPERATURE): string {
  return JSON.stringify({
    list: messages,
    id: CONVERSATION_ID,
    title: lastContent(messages),
    prompt: '',
    temperature,
    models: MODELS_FIELD,
    continuous: true,
  });
}

/** Origin, Referer and User-Agent, which fetch() may not set (spec "Forbidden headers"). */
export function headerRules(baseUrl: URL): HeaderRule[] {
  return [
    { header: 'Origin', operation: 'set', value: baseUrl.origin },
    { header: 'Referer', operation: 'set', value: `${trimBase(baseUrl)}/` },
    { header: 'User-Agent', operation: 'set', value: USER_AGENT },
  ];
}

/** The whole request for the seed factory. */
export function request(base: string, messages: ChatMessage[], chat: ChatRequest): SeedRequest {
  return { url: endpoint(base), headers: headers(), body: body(messages, chat.temperature) };
}
