// Every user-visible string goes through here (English and Russian in public/_locales).
// MessageKey is derived from the English catalogue, so a typo is a type error; a unit test checks
// that both catalogues have the same keys and placeholders.
//
// chrome.i18n always follows the browser's language. The user can choose another one in the
// settings (settings.ui.language): loadLanguage() then loads that catalogue from the extension's own
// _locales/<lang>/messages.json and substitutes like Chrome does. A view calls it before its first
// render, so it never shows one language and then another.
import type catalogue from '../../public/_locales/en/messages.json';
import type { Language } from './records';

export type MessageKey = keyof typeof catalogue;

export type { Language } from './records';

type GetMessage = (key: string, substitutions?: string | string[]) => string;

/** A messages.json as Chrome reads it. */
export type Catalogue = Record<
  string,
  { message: string; description?: string; placeholders?: Record<string, { content: string }> }
>;

const browserMessage: GetMessage = (key, substitutions) =>
  globalThis.chrome?.i18n?.getMessage(key, substitutions) ?? '';

let getMessage: GetMessage = browserMessage;
let language: string | undefined;

/** Tests and non-extension contexts can provide their own lookup. */
export function setMessageSource(source: GetMessage): void {
  getMessage = source;
}

/** The translated string; the key itself when the catalogue has nothing (never an empty label). */
export function t(key: MessageKey, substitutions?: string | string[]): string {
  return getMessage(key, substitutions) || key;
}

/** The language the strings are in now (for `<html lang>`). */
export function currentLanguage(): string {
  return language ?? globalThis.chrome?.i18n?.getUILanguage?.() ?? 'en';
}

/**
 * A lookup over one catalogue with Chrome's rules: named placeholders `$name$` (any case) become
 * their `content`; then `$1`…`$9` become the substitutions (missing ones empty) and `$$` a dollar.
 */
export function catalogueSource(entries: Catalogue, uiLocale = 'en'): GetMessage {
  const messages = new Map<string, string>();
  for (const [key, entry] of Object.entries(entries)) {
    const named = new Map(
      Object.entries(entry.placeholders ?? {}).map(([name, p]) => [name.toLowerCase(), p.content]),
    );
    // Placeholders are resolved once, up front, as Chrome does when it loads a catalogue.
    const text = entry.message.replace(/\$([A-Za-z0-9_@]+)\$/g, (whole, name: string) => {
      const content = named.get(name.toLowerCase());
      return content === undefined ? whole : content;
    });
    messages.set(key.toLowerCase(), text);
  }
  messages.set('@@ui_locale', uiLocale);
  return (key, substitutions) => {
    const text = messages.get(key.toLowerCase());
    if (text === undefined) return '';
    const list =
      substitutions === undefined
        ? []
        : Array.isArray(substitutions)
          ? substitutions
          : [substitutions];
    // More than nine substitutions: Chrome returns nothing.
    if (list.length > 9) return '';
    return text.replace(/\$(\$|[1-9])/g, (_whole, what: string) =>
      what === '$' ? '$' : (list[Number(what) - 1] ?? ''),
    );
  };
}

export interface LanguageDeps {
  fetch(url: string): Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>;
  /** chrome.runtime.getURL */
  getURL(path: string): string;
}

const defaultDeps = (): LanguageDeps => ({
  fetch: (url) => fetch(url),
  getURL: (path) => chrome.runtime.getURL(path),
});

/** Switches every t() to `choice`: the browser's language for `system`, else that catalogue. */
export async function loadLanguage(choice: Language, deps: LanguageDeps = defaultDeps()) {
  if (choice === 'system') {
    getMessage = browserMessage;
    language = undefined;
    return;
  }
  const response = await deps.fetch(deps.getURL(`_locales/${choice}/messages.json`));
  if (!response.ok) throw new Error(`No catalogue for ${choice} (HTTP ${response.status}).`);
  getMessage = catalogueSource((await response.json()) as Catalogue, choice);
  language = choice;
}
