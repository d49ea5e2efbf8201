// The prompt library (issue 13): the default prompts, the stored prompts or those defaults, and the
// old context-menu templates turned into prompts. Where the prompts live and why:
// docs/decisions/prompt-library-in-settings.md.
import * as z from 'zod/mini';
import type { MessageKey } from './i18n';
import type { PromptRecord } from './records';
import type { Settings } from './settings';

export type { PromptRecord };

type Translate = (key: MessageKey, substitutions?: string | string[]) => string;

interface DefaultPrompt {
  id: string;
  titleKey: MessageKey;
  textKey: MessageKey;
  inMenu: boolean;
}

/**
 * The defaults: the four context-menu actions Parley always had (still in the menu), and one for
 * code. Their ids are stable, so a menu item keeps its id once the user saves the library.
 */
export const DEFAULT_PROMPTS: readonly DefaultPrompt[] = [
  { id: 'explain', titleKey: 'menuExplain', textKey: 'promptExplain', inMenu: true },
  { id: 'summarize', titleKey: 'menuSummarize', textKey: 'promptSummarize', inMenu: true },
  { id: 'translate', titleKey: 'menuTranslate', textKey: 'promptTranslate', inMenu: true },
  { id: 'fix', titleKey: 'menuFixGrammar', textKey: 'promptFixGrammar', inMenu: true },
  {
    id: 'explain-code',
    titleKey: 'promptExplainCodeTitle',
    textKey: 'promptExplainCode',
    inMenu: false,
  },
];

/** "English", "русский": a language named in itself (Translate's target). */
export function languageName(locale: string): string {
  try {
    const name = new Intl.DisplayNames([locale], { type: 'language' }).of(locale);
    return name ?? locale;
  } catch {
    return locale;
  }
}

/**
 * The default prompts in the UI's language. Translate names its target language in its text, so a
 * saved copy keeps meaning what it said.
 */
export function defaultPrompts(translate: Translate, uiLanguage: string): PromptRecord[] {
  const language = languageName(uiLanguage);
  return DEFAULT_PROMPTS.map((prompt) => ({
    id: prompt.id,
    title: translate(prompt.titleKey, language),
    text: translate(prompt.textKey).replace(/\{\{\s*language\s*\}\}/g, language),
    inMenu: prompt.inMenu,
  }));
}

/** The user's prompts; the defaults (in the UI's language) until the library was ever saved. */
export function promptsOf(
  settings: Pick<Settings, 'prompts'>,
  translate: Translate,
  uiLanguage: string,
): PromptRecord[] {
  return settings.prompts ?? defaultPrompts(translate, uiLanguage);
}

/** A context-menu template as settings held it before the prompt library (settings.selection.templates). */
export const legacyTemplateSchema = z.object({
  id: z.string(),
  title: z.string(),
  prompt: z.string(),
});
export type LegacyTemplate = z.infer<typeof legacyTemplateSchema>;

/**
 * The old templates as prompts after `base` (on upgrade, the defaults: the built-in actions the
 * menu showed before the templates), each still in the menu. A template already in `base` (an old
 * backup imported twice) replaces it rather than doubling; one without an id gets a new one.
 */
export function promptsFromTemplates(
  templates: readonly LegacyTemplate[],
  base: readonly PromptRecord[],
  newId: () => string,
): PromptRecord[] {
  const prompts = [...base];
  for (const template of templates) {
    const prompt = { id: template.id || newId(), title: template.title, text: template.prompt };
    const at = prompts.findIndex((p) => p.id === prompt.id);
    if (at >= 0) prompts[at] = { ...prompts[at]!, ...prompt };
    else prompts.push({ ...prompt, inMenu: true });
  }
  return prompts;
}

/**
 * The templates an old stored settings object or backup holds, or undefined when it has none of
 * the old shape. Damaged entries are skipped: a migration must never throw the settings away.
 */
export function legacyTemplatesIn(raw: unknown): LegacyTemplate[] | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const selection = (raw as { selection?: unknown }).selection;
  if (typeof selection !== 'object' || selection === null) return undefined;
  const templates = (selection as { templates?: unknown }).templates;
  if (!Array.isArray(templates)) return undefined;
  return templates.flatMap((t) => {
    const parsed = legacyTemplateSchema.safeParse(t);
    return parsed.success ? [parsed.data] : [];
  });
}
