// Issue 11, case 5: two extension pages saving settings at the same instant. Each page has its own
// handle on storage.local (as each page's context does) and talks to the worker through its
// request channel; the worker is the settings' only writer. No change may be lost.
import { describe, expect, it } from 'vitest';
import { answerRequest, type RequestHandlers } from '../../src/background/requests';
import { createSettingsHandlers } from '../../src/background/settings-requests';
import { parseSettings, SETTINGS_KEY } from '../../src/shared/settings';
import type { ChatPort, Connection } from '../../src/ui/models/connection';
import { OptionsModel } from '../../src/ui/models/options-model';
import { storageSettingsSource } from '../../src/ui/models/settings-source';
import { createStorageArea, type FakeStorageArea } from '../fakes/storage';

/** One page's handle on the shared area: its own object, the same data. */
const pageHandle = (area: FakeStorageArea): FakeStorageArea => ({
  get: (keys) => area.get(keys),
  set: (items) => area.set(items),
  remove: (keys) => area.remove(keys),
  clear: () => area.clear(),
  onChanged: area.onChanged,
  snapshot: () => area.snapshot(),
});

function world() {
  const area = createStorageArea({ [SETTINGS_KEY]: { ui: { theme: 'light' } } });
  const worker = pageHandle(area);
  const handlers = {
    ...createSettingsHandlers(worker),
    'providers-list': async () => [],
  } as unknown as RequestHandlers;
  // The request channel crosses contexts as JSON, answered after a turn of the event loop.
  const connection: Connection = {
    connect: () => ({}) as ChatPort,
    request: async (type, params) => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return JSON.parse(
        JSON.stringify(await answerRequest(handlers, type, JSON.parse(JSON.stringify(params)))),
      ) as never;
    },
  };
  const permissions = { request: async () => true, contains: async () => true };
  const page = () =>
    new OptionsModel({ connection, storage: pageHandle(area), permissions, now: () => 0 });
  return { area, connection, page };
}

describe('settings saved from several pages at once', () => {
  it('keeps every change (options pages and a chat view, all at the same instant)', async () => {
    const { area, connection, page } = world();
    const first = page();
    const second = page();
    const third = page();
    const chat = storageSettingsSource(pageHandle(area), connection);
    await Promise.all([first.start(), second.start(), third.start()]);
    await Promise.all([
      first.setTheme('dark'),
      second.saveSelection({ maxChars: 1234 }),
      third.saveProvider('openai', { apiKey: 'sk-new', model: 'gpt-4o' }),
      chat.update((s) => ({ ...s, defaultProviderId: 'ollama' })),
      first.setShuffle(true),
    ]);
    const stored = parseSettings(area.snapshot()[SETTINGS_KEY]);
    expect(stored.ui.theme).toBe('dark');
    expect(stored.selection.maxChars).toBe(1234);
    expect(stored.providers.openai).toEqual({ apiKey: 'sk-new', model: 'gpt-4o' });
    expect(stored.defaultProviderId).toBe('ollama');
    expect(stored.auto.shuffle).toBe(true);
  });

  it('applies a change to what another page saved in between, not to what it first read', async () => {
    const { area, page } = world();
    const options = page();
    await options.start();
    // Another page saves after this one read the settings and before its change arrives.
    const other = page();
    await other.start();
    const saving = options.setLanguage('ru');
    await other.setTheme('system');
    await saving;
    const stored = parseSettings(area.snapshot()[SETTINGS_KEY]);
    expect(stored.ui).toEqual({ theme: 'system', language: 'ru' });
  });
});
