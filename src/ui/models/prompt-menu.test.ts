import { describe, expect, it } from 'vitest';
import { signal } from '@preact/signals';
import { filterPrompts, PromptMenuModel } from './prompt-menu';
import type { PromptRecord } from '../../shared/prompts';

const prompt = (id: string, title: string, text = '{{selection}}'): PromptRecord => ({
  id,
  title,
  text,
  inMenu: false,
});
const PROMPTS = [
  prompt('explain', 'Explain'),
  prompt('summarize', 'Summarize'),
  prompt('code', 'Explain code'),
  prompt('fix', 'Fix grammar', 'Fix the grammar of {{selection}}'),
  prompt('ru', 'Объяснить'),
];
const ids = (menu: PromptMenuModel) => menu.items.value.map((p) => p.id);

function typed(menu: PromptMenuModel, ...texts: string[]) {
  let before = '';
  for (const text of texts) {
    menu.input(before, text);
    before = text;
  }
}

describe('filterPrompts', () => {
  it('titles starting with the query first, then titles holding it, then texts', () => {
    expect(filterPrompts(PROMPTS, 'code').map((p) => p.id)).toEqual(['code']);
    expect(filterPrompts(PROMPTS, 'ex').map((p) => p.id)).toEqual(['explain', 'code']);
    expect(filterPrompts(PROMPTS, 'gram').map((p) => p.id)).toEqual(['fix']);
    expect(filterPrompts(PROMPTS, 'the grammar').map((p) => p.id)).toEqual(['fix']);
    expect(filterPrompts(PROMPTS, 'ОБЪ').map((p) => p.id)).toEqual(['ru']);
    // Two letters search the titles only: "of" is in half the texts.
    expect(filterPrompts(PROMPTS, 'of').map((p) => p.id)).toEqual([]);
    expect(filterPrompts(PROMPTS, 'the').map((p) => p.id)).toEqual(['fix']);
    expect(filterPrompts(PROMPTS, '  ').map((p) => p.id)).toEqual(PROMPTS.map((p) => p.id));
  });
});

describe('the / menu', () => {
  it('opens on / in an empty composer only', () => {
    const menu = new PromptMenuModel(signal(PROMPTS));
    menu.input('hello', 'hello/');
    expect(menu.open.value).toBe(false);
    menu.input('', '/');
    expect(menu.open.value).toBe(true);
    expect(ids(menu)).toHaveLength(5);
  });

  it('filters as the user types after the /, and starts from the first match', () => {
    const menu = new PromptMenuModel(signal(PROMPTS));
    typed(menu, '/', '/e');
    menu.key('ArrowDown');
    typed(menu, '/ex');
    expect(ids(menu)).toEqual(['explain', 'code']);
    expect(menu.activeItem.value?.id).toBe('explain');
  });

  it('arrows move and wrap, Home and End jump, Enter chooses the highlighted one', () => {
    const menu = new PromptMenuModel(signal(PROMPTS));
    typed(menu, '/');
    expect(menu.key('ArrowDown')).toBe('moved');
    expect(menu.activeItem.value?.id).toBe('summarize');
    menu.key('ArrowUp');
    menu.key('ArrowUp');
    expect(menu.activeItem.value?.id).toBe('ru');
    menu.key('Home');
    expect(menu.activeItem.value?.id).toBe('explain');
    menu.key('End');
    expect(menu.activeItem.value?.id).toBe('ru');
    expect(menu.key('Enter')).toBe('chosen');
    // Other keys are the composer's.
    expect(menu.key('a')).toBeUndefined();
  });

  it('Escape closes and leaves the text; the menu stays shut until the composer is empty again', () => {
    const menu = new PromptMenuModel(signal(PROMPTS));
    typed(menu, '/', '/su');
    expect(menu.key('Escape')).toBe('closed');
    expect(menu.open.value).toBe(false);
    expect(menu.key('Enter')).toBeUndefined();
    typed(menu, '/sum');
    expect(menu.open.value).toBe(false);
    menu.input('/sum', '');
    menu.input('', '/');
    expect(menu.open.value).toBe(true);
  });

  it('closes when the / goes or a second line starts', () => {
    const menu = new PromptMenuModel(signal(PROMPTS));
    typed(menu, '/', '');
    expect(menu.open.value).toBe(false);
    typed(menu, '/', '/a\n');
    expect(menu.open.value).toBe(false);
  });

  it('with nothing matching, Enter does nothing (no "/xyz" message is sent)', () => {
    const menu = new PromptMenuModel(signal(PROMPTS));
    typed(menu, '/', '/zzz');
    expect(ids(menu)).toEqual([]);
    expect(menu.activeItem.value).toBeUndefined();
    expect(menu.key('ArrowDown')).toBe('moved');
    expect(menu.key('Enter')).toBe('nothing');
    expect(menu.open.value).toBe(true);
  });

  it('follows the prompts as they change; the mouse highlights', () => {
    const prompts = signal(PROMPTS.slice(0, 2));
    const menu = new PromptMenuModel(prompts);
    typed(menu, '/');
    prompts.value = PROMPTS;
    expect(ids(menu)).toHaveLength(5);
    menu.highlight(3);
    expect(menu.activeItem.value?.id).toBe('fix');
    menu.highlight(99);
    expect(menu.activeItem.value?.id).toBe('fix');
  });
});
