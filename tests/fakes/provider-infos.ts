// Registry entries as the views get them (providers-list), for tests of the provider-state rule
// and the pickers: the kinds that matter — a local server, an API-key service, a custom endpoint,
// an offline seed service.
import type { ProviderInfo } from '../../src/shared/protocol';

export const info = (
  id: string,
  over: Partial<ProviderInfo> & { auth?: ProviderInfo['capabilities']['auth'] } = {},
): ProviderInfo => ({
  id,
  displayName: id,
  defaultBaseUrl: `https://${id}.test`,
  capabilities: {
    auth: over.auth ?? 'none',
    streaming: 'incremental',
    history: 'full',
    systemPrompt: true,
    models: 'listable',
    input: { images: false },
  },
  ...over,
});

export const openai = info('openai', {
  auth: 'api-key',
  info: { runs: 'hosted', apiKey: 'required' },
});
export const custom = info('openai-compatible', {
  info: { runs: 'local-server', apiKey: 'optional', baseUrlRequired: true },
});
export const aichat = info('aichat', {
  auth: 'browser-cookies',
  status: { working: false, checked: '2023-11-13', note: 'offline' },
});
export const ollama = info('ollama', { info: { runs: 'local-server', apiKey: 'none' } });
