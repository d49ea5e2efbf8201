import { describe, expect, it } from 'vitest';
import { parseSettings } from '../../shared/settings';
import { pickerEntries } from './provider-state';
import { aichat, custom, ollama, openai } from '../../../tests/fakes/provider-infos';

describe('pickerEntries', () => {
  const all = [ollama, openai, custom, aichat];
  const ids = (groups: ReturnType<typeof pickerEntries>) =>
    Object.fromEntries(Object.entries(groups).map(([g, list]) => [g, list.map((e) => e.info.id)]));

  it('groups providers as ready, needing setup, not found here and legacy, in registry order', () => {
    expect(ids(pickerEntries(all, parseSettings({}), 'auto'))).toEqual({
      ready: ['ollama'],
      setup: ['openai', 'openai-compatible'],
      absent: [],
      legacy: ['aichat'],
    });
    const keyed = parseSettings({ providers: { openai: { apiKey: 'sk' } } });
    const absent = { local: new Map([['ollama', 'absent' as const]]) };
    expect(ids(pickerEntries(all, keyed, 'auto', absent))).toEqual({
      ready: ['openai'],
      setup: ['openai-compatible'],
      absent: ['ollama'],
      legacy: ['aichat'],
    });
    // A mirror set: still a legacy service, listed with them, and usable.
    const mirrored = parseSettings({ providers: { aichat: { baseUrl: 'https://mirror.test' } } });
    expect(pickerEntries(all, mirrored, 'auto').legacy[0]?.state).toEqual({
      kind: 'needs-cookies',
    });
  });

  it('leaves out providers switched off, except the current one', () => {
    const settings = parseSettings({
      providers: { ollama: { enabled: false }, aichat: { enabled: false } },
    });
    expect(ids(pickerEntries(all, settings, 'auto'))).toEqual({
      ready: [],
      setup: ['openai', 'openai-compatible'],
      absent: [],
      legacy: [],
    });
    const kept = pickerEntries(all, settings, 'ollama');
    expect(ids(kept).setup).toEqual(['ollama', 'openai', 'openai-compatible']);
    expect(kept.setup[0]?.state).toEqual({ kind: 'off' });
  });
});
