import { describe, expect, it } from 'vitest';
import type { ProviderInfo } from '../../shared/protocol';
import { parseSettings } from '../../shared/settings';
import { pickerEntries, providerState } from './provider-state';

const info = (
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
  },
  ...over,
});

const openai = info('openai', { auth: 'api-key', info: { runs: 'hosted', apiKey: 'required' } });
const custom = info('openai-compatible', {
  info: { runs: 'local-server', apiKey: 'optional', baseUrlRequired: true },
});
const aichat = info('aichat', {
  auth: 'browser-cookies',
  status: { working: false, checked: '2023-11-13', note: 'offline' },
});
const ollama = info('ollama', { info: { runs: 'local-server', apiKey: 'none' } });

describe('providerState', () => {
  it('is ready when nothing is missing', () => {
    expect(providerState(ollama, {})).toEqual({ kind: 'ready' });
    expect(providerState(openai, { apiKey: 'sk-1' })).toEqual({ kind: 'ready' });
    expect(providerState(custom, { baseUrl: 'http://127.0.0.1:1234/v1' })).toEqual({
      kind: 'ready',
    });
  });

  it('needs a key when one is required and none (or only blanks) is set', () => {
    expect(providerState(openai, {})).toEqual({ kind: 'needs-key' });
    expect(providerState(openai, { apiKey: '   ' })).toEqual({ kind: 'needs-key' });
    // Required by info alone is enough.
    const keyed = info('x', { info: { runs: 'hosted', apiKey: 'required' } });
    expect(providerState(keyed, {})).toEqual({ kind: 'needs-key' });
  });

  it('needs a base URL when the default is a placeholder and none is set', () => {
    expect(providerState(custom, {})).toEqual({ kind: 'needs-base-url' });
    expect(providerState(custom, { baseUrl: ' ' })).toEqual({ kind: 'needs-base-url' });
  });

  it('says offline since the date for a service that stopped, until a base URL points elsewhere', () => {
    expect(providerState(aichat, {})).toEqual({ kind: 'offline', since: '2023-11-13' });
    // A mirror: still needs the session (cookies) there.
    expect(providerState(aichat, { baseUrl: 'https://mirror.test' })).toEqual({
      kind: 'needs-cookies',
    });
  });

  it('is off when switched off, whatever else holds', () => {
    expect(providerState(ollama, { enabled: false })).toEqual({ kind: 'off' });
    expect(providerState(openai, { enabled: false, apiKey: 'sk' })).toEqual({ kind: 'off' });
    expect(providerState(openai, { enabled: true })).toEqual({ kind: 'needs-key' });
  });
});

describe('pickerEntries', () => {
  const all = [ollama, openai, custom, aichat];
  const ids = (groups: ReturnType<typeof pickerEntries>) =>
    Object.fromEntries(Object.entries(groups).map(([g, list]) => [g, list.map((e) => e.info.id)]));

  it('groups providers as ready, needing setup and offline, in registry order', () => {
    expect(ids(pickerEntries(all, parseSettings({}), 'auto'))).toEqual({
      ready: ['ollama'],
      setup: ['openai', 'openai-compatible'],
      offline: ['aichat'],
    });
    const keyed = parseSettings({ providers: { openai: { apiKey: 'sk' } } });
    expect(ids(pickerEntries(all, keyed, 'auto'))).toEqual({
      ready: ['ollama', 'openai'],
      setup: ['openai-compatible'],
      offline: ['aichat'],
    });
  });

  it('leaves out providers switched off, except the current one', () => {
    const settings = parseSettings({
      providers: { ollama: { enabled: false }, aichat: { enabled: false } },
    });
    expect(ids(pickerEntries(all, settings, 'auto'))).toEqual({
      ready: [],
      setup: ['openai', 'openai-compatible'],
      offline: [],
    });
    const kept = pickerEntries(all, settings, 'ollama');
    expect(ids(kept).setup).toEqual(['ollama', 'openai', 'openai-compatible']);
    expect(kept.setup[0]?.state).toEqual({ kind: 'off' });
  });
});
