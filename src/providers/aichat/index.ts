// Aichat (chat-gpt.org, the newer cookie-based form): one JSON answer, emitted as a single delta.
// Spec: ../../../docs/providers/legacy-providers.md, section 4. README.md has the summary.
import { ProviderError, type ProviderContext } from '../types';
import { providerError } from '../_shared/errors';
import { seedAdapter } from '../_shared/seed-adapter';
import { aichatAnswer } from './answer';
import { body, endpoint, headerRules, headers } from './request';

const identity = { id: 'aichat', displayName: 'Aichat' };

/** The original waited 6 s; the spec asks for 60 s by default (configurable per request). */
export const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * The site answers only a browser that passed its check, which leaves cookies. Without any, fail
 * before sending anything and tell the user what to do; `detail` is the page to open (B/chat).
 */
async function requireCookies(base: string, context: ProviderContext): Promise<void> {
  let has: boolean;
  try {
    has = await context.cookies.has(base);
  } catch (error) {
    throw providerError(identity, 'unknown', 'could not read the browser’s cookies.', {
      detail: String(error),
      cause: error,
    });
  }
  if (has) return;
  const host = new URL(base).host;
  context.log(`${identity.displayName}: no cookies for ${host}; nothing sent`);
  throw new ProviderError({
    code: 'cookies-missing',
    message: `${identity.displayName} needs a session at ${host}: open it in a tab, pass its check, then try again.`,
    providerId: identity.id,
    detail: `${base}/chat`,
  });
}

export const aichat = seedAdapter({
  ...identity,
  defaultBaseUrl: 'https://chat-gpt.org',
  capabilities: { auth: 'browser-cookies', streaming: 'whole', history: 'flattened' },
  offlineSince: '2023-11-13',
  noteExtra: 'it needs a session (cookies) there',
  timeoutMs: DEFAULT_TIMEOUT_MS,
  beforeSend: requireCookies,
  request: (base, messages, chat) => ({
    url: endpoint(base),
    headers: headers(base),
    body: body(messages, chat.temperature),
  }),
  headerRules,
  reply: { kind: 'whole', read: aichatAnswer },
});
