// One line per provider (docs/design.md). A convention test checks that every folder in
// src/providers (except _shared) is listed here, documented and tested. The OpenAI-compatible
// folder adds one entry per preset (docs/decisions/openai-compatible-presets.md).
import type { ProviderAdapter } from './types';
import { anthropic } from './anthropic';
import { chromeBuiltin } from './chrome-builtin';
import { gemini } from './gemini';
import { ollama } from './ollama';
import { openAiCompatibleProviders } from './openai-compatible';
import { chatanywhere } from './chatanywhere';
import { opchatgpts } from './opchatgpts';
import { acytoo } from './acytoo';
import { aichat } from './aichat';
import { aichatLegacy } from './aichat-legacy';

export const providers: readonly ProviderAdapter[] = [
  ollama,
  chromeBuiltin,
  ...openAiCompatibleProviders,
  anthropic,
  gemini,
  // The five seed providers (docs/providers/legacy-providers.md); their public services are
  // offline.
  chatanywhere,
  opchatgpts,
  acytoo,
  aichat,
  aichatLegacy,
];

export function getProvider(id: string): ProviderAdapter | undefined {
  return providers.find((provider) => provider.id === id);
}
