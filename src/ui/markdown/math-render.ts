// Loaded lazily (math-blocks.ts) the first time a reply has math: KaTeX and its stylesheet and
// fonts, all from the extension's own files. KaTeX runs untrusted: `trust: false` turns \href,
// \url, \includegraphics and \htmlClass…into plain text, errors show in place instead of
// throwing, and the output still passes the sanitiser (render-html.ts, sanitizeRich).
import katex from 'katex';
import 'katex/dist/katex.min.css';
import { sanitizeRich } from './render-html';

/** Drawn formulas by display mode and TeX: a streaming paragraph redraws the same ones often. */
const cache = new Map<string, string>();
const CACHE_LIMIT = 500;

function toMarkup(tex: string, display: boolean): string {
  const key = `${display ? 'D' : 'I'}${tex}`;
  let markup = cache.get(key);
  if (markup === undefined) {
    markup = katex.renderToString(tex, {
      displayMode: display,
      throwOnError: false,
      trust: false,
      strict: 'ignore',
      output: 'htmlAndMathml',
      maxSize: 50,
      maxExpand: 1000,
    });
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(key, markup);
  }
  return markup;
}

/** Draws every math placeholder under `root` that has its TeX (a finished formula). */
export function drawMath(root: ParentNode): void {
  for (const element of root.querySelectorAll<HTMLElement>('.md-math[data-tex]')) {
    if (element.classList.contains('md-math-drawn')) continue;
    const tex = element.dataset.tex ?? '';
    const display = element.classList.contains('md-math-display');
    element.replaceChildren(sanitizeRich(toMarkup(tex, display)));
    element.classList.add('md-math-drawn');
    // The source stays reachable: as the accessible name is KaTeX's MathML, keep it as a title.
    element.title = tex;
  }
}
