// Acytoo (chat.acytoo.com): raw text streamed until the body ends.
// Spec: ../../../docs/providers/legacy-providers.md, section 3. README.md has the summary.
import { trimBase } from '../../shared/base-url';
import type { ChatEvent, ChatRequest, ProviderAdapter, ProviderContext } from '../types';
import { guarded } from '../_shared/guarded';
import { send } from '../_shared/http';
import { plainTextReply } from '../_shared/plain-text';
import { FIXED_MODEL, withSystemPrompt } from '../_shared/request-parts';
import { body, endpoint, headerRules, headers } from './request';

const identity = { id: 'acytoo', displayName: 'Acytoo' };

/** The original had no limit of its own; two minutes for the whole reply, like ChatAnywhere. */
export const DEFAULT_TIMEOUT_MS = 120_000;

async function* streamChat(
  request: ChatRequest,
  context: ProviderContext,
): AsyncGenerator<ChatEvent> {
  const messages = withSystemPrompt(request.messages, request.system);
  yield* guarded(
    identity,
    request.signal,
    request.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    async function* (deadline) {
      const response = await send(
        identity,
        context,
        endpoint(trimBase(request.baseUrl)),
        {
          method: 'POST',
          headers: headers(),
          body: body(messages, request.temperature),
          credentials: 'include',
        },
        deadline,
      );
      yield { type: 'stream-start', model: FIXED_MODEL };
      // The live service appended advertising lines to replies; the spec says to pass them through.
      yield* plainTextReply(identity, response);
    },
  );
}

export const acytoo: ProviderAdapter = {
  ...identity,
  defaultBaseUrl: 'https://chat.acytoo.com',
  capabilities: {
    auth: 'none',
    streaming: 'incremental',
    history: 'full',
    systemPrompt: true,
    models: 'fixed',
  },
  status: {
    working: false,
    checked: '2023-10-16',
    note: 'The public service at chat.acytoo.com has been offline since 2023-10-16. Set a base URL to use a mirror or a compatible server.',
  },
  models: [{ id: FIXED_MODEL }],
  info: { runs: 'hosted', apiKey: 'none' },
  requestHeaderRules: headerRules,
  streamChat,
};
