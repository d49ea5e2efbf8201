// `@` opens the tab picker only at the start of a word, so an e-mail address (me@example.org) or
// a handle in the middle of a word types as it is.

/** Whether the `@` just typed before `caret` starts a word (start of text or after whitespace). */
export function atWordStart(value: string, caret: number | null): boolean {
  if (caret === null || caret < 1 || value[caret - 1] !== '@') return false;
  return caret === 1 || /\s/.test(value[caret - 2] ?? '');
}
