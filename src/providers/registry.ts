// One line per provider (design.md). A convention test checks that every folder in src/providers
// (except _shared) is listed here, documented and tested.
import type { ProviderAdapter } from './types';
import { chatanywhere } from './chatanywhere';
import { opchatgpts } from './opchatgpts';
import { acytoo } from './acytoo';
import { aichat } from './aichat';
import { aichatLegacy } from './aichat-legacy';

export const providers: readonly ProviderAdapter[] = [
  chatanywhere,
  opchatgpts,
  acytoo,
  aichat,
  aichatLegacy,
];

export function getProvider(id: string): ProviderAdapter | undefined {
  return providers.find((provider) => provider.id === id);
}
