import { describe, expect, it } from 'vitest';
import { enabledInForm, isUsable, missingSetup, providerState } from './provider-state';
import { aichat, custom, info, ollama, openai } from '../../tests/fakes/provider-infos';

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
    // What is missing is still known for the pre-send check, on or off.
    expect(missingSetup(openai, { enabled: false })).toBe('needs-key');
  });

  it('lets the person opt into an offline seed service without a mirror (Auto then tries it)', () => {
    expect(providerState(aichat, { enabled: true })).toEqual({ kind: 'needs-cookies' });
    expect(isUsable(providerState(aichat, { enabled: true }))).toBe(true);
    expect(isUsable(providerState(aichat, {}))).toBe(false);
  });

  it('follows what detection found: a local server not answering, a browser model that cannot run', () => {
    const builtin = info('chrome-builtin', { info: { runs: 'browser', apiKey: 'none' } });
    expect(providerState(builtin, {}, { builtin: 'unavailable' })).toEqual({ kind: 'unavailable' });
    expect(providerState(builtin, {}, { builtin: 'downloadable' })).toEqual({ kind: 'ready' });
    expect(providerState(builtin, {})).toEqual({ kind: 'ready' });
    const absent = { local: new Map([['ollama', 'absent' as const]]) };
    expect(providerState(ollama, {}, absent)).toEqual({ kind: 'offline' });
    // Probed at its own base URL: a set base URL is a choice the person made, and is trusted.
    expect(providerState(ollama, { baseUrl: 'http://10.0.0.2:11434' }, absent)).toEqual({
      kind: 'ready',
    });
    const running = { local: new Map([['ollama', 'running' as const]]) };
    expect(providerState(ollama, {}, running)).toEqual({ kind: 'ready' });
  });

  it('shows the Enabled box on unless switched off, an offline seed off until opted into', () => {
    expect(enabledInForm(openai, {})).toBe(true);
    expect(enabledInForm(openai, { enabled: false })).toBe(false);
    expect(enabledInForm(aichat, {})).toBe(false);
    expect(enabledInForm(aichat, { baseUrl: 'https://mirror.test' })).toBe(true);
    expect(enabledInForm(aichat, { enabled: true })).toBe(true);
  });
});
