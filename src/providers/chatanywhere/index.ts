// ChatAnywhere (chatanywhere.cn): raw text streamed as it arrives, no framing, no end marker.
// Spec: ../../../docs/providers/legacy-providers.md, section 1. README.md has the summary.
import { trimBase } from '../../shared/base-url';
import type { ChatEvent, ChatRequest, ProviderAdapter, ProviderContext } from '../types';
import { guarded } from '../_shared/guarded';
import { send } from '../_shared/http';
import { plainTextReply } from '../_shared/plain-text';
import { FIXED_MODEL, withSystemPrompt } from '../_shared/request-parts';
import { body, endpoint, headerRules, headers } from './request';

const identity = { id: 'chatanywhere', displayName: 'ChatAnywhere' };

/** 120 s for the whole reply, as the original's `timeout=120` (configurable per request). */
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
      yield* plainTextReply(identity, response);
    },
  );
}

export const chatanywhere: ProviderAdapter = {
  ...identity,
  defaultBaseUrl: 'https://chatanywhere.cn',
  capabilities: {
    auth: 'none',
    streaming: 'incremental',
    history: 'full',
    systemPrompt: true,
    models: 'fixed',
  },
  status: {
    working: false,
    checked: '2023-11-22',
    note: 'The public service at chatanywhere.cn has been offline since 2023-11-22. Set a base URL to use a mirror or a compatible server.',
  },
  models: [{ id: FIXED_MODEL }],
  info: { runs: 'hosted', apiKey: 'none' },
  requestHeaderRules: headerRules,
  streamChat,
};
