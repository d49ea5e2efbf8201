// One line per provider (design.md). A convention test checks that every folder in src/providers
// (except _shared) is listed here, documented and tested. The OpenAI-compatible folder adds one
// entry per preset (docs/decisions/openai-compatible-presets.md).
import type { ProviderAdapter } from './types';
import { anthropic } from './anthropic';
import { chromeBuiltin } from './chrome-builtin';
import { gemini } from './gemini';
import { ollama } from './ollama';
import { openAiCompatibleProviders } from './openai-compatible';

export const providers: readonly ProviderAdapter[] = [
  ollama,
  chromeBuiltin,
  ...openAiCompatibleProviders,
  anthropic,
  gemini,
];

export function getProvider(id: string): ProviderAdapter | undefined {
  return providers.find((provider) => provider.id === id);
}
