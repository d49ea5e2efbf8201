// Aichat (chat-gpt.org, the newer cookie-based form): one JSON answer, emitted as a single delta.
// Spec: ../../../docs/providers/legacy-providers.md, section 4. README.md has the summary.
import { trimBase } from '../../shared/base-url';
import type { ChatEvent, ChatRequest, ProviderAdapter, ProviderContext } from '../types';
import { ProviderError } from '../types';
import { guarded } from '../_shared/guarded';
import { providerError } from '../_shared/errors';
import { send } from '../_shared/http';
import { FIXED_MODEL, withSystemPrompt } from '../_shared/request-parts';
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

async function* streamChat(
  request: ChatRequest,
  context: ProviderContext,
): AsyncGenerator<ChatEvent> {
  const base = trimBase(request.baseUrl);
  const messages = withSystemPrompt(request.messages, request.system);
  yield* guarded(
    identity,
    request.signal,
    request.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    async function* (deadline) {
      await requireCookies(base, context);
      request.signal.throwIfAborted();
      const response = await send(
        identity,
        context,
        endpoint(base),
        {
          method: 'POST',
          headers: headers(base),
          body: body(messages, request.temperature),
          credentials: 'include',
        },
        deadline,
      );
      const answer = await aichatAnswer(identity, response);
      yield { type: 'stream-start', model: FIXED_MODEL };
      yield { type: 'text-delta', delta: answer };
      yield { type: 'finish', reason: 'stop' };
    },
  );
}

export const aichat: ProviderAdapter = {
  ...identity,
  defaultBaseUrl: 'https://chat-gpt.org',
  capabilities: {
    auth: 'browser-cookies',
    streaming: 'whole',
    history: 'flattened',
    systemPrompt: true,
    models: 'fixed',
  },
  status: {
    working: false,
    checked: '2023-11-13',
    note: 'The public service at chat-gpt.org has been offline since 2023-11-13. Set a base URL to use a mirror or a compatible server; it needs a session (cookies) there.',
  },
  models: [{ id: FIXED_MODEL }],
  info: { runs: 'hosted', apiKey: 'none' },
  requestHeaderRules: headerRules,
  streamChat,
};
