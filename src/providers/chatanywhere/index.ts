// ChatAnywhere (chatanywhere.cn): raw text streamed as it arrives, no framing, no end marker.
// Spec: ../../../docs/providers/legacy-providers.md, section 1. README.md has the summary.
import { plainTextReply } from '../_shared/plain-text';
import { seedAdapter } from '../_shared/seed-adapter';
import { body, endpoint, headerRules, headers } from './request';

/** 120 s for the whole reply, as the original's `timeout=120` (configurable per request). */
export const DEFAULT_TIMEOUT_MS = 120_000;

export const chatanywhere = seedAdapter({
  id: 'chatanywhere',
  displayName: 'ChatAnywhere',
  defaultBaseUrl: 'https://chatanywhere.cn',
  capabilities: { auth: 'none', streaming: 'incremental', history: 'full' },
  offlineSince: '2023-11-22',
  timeoutMs: DEFAULT_TIMEOUT_MS,
  request: (base, messages, chat) => ({
    url: endpoint(base),
    headers: headers(),
    body: body(messages, chat.temperature),
  }),
  headerRules,
  reply: { kind: 'stream', read: plainTextReply },
});
