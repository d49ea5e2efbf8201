// The popup's size budget (issue 5): the JavaScript the popup loads before its first paint is at
// most 60 KB gzip; the full page (issue 13) has the same budget. "Before its first paint" = the
// module scripts and modulepreloads in the built page's HTML and every chunk they import
// statically; dynamic import() chunks (the markdown renderer, the highlighter, the history panel)
// load later and do not count. The side panel is the popup's chat in a wider frame and is held to
// the same budget. And the parts only some uses need (LAZY_CHUNKS) must stay out of every first
// load: the check fails when one of their chunks is missing (bundled into another) or is reached
// from a budgeted page before its first paint. Run after `vite build` (npm test does).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export const BUDGET_BYTES = 60 * 1024;
export const POPUP_HTML = 'src/ui/popup/index.html';
export const APP_HTML = 'src/ui/app/index.html';
export const SIDE_PANEL_HTML = 'src/ui/sidepanel/index.html';

/** Every page held to the budget, with the name the report gives it. */
export const BUDGETED_PAGES = [
  { name: 'popup', html: POPUP_HTML },
  { name: 'side panel', html: SIDE_PANEL_HTML },
  { name: 'full page', html: APP_HTML },
];

/**
 * Modules loaded with import() after the first paint, by the name the build gives their chunk
 * (`assets/<module>-<hash>.js`): the chat's parts (src/ui/components/chat-parts.ts), the real tab
 * source, the history panel, the markdown renderer and the highlighter.
 */
export const LAZY_CHUNKS = [
  'compare-columns',
  'compare-picker',
  'prompt-menu-view',
  'tab-picker',
  'context-meter-view',
  'attachment-chips',
  'device-actions',
  'setup-card',
  'error-fixes',
  'message-attachments',
  'runtime-tab-source',
  'history-panel',
  'markdown-view',
  'highlight',
];

const SCRIPT_SRC = /<script\b[^>]*\btype=["']module["'][^>]*\bsrc=["']([^"']+)["'][^>]*>/gi;
const MODULE_PRELOAD =
  /<link\b[^>]*\brel=["']modulepreload["'][^>]*\bhref=["']([^"']+)["'][^>]*>/gi;
// Static `import … from "x"`, `import "x"` and `export … from "x"`; never `import("x")`.
const STATIC_IMPORT = /\b(?:import|export)\s*(?:[\w$*{}\s,]+?\s*from\s*)?["']([^"']+\.m?js)["']/g;

/**
 * Every JavaScript file (absolute paths) the page at `htmlPath` loads before it can paint.
 * @param {string} distDir
 * @param {string} htmlPath path of the HTML inside distDir
 * @returns {string[]}
 */
export function initialScripts(distDir, htmlPath) {
  distDir = resolve(distDir);
  const htmlFile = join(distDir, htmlPath);
  const html = readFileSync(htmlFile, 'utf8');
  const toFile = (/** @type {string} */ ref, /** @type {string} */ fromFile) =>
    ref.startsWith('/') ? join(distDir, ref) : resolve(dirname(fromFile), ref);
  const queue = [...html.matchAll(SCRIPT_SRC), ...html.matchAll(MODULE_PRELOAD)].map((m) =>
    toFile(m[1] ?? '', htmlFile),
  );
  const seen = new Set();
  while (queue.length > 0) {
    const file = /** @type {string} */ (queue.shift());
    if (seen.has(file)) continue;
    if (!existsSync(file)) throw new Error(`${relative(distDir, file)} is referenced but missing`);
    seen.add(file);
    const code = readFileSync(file, 'utf8');
    for (const match of code.matchAll(STATIC_IMPORT)) {
      const ref = match[1] ?? '';
      if (ref.startsWith('.') || ref.startsWith('/')) queue.push(toFile(ref, file));
    }
  }
  return [...seen];
}

/**
 * @param {string} distDir
 * @param {string} htmlPath
 * @returns {{ files: { file: string, bytes: number, gzip: number }[], gzip: number }}
 */
export function measure(distDir, htmlPath = POPUP_HTML) {
  const files = initialScripts(distDir, htmlPath).map((file) => {
    const content = readFileSync(file);
    return {
      file: relative(distDir, file).split('\\').join(posix.sep),
      bytes: content.length,
      gzip: gzipSync(content, { level: 9 }).length,
    };
  });
  return { files, gzip: files.reduce((sum, f) => sum + f.gzip, 0) };
}

const kb = (/** @type {number} */ bytes) => `${(bytes / 1024).toFixed(1)} KB`;

/**
 * Measures every budgeted page; one line per file and a verdict per page.
 * @param {string} distDir
 * @param {(line: string) => void} print
 * @returns {boolean} whether every page is within the budget
 */
export function checkPages(distDir, print, pages = BUDGETED_PAGES, budget = BUDGET_BYTES) {
  let within = true;
  for (const page of pages) {
    const { files, gzip } = measure(distDir, page.html);
    for (const f of files)
      print(`  ${f.file.padEnd(40)} ${kb(f.bytes).padStart(9)} ${kb(f.gzip).padStart(9)} gzip`);
    const verdict = gzip <= budget ? 'within' : 'OVER';
    print(
      `${page.name} JS before first paint: ${kb(gzip)} gzip (${gzip} bytes), ${verdict} the ${kb(budget)} budget`,
    );
    if (gzip > budget) within = false;
  }
  return within;
}

/**
 * Whether every lazy chunk exists on its own and none is in a budgeted page's first load.
 * @param {string} distDir
 * @param {(line: string) => void} print
 * @returns {boolean}
 */
export function checkLazy(distDir, print, pages = BUDGETED_PAGES, lazy = LAZY_CHUNKS) {
  const assets = readdirSync(join(distDir, 'assets'));
  const first = new Map(
    pages.map((page) => [
      page.name,
      new Set(initialScripts(distDir, page.html).map((f) => relative(distDir, f))),
    ]),
  );
  let kept = true;
  for (const name of lazy) {
    const chunk = new RegExp(`^${name}-[\\w-]{8}\\.js$`);
    const files = assets.filter((file) => chunk.test(file)).map((file) => join('assets', file));
    if (files.length === 0) {
      print(`lazy chunk ${name}: MISSING (imported statically somewhere, so in another chunk?)`);
      kept = false;
    }
    for (const [page, scripts] of first)
      for (const file of files)
        if (scripts.has(file)) {
          print(`lazy chunk ${name}: IN THE FIRST LOAD of the ${page} (${file})`);
          kept = false;
        }
  }
  if (kept)
    print(`${lazy.length} lazy chunks, none in the first load of ${[...first.keys()].join(', ')}`);
  return kept;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dist = resolve(dirname(fileURLToPath(import.meta.url)), '../dist');
  const print = (/** @type {string} */ line) => console.log(line);
  const within = checkPages(dist, print);
  if (!checkLazy(dist, print) || !within) process.exit(1);
}
