// Functions injected into a page with scripting.executeScript, by the worker (the context menu) and
// by the views (the `/` menu's {{selection}} from the active tab). They are serialised and run in
// the page, so each must be self-contained.

/** Runs in the page: the selection's text with its line breaks (contextMenus' selectionText loses them). */
export function selectionInPage(): string {
  return globalThis.getSelection?.()?.toString() ?? '';
}
