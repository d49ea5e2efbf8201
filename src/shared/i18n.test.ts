import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  catalogueSource,
  currentLanguage,
  setMessageSource,
  t,
  loadLanguage,
  type LanguageDeps,
} from './i18n';

const LOCALES = resolve(import.meta.dirname, '../../public/_locales');

type Catalogue = Record<string, { message: string; placeholders?: Record<string, unknown> }>;

function load(locale: string): Catalogue {
  return JSON.parse(readFileSync(resolve(LOCALES, locale, 'messages.json'), 'utf8')) as Catalogue;
}

describe('locale catalogues', () => {
  const en = load('en');

  it('ship English and Russian', () => {
    expect(readdirSync(LOCALES).sort()).toEqual(['en', 'ru']);
  });

  it('have exactly the same keys in every locale', () => {
    const ru = load('ru');
    expect(Object.keys(ru).sort()).toEqual(Object.keys(en).sort());
  });

  it('have no empty messages and the same placeholders and $N substitutions', () => {
    const ru = load('ru');
    for (const [key, entry] of Object.entries(en)) {
      const other = ru[key];
      expect(entry.message.trim(), `en ${key}`).not.toBe('');
      expect(other?.message.trim(), `ru ${key}`).not.toBe('');
      expect(Object.keys(other?.placeholders ?? {}).sort(), `ru ${key} placeholders`).toEqual(
        Object.keys(entry.placeholders ?? {}).sort(),
      );
      const subs = (text: string) => [...text.matchAll(/\$(\w+)\$|\$\d/g)].map((m) => m[0]).sort();
      expect(subs(other?.message ?? ''), `ru ${key} substitutions`).toEqual(subs(entry.message));
    }
  });

  it('use Chrome-valid message names', () => {
    for (const key of Object.keys(en)) expect(key).toMatch(/^[A-Za-z0-9_@]+$/);
  });
});

describe('t()', () => {
  it('returns the catalogue text, and the key when the catalogue has none', () => {
    setMessageSource((key, subs) =>
      key === 'appName' ? `Parley${subs ? ` ${String(subs)}` : ''}` : '',
    );
    expect(t('appName')).toBe('Parley');
    expect(t('appName', 'x')).toBe('Parley x');
    expect(t('shellEmpty')).toBe('shellEmpty');
  });
});

describe('language override', () => {
  const fromDisk: LanguageDeps = {
    getURL: (path) => `chrome-extension://id/${path}`,
    fetch: async (url) => {
      const path = url.replace('chrome-extension://id/', '');
      try {
        const text = readFileSync(resolve(LOCALES, '..', path), 'utf8');
        return { ok: true, status: 200, json: async () => JSON.parse(text) as unknown };
      } catch {
        return { ok: false, status: 404, json: async () => ({}) };
      }
    },
  };

  it('substitutes like Chrome: named placeholders, $1…$9, $$, missing ones empty', () => {
    const lookup = catalogueSource({
      greet: {
        message: 'Hello $Name$, you owe $$$2 ($3)',
        placeholders: { name: { content: '$1' } },
      },
      plain: { message: 'No placeholders' },
    });
    expect(lookup('greet', ['Ann', '5'])).toBe('Hello Ann, you owe $5 ()');
    expect(lookup('GREET', 'Bob')).toBe('Hello Bob, you owe $ ()');
    expect(lookup('plain')).toBe('No placeholders');
    expect(lookup('missing')).toBe('');
    expect(
      lookup(
        'plain',
        Array.from({ length: 10 }, () => 'x'),
      ),
    ).toBe('');
    expect(lookup('@@ui_locale')).toBe('en');
  });

  it('loads the chosen catalogue, whatever the browser language', async () => {
    const ru = load('ru');
    await loadLanguage('ru', fromDisk);
    expect(t('newChatButton')).toBe(ru.newChatButton!.message);
    expect(t('providerOffline', ['Acytoo', '2023-10-16'])).toBe(
      ru.providerOffline!.message.replace('$1', 'Acytoo').replace('$2', '2023-10-16'),
    );
    expect(currentLanguage()).toBe('ru');
    await loadLanguage('en', fromDisk);
    expect(t('newChatButton')).toBe('New chat');
    expect(currentLanguage()).toBe('en');
  });

  it('goes back to the browser for `system`, and refuses a catalogue it cannot load', async () => {
    await loadLanguage('ru', fromDisk);
    await loadLanguage('system', fromDisk);
    // No chrome.i18n in this test context: t() falls back to the key.
    expect(t('newChatButton')).toBe('newChatButton');
    await expect(loadLanguage('xx' as 'ru', fromDisk)).rejects.toThrow(/No catalogue for xx/);
  });
});
