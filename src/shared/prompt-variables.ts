// The one rule for a prompt's variables (issue 13), used by the context menu (the worker) and the
// composer's `/` menu (the views): `{{selection}}`, `{{url}}`, `{{title}}`, `{{clipboard}}`, and
// `{{language}}` (the UI language's name, which the old Translate template used). Spaces inside
// the braces are allowed; any other `{{…}}` is text. One pass: a value that itself holds
// `{{clipboard}}` (page text is untrusted) is inserted as it is, never expanded.

/** The variables a user writes in a prompt (Options lists them). */
export const PROMPT_VARIABLES = ['selection', 'url', 'title', 'clipboard'] as const;
export type PromptVariable = (typeof PROMPT_VARIABLES)[number] | 'language';

const NAMES = [...PROMPT_VARIABLES, 'language'].join('|');
/** A variable in a prompt; the capture is its name. Global: use with replace/matchAll only. */
export const VARIABLE_PATTERN = new RegExp(`\\{\\{\\s*(${NAMES})\\s*\\}\\}`, 'g');
/** The same, for splitting a prompt into its fixed words and its variables (titles.ts). */
export const VARIABLE_SPLIT = new RegExp(`(\\{\\{\\s*(?:${NAMES})\\s*\\}\\})`);

export type VariableValues = Partial<Record<PromptVariable, string>>;

/** The variables `text` uses, each once, in the order they first appear. */
export function variablesIn(text: string): PromptVariable[] {
  const found = new Set<PromptVariable>();
  for (const match of text.matchAll(VARIABLE_PATTERN)) found.add(match[1] as PromptVariable);
  return [...found];
}

/**
 * Replaces every variable that has a value. One without a value stays as written (the user sees
 * what is missing and can fill it in) and is listed in `missing`.
 */
export function expandVariables(
  text: string,
  values: VariableValues,
): { text: string; missing: PromptVariable[] } {
  const missing = new Set<PromptVariable>();
  const expanded = text.replace(VARIABLE_PATTERN, (whole, name: PromptVariable) => {
    const value = values[name];
    if (value === undefined) {
      missing.add(name);
      return whole;
    }
    return value;
  });
  return { text: expanded, missing: [...missing] };
}
