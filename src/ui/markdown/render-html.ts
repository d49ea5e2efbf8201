// Markdown tokens → safe DOM. Model output is untrusted (docs/design.md, "Security and privacy
// stance"), so there are two layers:
//   1. the renderer never emits raw HTML: HTML in the text is shown as text; links keep only
//      http:, https: and mailto: targets; images become links showing their URL (loading one
//      could leak the conversation to whoever a prompt injection named);
//   2. DOMPurify then allows only the tags and attributes this renderer makes, and forces every
//      link to open in a new tab without an opener.
import { Marked, type Token, type Tokens } from 'marked';
import DOMPurify from 'dompurify';
import { mathExtensions } from './math-syntax';

const LINK_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);
const IMAGE_PROTOCOLS = new Set(['http:', 'https:']);
/** A fence's declared language, as the highlighter and CSS may see it. */
const LANGUAGE = /^[\w+#.-]{1,32}$/;

const escapeHtml = (text: string) =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

/** The URL when it is absolute and its scheme is allowed; relative URLs would resolve inside the extension. */
export function allowedUrl(href: string, protocols: ReadonlySet<string>): string | undefined {
  try {
    const url = new URL(href.trim());
    return protocols.has(url.protocol) ? url.href : undefined;
  } catch {
    return undefined;
  }
}

const marked = new Marked({ gfm: true, breaks: false, pedantic: false, async: false }).use({
  extensions: mathExtensions,
  renderer: {
    html({ text }: Tokens.HTML | Tokens.Tag) {
      return escapeHtml(text);
    },
    link({ href, title, tokens }: Tokens.Link) {
      const label = this.parser.parseInline(tokens);
      const url = allowedUrl(href, LINK_PROTOCOLS);
      if (!url) return label;
      const titled = title ? ` title="${escapeHtml(title)}"` : '';
      return `<a href="${escapeHtml(url)}"${titled}>${label}</a>`;
    },
    image({ href, text }: Tokens.Image) {
      const url = allowedUrl(href, IMAGE_PROTOCOLS);
      if (!url) return escapeHtml(text);
      const titled = text ? ` title="${escapeHtml(text)}"` : '';
      return `<a class="md-image" href="${escapeHtml(url)}"${titled}>${escapeHtml(url)}</a>`;
    },
    code({ text, lang }: Tokens.Code) {
      const declared = (lang ?? '').trim().split(/\s+/)[0]?.toLowerCase() ?? '';
      const language = LANGUAGE.test(declared) ? declared : '';
      const attrs = language ? ` data-lang="${escapeHtml(language)}"` : '';
      const cls = language ? ` class="language-${escapeHtml(language)}"` : '';
      const body = escapeHtml(text.replace(/\n$/, ''));
      return `<pre${attrs}><code${cls}>${body}</code></pre>\n`;
    },
  },
});

const ALLOWED_TAGS = [
  'a',
  'p',
  'br',
  'hr',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'strong',
  'em',
  'del',
  'code',
  'pre',
  'blockquote',
  'ul',
  'ol',
  'li',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'input',
  // Math placeholders (math-syntax.ts): the source as text, the TeX in data-tex.
  'span',
  'div',
];
const ALLOWED_ATTR = [
  'href',
  'title',
  'class',
  'align',
  'start',
  'type',
  'checked',
  'disabled',
  'data-lang',
  'data-tex',
];

let purifier: ReturnType<typeof DOMPurify> | undefined;

const PURIFY_CONFIG = {
  ALLOWED_TAGS,
  ALLOWED_ATTR,
  ALLOW_DATA_ATTR: false,
  // No ALLOWED_URI_REGEXP: DOMPurify would test every attribute against it (align="right" too).
  // The hook below checks href against the allowed schemes instead.
  // In place: renderTokens parses the markup once, in a windowless document of its own, instead
  // of DOMPurify making a DOMParser document for every call (thousands while a reply streams).
  IN_PLACE: true,
};

/**
 * One DOMPurify instance of our own for the renderer's markup, so its hooks touch nothing else on
 * the page, its configuration set once (not parsed again on each of thousands of calls).
 */
function purify(): ReturnType<typeof DOMPurify> {
  if (purifier) return purifier;
  const instance = DOMPurify(globalThis.window);
  instance.setConfig(PURIFY_CONFIG);
  addRendererHooks(instance);
  purifier = instance;
  return instance;
}

/** Links only to allowed schemes, in a new tab; our `data-lang` only; a disabled checkbox only. */
function addRendererHooks(instance: ReturnType<typeof DOMPurify>): void {
  instance.addHook('afterSanitizeAttributes', (node) => {
    const element = node as Element;
    if (element.tagName === 'A') {
      const href = element.getAttribute('href');
      if (href !== null && !allowedUrl(href, LINK_PROTOCOLS)) element.removeAttribute('href');
      if (element.hasAttribute('href')) {
        element.setAttribute('target', '_blank');
        element.setAttribute('rel', 'noopener noreferrer');
      }
    } else if (element.tagName === 'PRE') {
      // `data-lang` is ours (the fence's language, checked above); no other data-* survives.
      const lang = element.getAttribute('data-lang');
      if (lang !== null && !LANGUAGE.test(lang)) element.removeAttribute('data-lang');
    } else if (element.tagName === 'INPUT') {
      // Only the task-list checkbox marked makes, and never editable.
      if (element.getAttribute('type') !== 'checkbox') element.remove();
      else element.setAttribute('disabled', '');
    }
  });
}

/** The renderer's markup for top-level tokens, before sanitising (tests compare it). */
export function tokensToMarkup(tokens: readonly Token[]): string {
  return marked.parser(tokens as Token[]);
}

/** The same for a whole text lexed in one go: the reference an incremental render must match. */
export function markdownToMarkup(text: string): string {
  return marked.parser(marked.lexer(text));
}

let inert: Document | undefined;

/**
 * Sanitised markup for top-level tokens, as a fragment ready to insert. The markup is parsed in a
 * document of its own that has no window (nothing in it loads or runs), sanitised there in place,
 * and only then copied into this document.
 */
export function renderTokens(tokens: readonly Token[]): DocumentFragment {
  const markup = tokensToMarkup(tokens);
  inert ??= document.implementation.createHTMLDocument('');
  const holder = inert.createElement('div');
  holder.innerHTML = markup;
  try {
    purify().sanitize(holder);
  } catch {
    // DOMPurify refuses to work in place where it cannot check the root element — in happy-dom,
    // which it does not support (other views' unit tests run there). The string path is as safe.
    return dropLayoutWhitespace(stringPurify().sanitize(markup, STRING_CONFIG));
  }
  const fragment = document.createDocumentFragment();
  for (let node = holder.firstChild; node; node = node.nextSibling)
    fragment.appendChild(document.importNode(node, true));
  return dropLayoutWhitespace(fragment);
}

let stringPurifier: ReturnType<typeof DOMPurify> | undefined;
const STRING_CONFIG = { ...PURIFY_CONFIG, IN_PLACE: false, RETURN_DOM_FRAGMENT: true as const };

function stringPurify(): ReturnType<typeof DOMPurify> {
  if (stringPurifier) return stringPurifier;
  stringPurifier = DOMPurify(globalThis.window);
  addRendererHooks(stringPurifier);
  return stringPurifier;
}

const BLOCK_TAGS = new Set([
  'P',
  'UL',
  'OL',
  'LI',
  'TABLE',
  'THEAD',
  'TBODY',
  'TR',
  'TH',
  'TD',
  'BLOCKQUOTE',
  'PRE',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'HR',
]);

const isBlock = (node: Node | null) => node !== null && BLOCK_TAGS.has(node.nodeName);

/**
 * marked puts a newline after every block tag. Browsers do not show it, but it would be in the
 * message's textContent (the stable e2e surface: "the visible text"), so drop whitespace-only
 * text beside block elements. Whitespace between inline elements stays: it is visible.
 */
function dropLayoutWhitespace(fragment: DocumentFragment): DocumentFragment {
  const walker = fragment.ownerDocument.createTreeWalker(fragment, NodeFilter.SHOW_TEXT);
  const drop: Node[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement?.closest('pre')) continue;
    if (
      /^\s*$/.test(node.nodeValue ?? '') &&
      (isBlock(node.previousSibling) || isBlock(node.nextSibling))
    )
      drop.push(node);
  }
  for (const node of drop) node.parentNode?.removeChild(node);
  return fragment;
}

/** The same, as a string (tests, benchmark baselines). */
export function renderTokensToHtml(tokens: readonly Token[]): string {
  const holder = document.createElement('div');
  holder.append(renderTokens(tokens));
  return holder.innerHTML;
}

/** Whole-text rendering (no incremental state): the reference the incremental path must match. */
export function renderMarkdownToHtml(text: string): string {
  return renderTokensToHtml(marked.lexer(text));
}

/** Anything inside that would fetch from elsewhere or run something. */
// (An <a> may stay: Mermaid wraps a node with a click directive in one and puts the node's
// position on it; without href — dropped below — it is an inert group, not a link.)
const RICH_FORBID_TAGS = [
  'img',
  'image',
  'use',
  'iframe',
  'object',
  'embed',
  'form',
  'input',
  'button',
  'video',
  'audio',
  'source',
  'picture',
  'foreignObject',
  'script',
  'link',
  'meta',
  'base',
];
const RICH_FORBID_ATTR = [
  'href',
  'xlink:href',
  'src',
  'srcset',
  'action',
  'formaction',
  'background',
  'poster',
  'ping',
];
/** CSS that loads something: an @import, or url() of anything but a fragment of the same SVG. */
const REMOTE_CSS = /@import|url\(\s*['"]?\s*(?!#)/i;

let richPurifier: ReturnType<typeof DOMPurify> | undefined;

/** A second instance for KaTeX and Mermaid output, whose hook drops CSS that would load anything. */
function richPurify(): ReturnType<typeof DOMPurify> {
  if (richPurifier) return richPurifier;
  const instance = DOMPurify(globalThis.window);
  instance.addHook('uponSanitizeElement', (node, data) => {
    if (data.tagName === 'style' && REMOTE_CSS.test(node.textContent ?? '')) node.textContent = '';
  });
  instance.addHook('uponSanitizeAttribute', (_node, data) => {
    if (data.attrName === 'style' && REMOTE_CSS.test(data.attrValue)) data.keepAttr = false;
  });
  richPurifier = instance;
  return instance;
}

/**
 * KaTeX's and Mermaid's output (HTML, SVG, MathML) is made from model text, so it passes a gate
 * too: no link targets, images, frames, forms or scripts, no remote CSS; styles and classes stay (both
 * libraries lay out with them).
 */
export function sanitizeRich(markup: string): DocumentFragment {
  return richPurify().sanitize(markup, {
    USE_PROFILES: { html: true, svg: true, svgFilters: true, mathMl: true },
    FORBID_TAGS: RICH_FORBID_TAGS,
    FORBID_ATTR: RICH_FORBID_ATTR,
    RETURN_DOM_FRAGMENT: true,
  });
}

let highlightPurifier: ReturnType<typeof DOMPurify> | undefined;

/** Highlighter output is our own library's, but it goes through the same gate: spans and classes only. */
export function sanitizeHighlight(html: string): DocumentFragment {
  highlightPurifier ??= DOMPurify(globalThis.window);
  return highlightPurifier.sanitize(html, {
    ALLOWED_TAGS: ['span'],
    ALLOWED_ATTR: ['class'],
    RETURN_DOM_FRAGMENT: true,
  });
}
