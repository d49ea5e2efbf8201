import { describe, expect, it } from 'vitest';
import type { ProviderInfo } from '../../shared/protocol';
import { draftFrom, settingsFromDraft } from './provider-form';
import { providerState } from '../../shared/provider-state';

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
    input: { images: false },
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

  it('saving a key with the checkbox untouched makes an API-key provider ready (issue 10)', () => {
    const openai = info('api-key');
    const stored = {};
    const typed = { ...draftFrom(openai, stored), apiKey: ' sk-test ' };
    const result = settingsFromDraft(openai, typed, stored);
    expect(result).toEqual({ ok: true, settings: { apiKey: 'sk-test' } });
    if (!result.ok) throw new Error('unreachable');
    expect(providerState(openai, stored)).toEqual({ kind: 'needs-key' });
    expect(providerState(openai, result.settings)).toEqual({ kind: 'ready' });
  });

  it('writes "enabled" only when the person changed the checkbox, and keeps a stored choice', () => {
    const p = info('none');
    const off = { ...draftFrom(p, {}), enabled: false };
    expect(settingsFromDraft(p, off, {})).toEqual({ ok: true, settings: { enabled: false } });
    // Switched off before, untouched now: stays off; ticked again: on, written.
    const stored = { enabled: false };
    expect(settingsFromDraft(p, draftFrom(p, stored), stored)).toEqual({
      ok: true,
      settings: { enabled: false },
    });
    const on = { ...draftFrom(p, stored), enabled: true };
    expect(settingsFromDraft(p, on, stored)).toEqual({ ok: true, settings: { enabled: true } });
  });

  it('shows an offline seed provider as off until a mirror is set, as Auto treats it', () => {
    const seed: ProviderInfo = {
      ...info('none'),
      status: { working: false, checked: '2023-10-16', note: 'offline' },
    };
    expect(draftFrom(seed, {}).enabled).toBe(false);
    expect(draftFrom(seed, { baseUrl: 'http://127.0.0.1:9/mirror' }).enabled).toBe(true);
    // A mirror typed with the box untouched: nothing written for it, and the mirror lifts "offline".
    const mirror = { ...draftFrom(seed, {}), baseUrl: 'http://127.0.0.1:9/mirror' };
    const saved = settingsFromDraft(seed, mirror, {});
    expect(saved).toEqual({ ok: true, settings: { baseUrl: 'http://127.0.0.1:9/mirror' } });
    if (saved.ok) expect(providerState(seed, saved.settings)).toEqual({ kind: 'ready' });
    // Ticking the box with no mirror is an explicit choice, so it is stored.
    const on = { ...draftFrom(seed, {}), enabled: true };
    expect(settingsFromDraft(seed, on, {})).toEqual({ ok: true, settings: { enabled: true } });
  });

  it('needs a base URL for a custom endpoint before it can be on', () => {
    const custom: ProviderInfo = {
      ...info('none'),
      info: { runs: 'hosted', apiKey: 'optional', baseUrlRequired: true },
    };
    expect(providerState(custom, {})).toEqual({ kind: 'needs-base-url' });
    const on = draftFrom(custom, {});
    expect(on.enabled).toBe(true);
    expect(settingsFromDraft(custom, on, {})).toEqual({
      ok: false,
      field: 'baseUrl',
      error: 'optionsBaseUrlRequired',
    });
    const saved = settingsFromDraft(custom, { ...on, baseUrl: 'https://llm.example' }, {});
    expect(saved).toEqual({ ok: true, settings: { baseUrl: 'https://llm.example' } });
    if (saved.ok) expect(providerState(custom, saved.settings)).toEqual({ kind: 'ready' });
  });
});
