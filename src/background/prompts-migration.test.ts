import { describe, expect, it } from 'vitest';
import en from '../../public/_locales/en/messages.json';
import { catalogueSource, type MessageKey } from '../shared/i18n';
import { defaultPrompts } from '../shared/prompts';
import { readSettings, SETTINGS_KEY } from '../shared/settings';
import { createStorageArea } from '../../tests/fakes/storage';
import { migrateTemplates } from './prompts-migration';

const get = catalogueSource(en, 'en');
const english = (key: MessageKey, subs?: string | string[]) => get(key, subs) || key;
const deps = { defaults: () => defaultPrompts(english, 'en'), newId: () => 'fresh-id' };

// storage.local as a Parley before the prompt library (0.x, issue 6's templates) left it.
const OLD_SETTINGS = {
  providers: { openai: { apiKey: 'sk-mine', model: 'gpt-4o-mini' } },
  defaultProviderId: 'openai',
  onboarded: true,
  auto: { order: ['openai'], shuffle: false },
  ui: { theme: 'dark', language: 'en' },
  selection: {
    templates: [
      {
        id: '7c1e',
        title: 'Review code',
        prompt: 'Review this code from {{url}}:\n\n{{selection}}',
      },
      { id: '9a2f', title: 'Rhyme', prompt: 'Make a rhyme of {{selection}}' },
    ],
    editBeforeSend: true,
    maxChars: 5_000,
    pageMaxChars: 30_000,
  },
};

describe('migrating the context-menu templates to prompts', () => {
  it('makes each template a prompt in the menu after the defaults, drops the old field, keeps the rest', async () => {
    const storage = createStorageArea({ [SETTINGS_KEY]: OLD_SETTINGS });
    expect(await migrateTemplates(storage, deps)).toBe(true);
    const raw = storage.snapshot()[SETTINGS_KEY] as typeof OLD_SETTINGS;
    // `pageMaxChars` went with the context meter (docs/decisions/context-meter-not-a-cut.md): the
    // settings schema no longer has it, so the migrated settings leave it out too.
    expect(raw.selection).toEqual({ editBeforeSend: true, maxChars: 5_000 });
    const settings = await readSettings(storage);
    expect(settings.prompts!.map((p) => [p.id, p.title, p.inMenu])).toEqual([
      ['explain', 'Explain', true],
      ['summarize', 'Summarize', true],
      ['translate', 'Translate to English', true],
      ['fix', 'Fix grammar and style', true],
      ['explain-code', 'Explain code', false],
      ['7c1e', 'Review code', true],
      ['9a2f', 'Rhyme', true],
    ]);
    expect(settings.prompts![5]!.text).toBe('Review this code from {{url}}:\n\n{{selection}}');
    expect(settings.providers).toEqual(OLD_SETTINGS.providers);
    expect(settings.ui).toEqual({ theme: 'dark', language: 'en' });
    expect(settings.defaultProviderId).toBe('openai');
    // Once is enough: the next start finds nothing to migrate and writes nothing.
    const after = JSON.stringify(storage.snapshot());
    expect(await migrateTemplates(storage, deps)).toBe(false);
    expect(JSON.stringify(storage.snapshot())).toBe(after);
  });

  it('no templates of their own: nothing saved, the defaults keep following the language', async () => {
    const storage = createStorageArea({
      [SETTINGS_KEY]: { ...OLD_SETTINGS, selection: { ...OLD_SETTINGS.selection, templates: [] } },
    });
    expect(await migrateTemplates(storage, deps)).toBe(true);
    const raw = storage.snapshot()[SETTINGS_KEY] as Record<string, unknown>;
    expect(raw).not.toHaveProperty('prompts');
    expect(raw.selection).not.toHaveProperty('templates');
  });

  it('a fresh profile and already migrated settings are left alone', async () => {
    const fresh = createStorageArea();
    expect(await migrateTemplates(fresh, deps)).toBe(false);
    expect(fresh.snapshot()).toEqual({});
    const saved = { prompts: [{ id: 'a', title: 'A', text: 'B', inMenu: false }] };
    const current = createStorageArea({ [SETTINGS_KEY]: saved });
    expect(await migrateTemplates(current, deps)).toBe(false);
    expect(current.snapshot()[SETTINGS_KEY]).toEqual(saved);
  });
});
