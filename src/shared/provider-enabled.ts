// Whether a provider is on: one rule for the worker (which providers Auto tries) and the views (the
// options page's "Enabled" box, the Auto order list), so what the page shows is what Auto does.
// docs/decisions/auto-skips-offline-seed-services.md.
import type { ProviderInfo } from './protocol';
import type { ProviderSettings } from './settings';

/** What the rule needs to know of a provider; a ProviderInfo and a ProviderAdapter both fit. */
export type EnablementFacts = Pick<ProviderInfo, 'capabilities' | 'info' | 'status'>;

/**
 * On, unless it needs an API key and has none, or a base URL and has none, or it is an offline
 * public service (a seed provider) with no mirror set — the seed domains may have changed hands,
 * so nothing is sent there unless the user asks.
 */
export function implicitlyEnabled(provider: EnablementFacts, own: ProviderSettings): boolean {
  const baseUrl = own.baseUrl?.trim();
  if (provider.info?.baseUrlRequired && !baseUrl) return false;
  if (provider.status?.working === false && !baseUrl) return false;
  return provider.capabilities.auth !== 'api-key' || Boolean(own.apiKey);
}

/** An explicit `enabled` wins; otherwise the implicit rule. */
export function isProviderEnabled(provider: EnablementFacts, own: ProviderSettings): boolean {
  return own.enabled ?? implicitlyEnabled(provider, own);
}
