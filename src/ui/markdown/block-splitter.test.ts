// @vitest-environment node
// The splitter is compared with a one-shot render through the renderer's markup (before
// sanitising, which the view applies to each block alike): no DOM, so every prefix can be checked
// fast. The sanitised DOM is render-html.test.ts's and markdown-view.test.tsx's.
import { describe, expect, it } from 'vitest';
import { BlockSplitter, lexWithLinks } from './block-splitter';
import { markdownToMarkup, tokensToMarkup } from './render-html';
import { longReply, TRICKY_REPLIES } from './sample-replies';
import { wholeTail } from './stream-replay';

const escapeText = (text: string) =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

/** What the incremental path shows: frozen blocks then the tail (or the plain paragraph). */
function incrementalHtml(splitter: BlockSplitter, text: string, final: boolean): string {
  const result = splitter.update(text, final);
  const { blocks, plain } = result;
  const frozen = blocks.map((b) => tokensToMarkup(b.tokens)).join('');
  if (!plain) return frozen + tokensToMarkup(wholeTail(result));
  return `${frozen}<p>${escapeText(plain.text)}</p>\n`;
}

const renderMarkdownToHtml = markdownToMarkup;

function* prefixes(text: string, step: number): Generator<string> {
  for (let end = step; end < text.length; end += step) yield text.slice(0, end);
}

describe('BlockSplitter', () => {
  it.each(TRICKY_REPLIES.map((text, i) => [i, text]))(
    'renders every prefix of tricky reply %i exactly as a full render would',
    (_i, text) => {
      const splitter = new BlockSplitter();
      for (const prefix of prefixes(text, 1)) {
        expect(incrementalHtml(splitter, prefix, false), JSON.stringify(prefix)).toBe(
          renderMarkdownToHtml(prefix),
        );
      }
      expect(incrementalHtml(splitter, text, true)).toBe(renderMarkdownToHtml(text));
    },
  );

  it('matches the full render of a long reply streamed in 5-character deltas', () => {
    const text = longReply(12_000);
    const splitter = new BlockSplitter();
    let checked = 0;
    for (const prefix of prefixes(text, 5)) {
      // Comparing every prefix would be quadratic; every 97th is plenty to catch a drift.
      if (++checked % 97 === 0)
        expect(incrementalHtml(splitter, prefix, false)).toBe(renderMarkdownToHtml(prefix));
      else splitter.update(prefix, false);
    }
    expect(incrementalHtml(splitter, text, true)).toBe(renderMarkdownToHtml(text));
    expect(splitter.stats.resets).toBe(0);
  });

  it('never lexes a finished block again: each update lexes only the unfinished tail', () => {
    const text = longReply(30_000);
    const splitter = new BlockSplitter();
    let updates = 0;
    for (const prefix of prefixes(text, 5)) {
      splitter.update(prefix, false);
      updates++;
    }
    // The largest section of the sample is well under 600 characters; the tail never holds more
    // than two blocks, so the lexer never sees more than that however long the reply grows.
    expect(splitter.stats.maxLexedChars).toBeLessThan(1_000);
    // One lex per update (none for a growing fence's new lines); a second one where a growing
    // list, table, fence or quote ends (live-container.ts).
    const lexes =
      splitter.stats.lexCalls + splitter.stats.plainUpdates + splitter.stats.fenceUpdates;
    expect(lexes).toBeGreaterThanOrEqual(updates);
    expect(lexes).toBeLessThan(updates * 1.05);
    expect(splitter.stats.lexedChars / updates).toBeLessThan(500);
    const { blocks } = splitter.update(text, false);
    expect(blocks.length).toBeGreaterThan(150);
  });

  it('does not lex a tail of plain words, and renders it as the paragraph marked would', () => {
    const words = Array.from({ length: 400 }, (_, i) => `w${i}`).join(' ');
    const text = `# Title\n\nSee **this**.\n\n${words}, "quoted" (and so on) — ещё слова`;
    const splitter = new BlockSplitter();
    for (const prefix of prefixes(text, 7)) {
      const html = incrementalHtml(splitter, prefix, false);
      if (prefix.length % 91 < 7) expect(html).toBe(renderMarkdownToHtml(prefix));
    }
    expect(splitter.stats.plainUpdates).toBeGreaterThan(250);
    expect(splitter.stats.maxLexedChars).toBeLessThan(40);
    expect(splitter.update(text, false).plain?.text.startsWith('w0 w1 w2')).toBe(true);
    // Markdown syntax, a line break or an autolink in the tail: lexed as usual.
    for (const tail of [
      'a *b',
      'a\nb',
      'see www.example.com',
      'mail me@x.org',
      'x https://y',
      '1. item',
    ]) {
      const other = new BlockSplitter();
      expect(other.update(`Intro\n\n${tail}`, false).plain, tail).toBeUndefined();
    }
    expect(incrementalHtml(splitter, text, true)).toBe(renderMarkdownToHtml(text));
  });

  it.each([
    [
      'list',
      (i: number) => `- item ${i}: some words about **this** and \`that\`, more words here\n`,
    ],
    [
      'ordered list',
      (i: number) => `${i + 1}. step ${i} with [a link](https://example.com/${i})\n`,
    ],
    ['table', (i: number) => `| ${i} | cell with *em* | ${'x'.repeat(i % 17)} |\n`],
  ] as const)(
    'streams a 12 KB %s lexing only its live item, exactly',
    (kind, line: (i: number) => string) => {
      let text = kind === 'table' ? '| n | text | pad |\n|---|:--|--:|\n' : 'Intro:\n\n';
      for (let i = 0; text.length < 12_000; i++) text += line(i);
      text += '\nAfter.\n';
      const splitter = new BlockSplitter();
      let checked = 0;
      let seen: unknown[] = [];
      for (const prefix of prefixes(text, 4)) {
        const result = splitter.update(prefix, false);
        const container = result.container;
        if (container && prefix.length > 3_000 && prefix.length < 11_500) {
          // Finished items are kept as they were: the same objects, only more of them.
          const items = kind === 'table' ? container.rows : container.items;
          expect(items.length).toBeGreaterThanOrEqual(seen.length);
          if (seen.some((item, i) => items[i] !== item)) expect.fail('a finished item changed');
          seen = items.slice();
        }
        if (++checked % 331 === 0)
          expect(incrementalHtml(splitter, prefix, false)).toBe(renderMarkdownToHtml(prefix));
      }
      expect(seen.length).toBeGreaterThan(60);
      // However long the list grows, a delta lexes about one item (and once, where it ends,
      // the whole list: the exact path).
      expect(splitter.stats.lexedChars / checked).toBeLessThan(200);
      expect(incrementalHtml(splitter, text, true)).toBe(renderMarkdownToHtml(text));
    },
  );

  it.each([
    [
      'quote',
      (i: number) =>
        i % 5 === 4 ? '>\n' : `> line ${i} of the quote, with **bold** and \`code\` in it\n`,
    ],
    ['fenced code block', (i: number) => `  const x${i} = compute(${i}); // about it\n`],
  ] as const)(
    'streams a 12 KB %s lexing only its live part, exactly',
    (kind, line: (i: number) => string) => {
      const quote = kind === 'quote';
      let text = quote ? 'Intro:\n\n' : 'Intro:\n\n```ts\n';
      for (let i = 0; text.length < 12_000; i++) text += line(i);
      text += quote ? '\nAfter.\n' : '```\n\nAfter.\n';
      // Counts what the quote's own splitter lexes too (it lexes through the same function).
      let lexed = 0;
      const splitter = new BlockSplitter((src, links) => {
        lexed += src.length;
        return lexWithLinks(src, links);
      });
      let checked = 0;
      const kinds = new Set<string>();
      for (const prefix of prefixes(text, 4)) {
        const result = splitter.update(prefix, false);
        if (result.container) kinds.add(result.container.kind);
        if (++checked % 331 === 0)
          expect(incrementalHtml(splitter, prefix, false)).toBe(renderMarkdownToHtml(prefix));
      }
      expect([...kinds]).toEqual([quote ? 'quote' : 'code']);
      // A whole re-lex per delta would average 6,000 characters here.
      expect(lexed / checked).toBeLessThan(quote ? 400 : 20);
      expect(incrementalHtml(splitter, text, true)).toBe(renderMarkdownToHtml(text));
    },
  );

  it('keeps the same frozen block objects as the text grows', () => {
    const splitter = new BlockSplitter();
    const first = splitter.update('# One\n\nTwo\n\nThr', false).blocks.slice();
    expect(first.map((b) => b.tokens[0]!.type)).toEqual(['heading', 'paragraph']);
    const later = splitter.update('# One\n\nTwo\n\nThree\n\nFour', false).blocks;
    expect(later.slice(0, 2)).toEqual(first);
    expect(later[0]).toBe(first[0]);
    expect(later[1]).toBe(first[1]);
  });

  it('starts again when the text is replaced rather than extended', () => {
    const splitter = new BlockSplitter();
    splitter.update('# One\n\nTwo\n\nThree', false);
    const { blocks, generation } = splitter.update('Something else\n\nentirely', false);
    expect(splitter.stats.resets).toBe(1);
    expect(generation).toBe(1);
    expect(blocks.map((b) => b.tokens[0]!.raw)).toEqual(['Something else']);
  });

  it('resolves a reference defined after its use once the reply ends', () => {
    const splitter = new BlockSplitter();
    const text = 'Read [this][x].\n\nMore.\n\n[x]: https://example.com/x\n\nEnd.\n';
    for (const prefix of prefixes(text, 3)) splitter.update(prefix, false);
    expect(incrementalHtml(splitter, text, true)).toContain('href="https://example.com/x"');
  });
});
