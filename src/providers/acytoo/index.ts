// Acytoo (chat.acytoo.com): raw text streamed until the body ends.
// Spec: ../../../docs/providers/legacy-providers.md, section 3. README.md has the summary.
import { plainTextReply } from '../_shared/plain-text';
import { seedAdapter } from '../_shared/seed-adapter';
import { body, endpoint, headerRules, headers } from './request';

/** The original had no limit of its own; two minutes for the whole reply, like ChatAnywhere. */
export const DEFAULT_TIMEOUT_MS = 120_000;

export const acytoo = seedAdapter({
  id: 'acytoo',
  displayName: 'Acytoo',
  defaultBaseUrl: 'https://chat.acytoo.com',
  capabilities: { auth: 'none', streaming: 'incremental', history: 'full' },
  offlineSince: '2023-10-16',
  timeoutMs: DEFAULT_TIMEOUT_MS,
  request: (base, messages, chat) => ({
    url: endpoint(base),
    headers: headers(),
    body: body(messages, chat.temperature),
  }),
  headerRules,
  // The live service appended advertising lines to replies; the spec says to pass them through.
  reply: { kind: 'stream', read: plainTextReply },
});
