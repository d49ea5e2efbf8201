// ChatAnywhere (chatanywhere.cn): raw text streamed as it arrives, no framing, no end marker.
// Spec: ../../../docs/providers/legacy-providers.md, section 1. README.md has the summary.
import { seedAdapter } from '../_shared/seed-adapter';
import { headerRules, request } from './request';

/** 120 s for the whole reply, as the original's `timeout=120` (configurable per request). */
export const DEFAULT_TIMEOUT_MS = 120_000;

// Raw text streamed until the body ends: the factory's default reply and capabilities.
export const chatanywhere = seedAdapter({
  id: 'chatanywhere',
  displayName: 'ChatAnywhere',
  defaultBaseUrl: 'https://chatanywhere.cn',
  offlineSince: '2023-11-22',
  timeoutMs: DEFAULT_TIMEOUT_MS,
  request,
  headerRules,
});
