// Loaded lazily (import() from code-blocks.ts) the first time a finished code block declares a
// language we know: highlight.js core with a handful of languages, never auto-detecting.
//
// Highlighting never holds a frame: a block is highlighted in slices of a few thousand characters
// (cut at line ends, at a blank line where there is one), one batch of slices per task with a
// budget of a few milliseconds, so a 5,000-line file costs many short tasks instead of one long
// one. The element's text is the same at every step: each highlighted slice replaces exactly its
// own characters of the plain text that is left.
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

/** Characters highlighted in one piece. */
export const SLICE_CHARS = 3_000;
/** Work done in one task before yielding to the browser. */
const TASK_BUDGET_MS = 6;

/** Cuts `text` into slices of about SLICE_CHARS at line ends, preferring a blank line. */
export function slices(text: string): string[] {
  const out: string[] = [];
  let at = 0;
  while (text.length - at > SLICE_CHARS) {
    const limit = at + SLICE_CHARS;
    let cut = text.lastIndexOf('\n\n', limit);
    if (cut <= at) cut = text.lastIndexOf('\n', limit);
    if (cut <= at) cut = text.indexOf('\n', limit);
    if (cut === -1) break;
    out.push(text.slice(at, cut + 1));
    at = cut + 1;
  }
  out.push(text.slice(at));
  return out;
}

const jobs: (() => void)[] = [];
let scheduled = false;

function runJobs(): void {
  const start = performance.now();
  while (jobs.length > 0 && performance.now() - start < TASK_BUDGET_MS) jobs.shift()!();
  scheduled = jobs.length > 0;
  if (scheduled) setTimeout(runJobs, 0);
}

function enqueue(job: () => void): void {
  jobs.push(job);
  if (!scheduled) {
    scheduled = true;
    setTimeout(runJobs, 0);
  }
}

/**
 * Highlights a <code> element in place, slice by slice in later tasks; its text stays exactly
 * the same. Resolves when done (or when the element left the document).
 */
const started = new WeakSet<HTMLElement>();

export function highlightInto(code: HTMLElement, language: string): Promise<void> {
  if (!hljs.getLanguage(language) || started.has(code)) return Promise.resolve();
  started.add(code);
  const parts = slices(code.textContent ?? '');
  const rest = document.createTextNode(code.textContent ?? '');
  code.replaceChildren(rest);
  return new Promise((resolve) => {
    const step = (index: number) => () => {
      if (!code.isConnected && index > 0) return resolve();
      const part = parts[index]!;
      const { value } = hljs.highlight(part, { language, ignoreIllegals: true });
      code.insertBefore(sanitizeHighlight(value), rest);
      rest.deleteData(0, part.length);
      if (index + 1 < parts.length) enqueue(step(index + 1));
      else {
        rest.remove();
        code.classList.add('hljs');
        resolve();
      }
    };
    enqueue(step(0));
  });
}
