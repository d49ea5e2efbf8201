// One line per provider (design.md). A convention test checks that every folder in src/providers
// (except _shared) is listed here, documented and tested.
import type { ProviderAdapter } from './types';

export const providers: readonly ProviderAdapter[] = [];

export function getProvider(id: string): ProviderAdapter | undefined {
  return providers.find((provider) => provider.id === id);
}
