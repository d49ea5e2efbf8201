// @vitest-environment jsdom
// DOMPurify does not support happy-dom (cure53/DOMPurify#1457): the renderer is tested in jsdom.
import { describe, expect, it } from 'vitest';
import type { Tokens } from 'marked';
import { SYNTAX } from './block-splitter';
import { renderMarkdownToHtml, renderTokens } from './render-html';
import { LiveTable } from './live-table';

function table(rows: number): string {
  let text = '| # | name | status |\n|--:|:----:|------|\n';
  for (let i = 0; i < rows; i++)
    text += `| ${i} | **item** ${i} | see \`log/${i}\` and <b>${i}</b> [x](javascript:alert(${i})) |\n`;
  return text;
}

const lex = (text: string) => SYNTAX.lexer(text)[0] as Tokens.Table;

/** A LiveTable streamed up to `rows` rows: all finished but the last, which is live. */
function streamed(text: string) {
  const token = lex(text);
  const root = document.createElement('div');
  document.body.append(root);
  const live = new LiveTable(root, { ...token, rows: [] });
  const rowsOf = (rows: Tokens.TableCell[][]) => [
    ...renderTokens([{ ...token, rows }]).querySelectorAll('tbody > tr'),
  ];
  live.addRows(rowsOf(token.rows.slice(0, -1)));
  live.setLive(rowsOf(token.rows.slice(-1)));
  return { token, root, live };
}

describe('LiveTable', () => {
  it('stacks the finished rows in parts of 32 under one header, the live row last', () => {
    const { root } = streamed(table(70));
    const parts = [...root.querySelectorAll('table.md-table-part')];
    expect(parts.map((part) => part.querySelectorAll('tbody > tr').length)).toEqual([32, 32, 5, 1]);
    expect(parts[0]!.querySelector('thead')).not.toBeNull();
    expect(root.querySelectorAll('.md-table-part > thead')).toHaveLength(1);
    // The full parts in a block of their own: a delta's layout visits the scroller's few
    // children, not every part (live-table.ts).
    const stream = root.querySelector('.md-table-stream')!;
    expect([...stream.querySelectorAll(':scope > .md-table-parts > table')]).toEqual(
      parts.slice(0, 2),
    );
    expect([...stream.children].map((child) => child.className)).toEqual([
      'md-table-sizer',
      'md-table-parts',
      'md-table-part',
      'md-table-part',
    ]);
    // Every part's columns take the sizer's widths.
    for (const part of parts)
      expect([...part.querySelectorAll('col')].map((col) => col.style.width)).toEqual([
        'var(--md-col-0)',
        'var(--md-col-1)',
        'var(--md-col-2)',
      ]);
  });

  it('draws the finished table a part a frame, ending as the one-shot render', async () => {
    const text = table(70);
    const { token, root, live } = streamed(text);
    const finished = () => root.firstElementChild!.querySelectorAll('tbody > tr').length;
    live.finish(token);
    // First slice, at once: the finished table's header and first 32 rows above the stacked
    // parts that still hold the others (the first part gone).
    expect(root.getAttribute('aria-busy')).toBe('true');
    expect(root.firstElementChild!.tagName).toBe('TABLE');
    expect(finished()).toBe(32);
    expect(root.querySelectorAll('.md-table-part > tbody > tr')).toHaveLength(70 - 32);
    // Then a slice a frame: rows 32–63, then 64–69.
    const seen: number[] = [];
    while (root.hasAttribute('aria-busy')) {
      await new Promise((resolve) => requestAnimationFrame(resolve));
      seen.push(finished());
    }
    expect(seen).toEqual([64, 70]);
    expect(root.innerHTML).toBe(renderMarkdownToHtml(text));
    // Sanitised as any render: the raw HTML shown as text, the script link dropped.
    expect(root.querySelector('b')).toBeNull();
    expect(root.querySelector('a')).toBeNull();
    expect(root.textContent).toContain('<b>69</b>');
  });

  it('starts over with new tokens, and stops when disposed', async () => {
    const text = table(70);
    const { token, root, live } = streamed(text);
    live.finish(token);
    const changed = lex(text.replace('| 5 |', '| five |'));
    live.finish(changed);
    while (root.hasAttribute('aria-busy')) await new Promise(requestAnimationFrame);
    expect(root.innerHTML).toBe(renderMarkdownToHtml(text.replace('| 5 |', '| five |')));

    const other = streamed(text);
    other.live.finish(other.token);
    other.live.dispose();
    await new Promise((resolve) => setTimeout(resolve, 120));
    // Left as it was when disposed (its view is gone).
    expect(other.root.getAttribute('aria-busy')).toBe('true');
    expect(other.root.firstElementChild!.querySelectorAll('tbody > tr')).toHaveLength(32);
  });
});
