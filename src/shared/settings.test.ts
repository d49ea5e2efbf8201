import { describe, expect, it } from 'vitest';
import {
  defaultSettings,
  parseSettings,
  readSettings,
  SETTINGS_KEY,
  updateSettings,
} from './settings';
import { createStorageArea } from '../../tests/fakes/storage';

describe('settings', () => {
  it('gives a fresh profile the defaults', () => {
    expect(defaultSettings()).toEqual({
      providers: {},
      onboarded: false,
      defaultProviderId: 'auto',
      auto: { order: [], shuffle: false },
      ui: { theme: 'system', language: 'system' },
      selection: { editBeforeSend: false, maxChars: 20_000 },
    });
  });

  it('keeps valid fields and replaces damaged ones with defaults', () => {
    const parsed = parseSettings({
      providers: { acytoo: { baseUrl: 'http://127.0.0.1:9999', enabled: false } },
      ui: { theme: 'neon', language: 'ru' },
      auto: 'nonsense',
    });
    expect(parsed.providers.acytoo).toEqual({ baseUrl: 'http://127.0.0.1:9999', enabled: false });
    expect(parsed.ui).toEqual({ theme: 'system', language: 'ru' });
    expect(parsed.auto).toEqual({ order: [], shuffle: false });
  });

  it('never throws on garbage', () => {
    expect(parseSettings('garbage')).toEqual(defaultSettings());
    expect(parseSettings(null)).toEqual(defaultSettings());
  });

  it('reads and writes under storage.local["settings"], firing onChanged', async () => {
    const storage = createStorageArea();
    const changes: unknown[] = [];
    storage.onChanged.addListener((change) => changes.push(change));
    await updateSettings(storage, (s) => ({ ...s, providers: { ollama: { apiKey: 'k' } } }));
    expect((await storage.get(SETTINGS_KEY))[SETTINGS_KEY]).toMatchObject({
      providers: { ollama: { apiKey: 'k' } },
    });
    expect((await readSettings(storage)).providers.ollama?.apiKey).toBe('k');
    expect(changes).toHaveLength(1);
  });
});
