import { describe, expect, it } from 'vitest';
import type { ProviderInfo } from '../../shared/protocol';
import { draftFrom, settingsFromDraft } from './provider-form';
import { isProviderEnabled as isEnabled } from '../../shared/provider-enabled';

const info = (auth: ProviderInfo['capabilities']['auth']): ProviderInfo => ({
  id: 'p',
  displayName: 'P',
  defaultBaseUrl: 'https://api.example/v1',
  capabilities: {
    auth,
    streaming: 'incremental',
    history: 'full',
    systemPrompt: true,
    models: 'static',
  },
});

describe('provider form', () => {
  it('turns a draft into settings: trims, drops empty fields, converts seconds', () => {
    const draft = {
      ...draftFrom(info('none'), {}),
      baseUrl: ' http://127.0.0.1:9000/v1/ ',
      model: ' m ',
      temperature: '1,5',
      timeout: '2.5',
      systemPrompt: '  ',
    };
    expect(settingsFromDraft(info('none'), draft)).toEqual({
      ok: true,
      settings: {
        baseUrl: 'http://127.0.0.1:9000/v1',
        model: 'm',
        temperature: 1.5,
        timeoutMs: 2500,
      },
    });
  });

  it('round-trips stored settings through a draft', () => {
    const own = { baseUrl: 'https://x.example', temperature: 0, timeoutMs: 60_000, apiKey: 'k' };
    const result = settingsFromDraft(info('api-key'), draftFrom(info('api-key'), own));
    expect(result).toEqual({ ok: true, settings: own });
  });

  it.each([
    ['baseUrl', 'localhost:8080', 'optionsBaseUrlInvalid'],
    ['baseUrl', 'javascript:alert(1)', 'optionsBaseUrlInvalid'],
    ['temperature', '3', 'optionsTemperatureInvalid'],
    ['temperature', 'warm', 'optionsTemperatureInvalid'],
    ['timeout', '0', 'optionsTimeoutInvalid'],
    ['timeout', '99999', 'optionsTimeoutInvalid'],
  ] as const)('refuses %s = %j', (field, value, error) => {
    const draft = { ...draftFrom(info('none'), {}), [field]: value };
    expect(settingsFromDraft(info('none'), draft)).toEqual({ ok: false, field, error });
  });

  it('keeps "enabled" implicit where it can: an API-key provider turns on with its key', () => {
    const withKey = { ...draftFrom(info('api-key'), {}), apiKey: 'sk', enabled: true };
    expect(settingsFromDraft(info('api-key'), withKey)).toEqual({
      ok: true,
      settings: { apiKey: 'sk' },
    });
    expect(isEnabled(info('api-key'), {})).toBe(false);
    expect(isEnabled(info('api-key'), { apiKey: 'sk' })).toBe(true);
    expect(isEnabled(info('api-key'), { apiKey: 'sk', enabled: false })).toBe(false);
    const off = { ...draftFrom(info('none'), {}), enabled: false };
    expect(settingsFromDraft(info('none'), off)).toEqual({
      ok: true,
      settings: { enabled: false },
    });
  });

  it('shows an offline seed provider as off until a mirror is set, as Auto treats it', () => {
    const seed: ProviderInfo = {
      ...info('none'),
      status: { working: false, checked: '2023-10-16', note: 'offline' },
    };
    expect(draftFrom(seed, {}).enabled).toBe(false);
    expect(draftFrom(seed, { baseUrl: 'http://127.0.0.1:9/mirror' }).enabled).toBe(true);
    // Ticking the box with no mirror is an explicit choice, so it is stored.
    const on = { ...draftFrom(seed, {}), enabled: true };
    expect(settingsFromDraft(seed, on)).toEqual({ ok: true, settings: { enabled: true } });
  });

  it('needs a base URL for a custom endpoint before it can be on', () => {
    const custom: ProviderInfo = {
      ...info('none'),
      info: { runs: 'hosted', apiKey: 'optional', baseUrlRequired: true },
    };
    expect(isEnabled(custom, {})).toBe(false);
    expect(isEnabled(custom, { baseUrl: 'https://llm.example' })).toBe(true);
    const on = { ...draftFrom(custom, {}), enabled: true };
    expect(settingsFromDraft(custom, on)).toEqual({
      ok: false,
      field: 'baseUrl',
      error: 'optionsBaseUrlRequired',
    });
    expect(settingsFromDraft(custom, { ...on, baseUrl: 'https://llm.example' })).toEqual({
      ok: true,
      settings: { baseUrl: 'https://llm.example' },
    });
  });
});
