// The context menu's prompts: the user's prompt library (shared/prompts.ts; the items marked
// `inMenu`), the page actions' built-in prompts (from the locale, so a Russian UI asks in Russian),
// and helpers for what goes into them. Variables are expanded by shared/prompt-variables.ts, the
// one rule the composer's `/` menu follows too.
import type { MessageKey } from '../shared/i18n';
import { defaultPrompts, promptsOf, type PromptRecord } from '../shared/prompts';
import type { Settings } from '../shared/settings';

/** The selection quoted as markdown, with the cursor ready below it. */
export function quoteSelection(selection: string): string {
  return `${selection
    .split(/\r?\n/)
    .map((line) => (line ? `> ${line}` : '>'))
    .join('\n')}\n\n`;
}

/** A prompt's menu id, and back. */
const PROMPT_PREFIX = 'parley-prompt:';
export const promptMenuId = (prompt: Pick<PromptRecord, 'id'>) => `${PROMPT_PREFIX}${prompt.id}`;
export const promptIdFromMenu = (menuId: string) =>
  menuId.startsWith(PROMPT_PREFIX) ? menuId.slice(PROMPT_PREFIX.length) : undefined;

/** Cuts `text` to `limit` characters, never inside a surrogate pair. */
export function cutText(
  text: string,
  limit: number,
): { text: string; cut?: { kept: number; total: number } } {
  if (limit <= 0 || text.length <= limit) return { text };
  let end = limit;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return { text: text.slice(0, end), cut: { kept: end, total: text.length } };
}

/**
 * Every prompt a message may have been made from (the user's, the defaults in this language and
 * the page actions'), for titles.
 */
export function promptTemplates(
  settings: Pick<Settings, 'prompts'>,
  translate: (key: MessageKey, substitutions?: string | string[]) => string,
  uiLanguage: string,
): string[] {
  return [
    ...new Set([
      ...promptsOf(settings, translate, uiLanguage).map((prompt) => prompt.text),
      ...defaultPrompts(translate, uiLanguage).map((prompt) => prompt.text),
      translate('promptPageSummary'),
      translate('promptPageAsk'),
    ]),
  ];
}
