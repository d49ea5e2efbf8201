// Test and benchmark support (never imported by a view): replays a text into a BlockSplitter in
// given chunks, the way a reply streams, and renders what the view would show at the end.
import type { Token, Tokens } from 'marked';
import { BlockSplitter, SYNTAX, type SplitResult } from './block-splitter';
import { tokensToMarkup } from './render-html';

/** The tail as one block: a live container's finished items joined with its live ones. */
export function wholeTail({ tail, container }: SplitResult): Token[] {
  if (!container) return [...tail];
  if (container.kind === 'code') {
    // As marked makes the text of an open fence (the renderer drops one final newline).
    const { lines, line } = container;
    const shown = [...lines, ...(line === undefined ? [] : [line])].join('\n');
    const text = shown === '' || shown.endsWith('\n') ? `${shown}\n` : shown;
    return [{ ...(container.shell as Tokens.Code), text }];
  }
  if (container.kind === 'quote') {
    const inner = container.inner!;
    const tokens = [
      ...inner.blocks.flatMap((block) => block.tokens),
      ...(inner.plain ? SYNTAX.lexer(inner.plain.text) : wholeTail(inner)),
    ];
    return [{ ...(container.shell as Tokens.Blockquote), tokens }];
  }
  const [live, ...rest] = tail;
  if (container.kind === 'list') {
    const list = live as Tokens.List;
    return [{ ...list, items: [...container.items, ...list.items] }, ...rest];
  }
  const table = live as Tokens.Table;
  return [{ ...table, rows: [...container.rows, ...table.rows] }, ...rest];
}

/**
 * Streams `text` cut at `cuts` (increasing offsets), then ends it: the renderer's markup for what
 * the view then shows (each frozen block rendered on its own, then the tail), before sanitising.
 */
export function streamedMarkup(text: string, cuts: readonly number[]): string {
  const splitter = new BlockSplitter();
  for (const cut of cuts) if (cut > 0 && cut < text.length) splitter.update(text.slice(0, cut));
  const result = splitter.update(text, true);
  return (
    result.blocks.map((b) => tokensToMarkup(b.tokens)).join('') + tokensToMarkup(wholeTail(result))
  );
}

/** Cut points for deltas of `size` characters. */
export function fixedCuts(length: number, size: number): number[] {
  const cuts: number[] = [];
  for (let end = size; end < length; end += size) cuts.push(end);
  return cuts;
}

/** Cut points for deltas of 1–`max` characters drawn from a seeded generator (mulberry32). */
export function randomCuts(length: number, seed: number, max = 12): number[] {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const cuts: number[] = [];
  for (let end = 1 + Math.floor(next() * max); end < length; end += 1 + Math.floor(next() * max))
    cuts.push(end);
  return cuts;
}
