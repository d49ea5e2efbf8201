// Opchatgpts (opchatgpts.net, a WordPress "AI Engine" chat): `data: ` lines of live / end / error.
// Spec: ../../../docs/providers/legacy-providers.md, section 2. README.md has the summary.
import type { ProviderAdapter } from '../types';
import { seedAdapter } from '../_shared/seed-adapter';
import { opchatgptsHttpError } from './errors';
import { body, endpoint, headerRules, headers, randomChatId } from './request';
import { opchatgptsReply } from './stream';

/** The original had no limit of its own; two minutes for the whole reply, like ChatAnywhere. */
export const DEFAULT_TIMEOUT_MS = 120_000;

export interface OpchatgptsOptions {
  /** A fresh chat id per request; injectable so tests can compare the body byte for byte. */
  chatId?: () => string;
}

export function createOpchatgpts(options: OpchatgptsOptions = {}): ProviderAdapter {
  const chatId = options.chatId ?? randomChatId;
  return seedAdapter({
    id: 'opchatgpts',
    displayName: 'Opchatgpts',
    defaultBaseUrl: 'https://opchatgpts.net',
    capabilities: { auth: 'none', streaming: 'incremental', history: 'full' },
    offlineSince: '2023-10-21',
    timeoutMs: DEFAULT_TIMEOUT_MS,
    // Opchatgpts takes no temperature: the spec's body has none.
    request: (base, messages) => ({
      url: endpoint(base),
      headers: headers(base),
      body: body(messages, chatId()),
    }),
    headerRules,
    httpError: opchatgptsHttpError,
    reply: { kind: 'stream', read: opchatgptsReply },
  });
}

export const opchatgpts = createOpchatgpts();
