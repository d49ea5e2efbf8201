import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { setMessageSource, t } from './i18n';

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
