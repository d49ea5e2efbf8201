// Math in replies, as models write it: $…$ and \(…\) inline, $$…$$ and \[…\] for display. This is
// the syntax only (marked extensions and their placeholder markup); KaTeX draws the placeholders
// later, loaded only when a reply has any (math-render.ts).
//
// A dollar sign is also money. Following Pandoc's rule (the one good renderers share): an inline
// $ opens only when a non-space follows it, and closes only when a non-space precedes it and no
// digit follows — "$5 and $10" stays prose, "$x$" is math. A \$ is an escaped dollar.
//
// A display block ($$ or \[ at the start of a block) runs to its closing line or, like a fenced
// code block, to the end of the text: while it streams it is one growing block shown as source,
// never a paragraph that a later line would turn into math (the block splitter relies on that).
// It does not interrupt a paragraph; there $$…$$ is inline display math.
import type { TokenizerExtension, RendererExtension, Tokens } from 'marked';

export interface MathToken extends Tokens.Generic {
  type: 'mathInline' | 'mathBlock';
  raw: string;
  /** The TeX between the delimiters. */
  tex: string;
  display: boolean;
  /** A block whose closing delimiter has come (an open one is still streaming). */
  closed: boolean;
}

const escapeHtml = (text: string) =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

/** Opening line of a display block: `$$` or `\[`, up to three spaces in, maybe TeX after it. */
const BLOCK_OPEN = /^ {0,3}(\$\$|\\\[)[ \t]*([^\n]*)(?:\n|$)/;

function blockTokenizer(src: string): MathToken | undefined {
  const open = BLOCK_OPEN.exec(src);
  if (!open) return undefined;
  const close = open[1] === '$$' ? '$$' : '\\]';
  const first = open[2]!;
  // Opening and closing on one line: $$ x $$
  const sameLine = first.lastIndexOf(close);
  if (sameLine !== -1 && first.trimEnd().endsWith(close)) {
    if (!first.slice(0, sameLine).trim()) return undefined; // "$$ $$": not math
    const raw = src.slice(0, open[0].length);
    return token('mathBlock', raw, first.slice(0, sameLine).trim(), true, true);
  }
  const lines: string[] = first.trim() ? [first] : [];
  let at = open[0].length;
  while (at < src.length) {
    const end = src.indexOf('\n', at);
    const line = src.slice(at, end === -1 ? src.length : end);
    const next = end === -1 ? src.length : end + 1;
    const trimmed = line.trimEnd();
    if (trimmed.endsWith(close)) {
      lines.push(trimmed.slice(0, -close.length));
      return token('mathBlock', src.slice(0, next), lines.join('\n').trim(), true, true);
    }
    lines.push(line);
    at = next;
  }
  return token('mathBlock', src, lines.join('\n').trim(), true, false);
}

function token(
  type: MathToken['type'],
  raw: string,
  tex: string,
  display: boolean,
  closed: boolean,
): MathToken {
  return { type, raw, tex, display, closed };
}

/** Inline math at the very start of `src`, or undefined. */
function inlineTokenizer(src: string): MathToken | undefined {
  if (src.startsWith('\\(') || src.startsWith('\\[')) {
    const close = src[1] === '(' ? '\\)' : '\\]';
    const end = src.indexOf(close, 2);
    if (end <= 2) return undefined;
    const tex = src.slice(2, end);
    if (!tex.trim()) return undefined;
    return token('mathInline', src.slice(0, end + 2), tex.trim(), close === '\\]', true);
  }
  if (!src.startsWith('$')) return undefined;
  const display = src.startsWith('$$');
  const open = display ? 2 : 1;
  // Pandoc: the opener is followed by a non-space.
  if (open >= src.length || /\s/.test(src[open]!)) return undefined;
  for (let i = open; i < src.length; i++) {
    const c = src[i]!;
    if (c === '\\') {
      i++;
      continue;
    }
    if (c !== '$') continue;
    if (display) {
      if (src[i + 1] !== '$') continue;
      const tex = src.slice(2, i);
      if (/\s/.test(src[i - 1]!) || !tex.trim()) return undefined;
      return token('mathInline', src.slice(0, i + 2), tex.trim(), true, true);
    }
    // The closer: a non-space before it, no digit right after it.
    if (/\s/.test(src[i - 1]!) || /\d/.test(src[i + 1] ?? '')) return undefined;
    return token('mathInline', src.slice(0, i + 1), src.slice(1, i), false, true);
  }
  return undefined;
}

/** Where inline math could start in `src` (so plain text stops there). */
function inlineStart(src: string): number | undefined {
  const match = /\$|\\[([]/.exec(src);
  return match ? match.index : undefined;
}

/** The placeholder: the source as text (what shows until KaTeX draws it), the TeX in data-tex. */
export function mathPlaceholder(math: MathToken): string {
  const cls = `md-math ${math.display ? 'md-math-display' : 'md-math-inline'}`;
  const tag = math.type === 'mathBlock' ? 'div' : 'span';
  // An open block is still streaming: only its source, nothing for KaTeX to draw yet.
  const tex = math.closed ? ` data-tex="${escapeHtml(math.tex)}"` : '';
  const body = escapeHtml(math.raw.replace(/\n$/, ''));
  return `<${tag} class="${cls}"${tex}>${body}</${tag}>${tag === 'div' ? '\n' : ''}`;
}

export const mathExtensions: (TokenizerExtension & RendererExtension)[] = [
  {
    name: 'mathBlock',
    level: 'block',
    tokenizer: (src) => blockTokenizer(src),
    renderer: (t) => mathPlaceholder(t as MathToken),
  },
  {
    name: 'mathInline',
    level: 'inline',
    start: (src) => inlineStart(src),
    tokenizer: (src) => inlineTokenizer(src),
    renderer: (t) => mathPlaceholder(t as MathToken),
  },
];

/** Does this markup hold any math for KaTeX to draw? */
export const hasMath = (root: ParentNode) => root.querySelector('.md-math[data-tex]') !== null;
