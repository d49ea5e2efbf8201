// Every user-visible string goes through here (English and Russian in public/_locales).
// MessageKey is derived from the English catalogue, so a typo is a type error; a unit test checks
// that both catalogues have the same keys and placeholders.
import type catalogue from '../../public/_locales/en/messages.json';

export type MessageKey = keyof typeof catalogue;

type GetMessage = (key: string, substitutions?: string | string[]) => string;

let getMessage: GetMessage = (key, substitutions) =>
  globalThis.chrome?.i18n?.getMessage(key, substitutions) ?? '';

/** Tests and non-extension contexts can provide their own lookup. */
export function setMessageSource(source: GetMessage): void {
  getMessage = source;
}

/** The translated string; the key itself when the catalogue has nothing (never an empty label). */
export function t(key: MessageKey, substitutions?: string | string[]): string {
  return getMessage(key, substitutions) || key;
}
