// Aichat (legacy): the oldest, module-style form of Aichat; no cookie check, one JSON answer.
// Spec: ../../../docs/providers/legacy-providers.md, section 5. README.md has the summary.
import { seedAdapter } from '../_shared/seed-adapter';
import { legacyAnswer } from './answer';
import { body, endpoint, headerRules, headers } from './request';

/** The original had no limit; one minute, like the newer Aichat. */
export const DEFAULT_TIMEOUT_MS = 60_000;

export const aichatLegacy = seedAdapter({
  id: 'aichat-legacy',
  displayName: 'Aichat (legacy)',
  defaultBaseUrl: 'https://chat-gpt.org',
  capabilities: { auth: 'none', streaming: 'whole', history: 'flattened' },
  offlineSince: '2023-11-13',
  timeoutMs: DEFAULT_TIMEOUT_MS,
  // Temperature is fixed at 1 (spec): the request's temperature is not used.
  request: (base, messages) => ({
    url: endpoint(base),
    headers: headers(base),
    body: body(messages),
  }),
  headerRules,
  reply: { kind: 'whole', read: legacyAnswer },
});
