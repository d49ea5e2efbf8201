// The request exactly as the spec gives it (../../../docs/providers/legacy-providers.md, section 4,
// "Aichat"): POST B/api/text with a JSON body in the spec's order and the conversation flattened
// into one prompt by `format_prompt`.
import { trimBase } from '../../shared/base-url';
import type { ChatMessage, HeaderRule } from '../types';

export const DEFAULT_TEMPERATURE = 0.5;
export const TOP_P = 1;
export const USER_AGENT =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/118.0.0.0 Safari/537.36';
/** Client hints matching the User-Agent above; see docs/decisions/client-hints-by-header-rules.md. */
export const SEC_CH_UA = '"Chromium";v="118", "Google Chrome";v="118", "Not=A?Brand";v="99"';

export function endpoint(base: string): string {
  return `${base}/api/text`;
}

/**
 * g4f's `format_prompt`: one message is sent bare; otherwise `Role: content` lines (first letter of
 * the role upper-cased) joined by "\n", then "\nAssistant:" with no trailing space.
 */
export function formatPrompt(messages: readonly ChatMessage[]): string {
  if (messages.length <= 1) return messages[0]?.content ?? '';
  const lines = messages.map(
    ({ role, content }) => `${role.charAt(0).toUpperCase()}${role.slice(1)}: ${content}`,
  );
  return `${lines.join('\n')}\nAssistant:`;
}

/**
 * Headers fetch() can set. `authority` was sent as an ordinary header by the original. The three
 * `sec-ch-ua*` headers are forbidden to fetch() in a browser, so they travel as header rules.
 */
export function headers(base: string): Record<string, string> {
  return {
    authority: new URL(base).host,
    accept: '*/*',
    'accept-language': 'en,fr-FR;q=0.9,fr;q=0.8,es-ES;q=0.7,es;q=0.6,en-US;q=0.5,am;q=0.4,de;q=0.3',
    'content-type': 'application/json',
  };
}

export function body(messages: readonly ChatMessage[], temperature = DEFAULT_TEMPERATURE): string {
  return JSON.stringify({
    message: formatPrompt(messages),
    temperature,
    presence_penalty: 0,
    top_p: TOP_P,
    frequency_penalty: 0,
  });
}

export function headerRules(baseUrl: URL): HeaderRule[] {
  return [
    { header: 'Origin', operation: 'set', value: baseUrl.origin },
    { header: 'Referer', operation: 'set', value: `${trimBase(baseUrl)}/chat` },
    { header: 'User-Agent', operation: 'set', value: USER_AGENT },
    { header: 'sec-ch-ua', operation: 'set', value: SEC_CH_UA },
    { header: 'sec-ch-ua-mobile', operation: 'set', value: '?0' },
    { header: 'sec-ch-ua-platform', operation: 'set', value: '"macOS"' },
  ];
}
