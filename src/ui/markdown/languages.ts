// The languages the highlighter knows, by the names a fence may declare. Kept apart from the
// highlighter itself so the first load can tell, without loading it, whether a block needs it.
// Only a fence's declared language counts: no auto-detection.
const LANGUAGES: Record<string, readonly string[]> = {
  javascript: ['js', 'jsx', 'mjs', 'cjs'],
  typescript: ['ts', 'tsx', 'mts', 'cts'],
  python: ['py'],
  bash: ['sh', 'zsh', 'shell', 'console'],
  json: ['jsonc', 'json5'],
  xml: ['html', 'xhtml', 'svg'],
  css: [],
  sql: [],
  diff: ['patch'],
  yaml: ['yml'],
  go: ['golang'],
  rust: ['rs'],
  java: [],
  c: ['h'],
  cpp: ['cc', 'c++', 'hpp', 'cxx'],
};

const BY_NAME = new Map<string, string>();
for (const [language, aliases] of Object.entries(LANGUAGES)) {
  BY_NAME.set(language, language);
  for (const alias of aliases) BY_NAME.set(alias, language);
}

/** The highlighter's language for a fence's declared name, or undefined when it has none. */
export function highlightLanguage(declared: string | undefined): string | undefined {
  return declared ? BY_NAME.get(declared.toLowerCase()) : undefined;
}

export const HIGHLIGHT_LANGUAGES = Object.keys(LANGUAGES);
