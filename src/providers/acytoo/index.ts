// Acytoo (chat.acytoo.com): raw text streamed until the body ends.
// Spec: ../../../docs/providers/legacy-providers.md, section 3. README.md has the summary.
import { seedAdapter } from '../_shared/seed-adapter';
import { headerRules, request } from './request';

/** The original had no limit of its own; two minutes for the whole reply, like ChatAnywhere. */
export const DEFAULT_TIMEOUT_MS = 120_000;

// Raw text streamed until the body ends: the factory's default reply and capabilities.
// The live service appended advertising lines to replies; the spec says to pass them through.
export const acytoo = seedAdapter({
  id: 'acytoo',
  displayName: 'Acytoo',
  defaultBaseUrl: 'https://chat.acytoo.com',
  offlineSince: '2023-10-16',
  timeoutMs: DEFAULT_TIMEOUT_MS,
  request,
  headerRules,
});
