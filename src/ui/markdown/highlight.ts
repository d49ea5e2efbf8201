// Loaded lazily (import() from code-blocks.ts) the first time a finished code block declares a
// language we know: highlight.js core with a handful of languages, never auto-detecting.
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import c from 'highlight.js/lib/languages/c';
import cpp from 'highlight.js/lib/languages/cpp';
import css from 'highlight.js/lib/languages/css';
import diff from 'highlight.js/lib/languages/diff';
import go from 'highlight.js/lib/languages/go';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import python from 'highlight.js/lib/languages/python';
import rust from 'highlight.js/lib/languages/rust';
import sql from 'highlight.js/lib/languages/sql';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';
import { sanitizeHighlight } from './render-html';

const DEFINITIONS = {
  bash,
  c,
  cpp,
  css,
  diff,
  go,
  java,
  javascript,
  json,
  python,
  rust,
  sql,
  typescript,
  xml,
  yaml,
};
for (const [name, definition] of Object.entries(DEFINITIONS))
  hljs.registerLanguage(name, definition);
hljs.configure({ ignoreUnescapedHTML: true });

/** Highlights a <code> element in place; its text stays exactly the same. */
export function highlightInto(code: HTMLElement, language: string): void {
  if (!hljs.getLanguage(language)) return;
  const { value } = hljs.highlight(code.textContent ?? '', { language, ignoreIllegals: true });
  code.replaceChildren(sanitizeHighlight(value));
  code.classList.add('hljs');
}
