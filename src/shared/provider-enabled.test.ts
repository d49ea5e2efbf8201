import { describe, expect, it } from 'vitest';
import { implicitlyEnabled, isProviderEnabled, type EnablementFacts } from './provider-enabled';

const facts = (
  extra: Partial<EnablementFacts> = {},
  auth: EnablementFacts['capabilities']['auth'] = 'none',
): EnablementFacts => ({
  capabilities: {
    auth,
    streaming: 'incremental',
    history: 'full',
    systemPrompt: true,
    models: 'fixed',
  },
  ...extra,
});

describe('whether a provider is on', () => {
  it('is on by default, off without a needed key or base URL, and the explicit choice wins', () => {
    expect(implicitlyEnabled(facts(), {})).toBe(true);
    expect(implicitlyEnabled(facts({}, 'api-key'), {})).toBe(false);
    expect(implicitlyEnabled(facts({}, 'api-key'), { apiKey: 'k' })).toBe(true);
    const custom = facts({ info: { runs: 'hosted', apiKey: 'optional', baseUrlRequired: true } });
    expect(implicitlyEnabled(custom, {})).toBe(false);
    expect(implicitlyEnabled(custom, { baseUrl: 'https://llm.example/v1' })).toBe(true);
    expect(isProviderEnabled(facts(), { enabled: false })).toBe(false);
    expect(isProviderEnabled(facts({}, 'api-key'), { enabled: true })).toBe(true);
  });

  it('keeps an offline public service off until a mirror is set, unless switched on', () => {
    const seed = facts({ status: { working: false, checked: '2023-10-16', note: 'offline' } });
    expect(isProviderEnabled(seed, {})).toBe(false);
    expect(isProviderEnabled(seed, { baseUrl: '  ' })).toBe(false);
    expect(isProviderEnabled(seed, { baseUrl: 'http://127.0.0.1:9/mirror' })).toBe(true);
    expect(isProviderEnabled(seed, { enabled: true })).toBe(true);
  });
});
