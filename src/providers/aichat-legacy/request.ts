// The request exactly as the spec gives it (../../../docs/providers/legacy-providers.md, section 5,
// "Aichat (legacy)"): POST B/api/text, fixed temperature 1, and its own flattening, which differs
// from the newer Aichat's: lower-case roles, a "\n" after every message, single messages wrapped too.
import { trimBase } from '../../shared/base-url';
import type { ChatMessage, HeaderRule } from '../types';

export const TEMPERATURE = 1;
export const USER_AGENT =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/113.0.0.0 Safari/537.36';

export function endpoint(base: string): string {
  return `${base}/api/text`;
}

/** `<role>: <content>\n` for every message (roles as stored), then `assistant:`. */
export function legacyPrompt(messages: readonly ChatMessage[]): string {
  let prompt = '';
  for (const { role, content } of messages) prompt += `${role}: ${content}\n`;
  return `${prompt}assistant:`;
}

/** Headers fetch() can set; the two `sec-ch-ua-*` ones are forbidden to fetch() and go as rules. */
export function headers(base: string): Record<string, string> {
  return {
    authority: new URL(base).host,
    accept: '*/*',
    'cache-control': 'no-cache',
    'content-type': 'application/json',
    pragma: 'no-cache',
  };
}

export function body(messages: readonly ChatMessage[]): string {
  return JSON.stringify({
    message: legacyPrompt(messages),
    temperature: TEMPERATURE,
    presence_penalty: 0,
    top_p: 1,
    frequency_penalty: 0,
  });
}

export function headerRules(baseUrl: URL): HeaderRule[] {
  return [
    { header: 'Origin', operation: 'set', value: baseUrl.origin },
    { header: 'Referer', operation: 'set', value: `${trimBase(baseUrl)}/chat` },
    { header: 'User-Agent', operation: 'set', value: USER_AGENT },
    { header: 'sec-ch-ua-mobile', operation: 'set', value: '?0' },
    { header: 'sec-ch-ua-platform', operation: 'set', value: '"macOS"' },
  ];
}
