// Aichat (legacy): the oldest, module-style form of Aichat; no cookie check, one JSON answer.
// Spec: ../../../docs/providers/legacy-providers.md, section 5. README.md has the summary.
import { trimBase } from '../../shared/base-url';
import type { ChatEvent, ChatRequest, ProviderAdapter, ProviderContext } from '../types';
import { guarded } from '../_shared/guarded';
import { send } from '../_shared/http';
import { FIXED_MODEL, withSystemPrompt } from '../_shared/request-parts';
import { legacyAnswer } from './answer';
import { body, endpoint, headerRules, headers } from './request';

const identity = { id: 'aichat-legacy', displayName: 'Aichat (legacy)' };

/** The original had no limit; one minute, like the newer Aichat. */
export const DEFAULT_TIMEOUT_MS = 60_000;

async function* streamChat(
  request: ChatRequest,
  context: ProviderContext,
): AsyncGenerator<ChatEvent> {
  const base = trimBase(request.baseUrl);
  const messages = withSystemPrompt(request.messages, request.system);
  // Temperature is fixed at 1 (spec): the request's temperature is not used.
  yield* guarded(
    identity,
    request.signal,
    request.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    async function* (deadline) {
      const response = await send(
        identity,
        context,
        endpoint(base),
        { method: 'POST', headers: headers(base), body: body(messages), credentials: 'include' },
        deadline,
      );
      const answer = await legacyAnswer(identity, response);
      yield { type: 'stream-start', model: FIXED_MODEL };
      yield { type: 'text-delta', delta: answer };
      yield { type: 'finish', reason: 'stop' };
    },
  );
}

export const aichatLegacy: ProviderAdapter = {
  ...identity,
  defaultBaseUrl: 'https://chat-gpt.org',
  capabilities: {
    auth: 'none',
    streaming: 'whole',
    history: 'flattened',
    systemPrompt: true,
    models: 'fixed',
  },
  status: {
    working: false,
    checked: '2023-11-13',
    note: 'The public service at chat-gpt.org has been offline since 2023-11-13. Set a base URL to use a mirror or a compatible server.',
  },
  models: [{ id: FIXED_MODEL }],
  info: { runs: 'hosted', apiKey: 'none' },
  requestHeaderRules: headerRules,
  streamChat,
};
