// Prompt templates for the context-menu actions: the built-in ones (their prompts come from the
// locale, so a Russian UI asks in Russian) and the user's own from settings. Placeholders:
// {{selection}}, {{url}}, {{title}} (and {{language}} for Translate).
import type { MessageKey } from '../shared/i18n';
import type { PromptTemplate, Settings } from '../shared/settings';

export interface BuiltinAction {
  id: 'explain' | 'summarize' | 'translate' | 'fix';
  titleKey: MessageKey;
  promptKey: MessageKey;
}

export const SELECTION_ACTIONS: readonly BuiltinAction[] = [
  { id: 'explain', titleKey: 'menuExplain', promptKey: 'promptExplain' },
  { id: 'summarize', titleKey: 'menuSummarize', promptKey: 'promptSummarize' },
  { id: 'translate', titleKey: 'menuTranslate', promptKey: 'promptTranslate' },
  { id: 'fix', titleKey: 'menuFixGrammar', promptKey: 'promptFixGrammar' },
];

export interface TemplateValues {
  selection: string;
  url: string;
  title: string;
  language?: string;
}

/** Replaces every {{name}} with its value; unknown placeholders are left as they are. */
export function fillTemplate(template: string, values: TemplateValues): string {
  return template.replace(
    /\{\{\s*(selection|url|title|language)\s*\}\}/g,
    (whole, name: keyof TemplateValues) => values[name] ?? whole,
  );
}

/** The selection quoted as markdown, with the cursor ready below it. */
export function quoteSelection(selection: string): string {
  return `${selection
    .split(/\r?\n/)
    .map((line) => (line ? `> ${line}` : '>'))
    .join('\n')}\n\n`;
}

/** "English", "русский": the UI language named in itself, for Translate. */
export function languageName(locale: string): string {
  try {
    const name = new Intl.DisplayNames([locale], { type: 'language' }).of(locale);
    return name ?? locale;
  } catch {
    return locale;
  }
}

/** A user template's menu id, and back. */
export const templateMenuId = (template: PromptTemplate) => `parley-template:${template.id}`;
export const templateIdFromMenu = (menuId: string) =>
  menuId.startsWith('parley-template:') ? menuId.slice('parley-template:'.length) : undefined;

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

/** Every prompt a message may have been made from (built-in and the user's), for titles. */
export function promptTemplates(
  settings: Pick<Settings, 'selection'>,
  translate: (key: MessageKey) => string,
): string[] {
  return [
    ...SELECTION_ACTIONS.map((action) => translate(action.promptKey)),
    translate('promptPageSummary'),
    translate('promptPageAsk'),
    ...settings.selection.templates.map((template) => template.prompt),
  ];
}
