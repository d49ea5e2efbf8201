import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { titleFrom } from './titles';

const catalogue = (lang: string) =>
  JSON.parse(
    readFileSync(
      resolve(import.meta.dirname, `../../public/_locales/${lang}/messages.json`),
      'utf8',
    ),
  ) as Record<string, { message: string }>;
const prompts = (lang: string) =>
  Object.entries(catalogue(lang))
    .filter(([key]) => key.startsWith('prompt'))
    .map(([, value]) => value.message);

describe('titleFrom', () => {
  it('makes one line of the text, cut at 80 characters', () => {
    expect(titleFrom('  Hello\n\nworld  ')).toBe('Hello world');
    expect(titleFrom('x'.repeat(200))).toHaveLength(80);
  });

  it('takes the words the user wrote below a quoted selection', () => {
    expect(titleFrom('> Фотосинтез — это процесс\n> второй строкой\n\nЧто это значит?')).toBe(
      'Что это значит?',
    );
  });

  it('takes the quote without its markers when the user wrote nothing else', () => {
    expect(titleFrom('> Фотосинтез — это процесс\n>\n> второй')).toBe(
      'Фотосинтез — это процесс второй',
    );
  });

  it('leaves out the fixed words of a built-in template, in English and Russian', () => {
    const en = prompts('en');
    const ru = prompts('ru');
    expect(
      titleFrom(
        'Explain the following text in simple terms:\n\nPhotosynthesis is how plants eat.',
        en,
      ),
    ).toBe('Photosynthesis is how plants eat.');
    expect(titleFrom('Объясни простыми словами следующий текст:\n\nФотосинтез', ru)).toBe(
      'Фотосинтез',
    );
    expect(
      titleFrom(
        'Translate the following text to русский. Reply with the translation only:\n\nGood morning',
        en,
      ),
    ).toBe('Good morning');
  });

  it('names a page prompt by the question asked, else by the page title', () => {
    const en = prompts('en');
    const page =
      'Here is the text of the web page "Rust 2024" (https://x.test/):\n\nLong text…\n\nMy question: ';
    expect(titleFrom(`${page}What changed in editions?`, en)).toBe('What changed in editions?');
    expect(
      titleFrom(
        'Summarize this web page, "Rust 2024" (https://x.test/), in a few paragraphs:\n\nBody',
        en,
      ),
    ).toBe('Rust 2024');
  });

  it("uses the user's own templates too, and leaves text no template made alone", () => {
    const mine = ['Review this code for bugs:\n{{selection}}'];
    expect(titleFrom('Review this code for bugs:\nfn main() {}', mine)).toBe('fn main() {}');
    expect(titleFrom('Explain closures', mine)).toBe('Explain closures');
  });
});
