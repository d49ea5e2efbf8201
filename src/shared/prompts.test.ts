import { describe, expect, it } from 'vitest';
import en from '../../public/_locales/en/messages.json';
import ru from '../../public/_locales/ru/messages.json';
import { catalogueSource, type MessageKey } from './i18n';
import {
  defaultPrompts,
  legacyTemplatesIn,
  promptsFromTemplates,
  promptsOf,
  type PromptRecord,
} from './prompts';
import { defaultSettings } from './settings';

const lookup = (catalogue: typeof en, locale: string) => {
  const get = catalogueSource(catalogue, locale);
  return (key: MessageKey, subs?: string | string[]) => get(key, subs) || key;
};
const english = lookup(en, 'en');
const russian = lookup(ru, 'ru');

describe('default prompts', () => {
  it('are the menu’s old actions and Explain code, in English', () => {
    const prompts = defaultPrompts(english, 'en');
    expect(prompts.map((p) => [p.id, p.title, p.inMenu])).toEqual([
      ['explain', 'Explain', true],
      ['summarize', 'Summarize', true],
      ['translate', 'Translate to English', true],
      ['fix', 'Fix grammar and style', true],
      ['explain-code', 'Explain code', false],
    ]);
    // Every default uses the selection; Translate names its language in its own text.
    expect(prompts.every((p) => p.text.includes('{{selection}}'))).toBe(true);
    expect(prompts[2]!.text).toBe(
      'Translate the following text to English. Reply with the translation only:\n\n{{selection}}',
    );
  });

  it('in Russian for a Russian UI', () => {
    const prompts = defaultPrompts(russian, 'ru');
    expect(prompts.map((p) => p.title)).toEqual([
      'Объяснить',
      'Кратко пересказать',
      'Перевести: русский',
      'Исправить грамматику и стиль',
      'Объяснить код',
    ]);
    expect(prompts[0]!.text).toBe('Объясни простыми словами следующий текст:\n\n{{selection}}');
    expect(prompts[2]!.text).toContain('на язык: русский.');
  });

  it('stand in until the library is saved; then the saved ones, even none', () => {
    const settings = defaultSettings();
    expect(promptsOf(settings, russian, 'ru')[0]!.title).toBe('Объяснить');
    const mine: PromptRecord[] = [{ id: 'a', title: 'A', text: '{{url}}', inMenu: false }];
    expect(promptsOf({ prompts: mine }, russian, 'ru')).toBe(mine);
    expect(promptsOf({ prompts: [] }, russian, 'ru')).toEqual([]);
  });
});

describe('the old context-menu templates', () => {
  it('are found in an old settings object, damaged entries skipped', () => {
    expect(
      legacyTemplatesIn({
        selection: {
          templates: [{ id: 't1', title: 'Rhyme', prompt: '{{selection}}' }, { id: 2 }, 'junk'],
        },
      }),
    ).toEqual([{ id: 't1', title: 'Rhyme', prompt: '{{selection}}' }]);
    expect(legacyTemplatesIn({ selection: { maxChars: 5 } })).toBeUndefined();
    expect(legacyTemplatesIn(undefined)).toBeUndefined();
  });

  it('become prompts in the menu after the base; one already there is replaced, not doubled', () => {
    const base = defaultPrompts(english, 'en');
    let n = 0;
    const prompts = promptsFromTemplates(
      [
        { id: 't1', title: 'Rhyme', prompt: 'Rhyme {{selection}}' },
        { id: '', title: 'No id', prompt: '{{url}}' },
      ],
      base,
      () => `new-${++n}`,
    );
    expect(prompts.slice(0, base.length)).toEqual(base);
    expect(prompts.slice(base.length)).toEqual([
      { id: 't1', title: 'Rhyme', text: 'Rhyme {{selection}}', inMenu: true },
      { id: 'new-1', title: 'No id', text: '{{url}}', inMenu: true },
    ]);
    const again = promptsFromTemplates(
      [{ id: 't1', title: 'Rhyme 2', prompt: 'Rhyme again {{selection}}' }],
      prompts,
      () => 'unused',
    );
    expect(again).toHaveLength(prompts.length);
    expect(again.find((p) => p.id === 't1')).toMatchObject({ title: 'Rhyme 2' });
  });
});
