// Opchatgpts (opchatgpts.net, a WordPress "AI Engine" chat): `data: ` lines of live / end / error.
// Spec: ../../../docs/providers/legacy-providers.md, section 2. README.md has the summary.
import { trimBase } from '../../shared/base-url';
import type { ChatEvent, ChatRequest, ProviderAdapter, ProviderContext } from '../types';
import { guarded } from '../_shared/guarded';
import { send } from '../_shared/http';
import { FIXED_MODEL, withSystemPrompt } from '../_shared/request-parts';
import { opchatgptsHttpError } from './errors';
import { body, endpoint, headerRules, headers, randomChatId } from './request';
import { opchatgptsReply } from './stream';

const identity = { id: 'opchatgpts', displayName: 'Opchatgpts' };

/** The original had no limit of its own; two minutes for the whole reply, like ChatAnywhere. */
export const DEFAULT_TIMEOUT_MS = 120_000;

export interface OpchatgptsOptions {
  /** A fresh chat id per request; injectable so tests can compare the body byte for byte. */
  chatId?: () => string;
}

export function createOpchatgpts(options: OpchatgptsOptions = {}): ProviderAdapter {
  const chatId = options.chatId ?? randomChatId;

  async function* streamChat(
    request: ChatRequest,
    context: ProviderContext,
  ): AsyncGenerator<ChatEvent> {
    const base = trimBase(request.baseUrl);
    const messages = withSystemPrompt(request.messages, request.system);
    // Opchatgpts takes no temperature: the spec's body has none.
    yield* guarded(
      identity,
      request.signal,
      request.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      async function* (deadline) {
        const response = await send(
          identity,
          context,
          endpoint(base),
          {
            method: 'POST',
            headers: headers(base),
            body: body(messages, chatId()),
            credentials: 'include',
          },
          deadline,
          { acceptAnyStatus: true },
        );
        if (!response.ok) throw await opchatgptsHttpError(identity, response);
        yield { type: 'stream-start', model: FIXED_MODEL };
        yield* opchatgptsReply(identity, response);
      },
    );
  }

  return {
    ...identity,
    defaultBaseUrl: 'https://opchatgpts.net',
    capabilities: {
      auth: 'none',
      streaming: 'incremental',
      history: 'full',
      systemPrompt: true,
      models: 'fixed',
    },
    status: {
      working: false,
      checked: '2023-10-21',
      note: 'The public service at opchatgpts.net has been offline since 2023-10-21. Set a base URL to use a mirror or a compatible server.',
    },
    models: [{ id: FIXED_MODEL }],
    info: { runs: 'hosted', apiKey: 'none' },
    requestHeaderRules: headerRules,
    streamChat,
  };
}

export const opchatgpts = createOpchatgpts();
