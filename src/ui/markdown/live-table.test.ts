// @vitest-environment jsdom
// DOMPurify does not support happy-dom (cure53/DOMPurify#1457): the renderer is tested in jsdom.
import { describe, expect, it } from 'vitest';
import type { Tokens } from 'marked';
import { SYNTAX } from './block-splitter';
import { renderMarkdownToHtml } from './render-html';
import { tableSlices } from './live-table';

function table(rows: number): string {
  let text = '| # | name | status |\n|--:|:----:|------|\n';
  for (let i = 0; i < rows; i++)
    text += `| ${i} | **item** ${i} | see \`log/${i}\` and <b>${i}</b> [x](javascript:alert(${i})) |\n`;
  return text;
}

describe('tableSlices', () => {
  it('renders a finished table in batches, pausing between them, as the one-shot render', () => {
    const text = table(70);
    const token = SYNTAX.lexer(text)[0] as Tokens.Table;
    const slices = tableSlices(token);
    let pauses = 0;
    let step = slices.next();
    for (; !step.done; step = slices.next()) pauses++;
    // A pause before each batch of 16 rows: the caller may yield to the browser there.
    expect(pauses).toBe(Math.ceil(70 / 16));
    const holder = document.createElement('div');
    holder.append(step.value);
    expect(holder.innerHTML).toBe(renderMarkdownToHtml(text));
    // Sanitised as any render: the raw HTML shown as text, the script link dropped.
    expect(holder.querySelector('b')).toBeNull();
    expect(holder.querySelector('a')).toBeNull();
    expect(holder.textContent).toContain('<b>69</b>');
  });

  it('draws a table without rows in one go', () => {
    const token = SYNTAX.lexer('| a | b |\n|---|---|\n')[0] as Tokens.Table;
    const step = tableSlices(token).next();
    expect(step.done).toBe(true);
    const holder = document.createElement('div');
    holder.append(step.value as DocumentFragment);
    expect(holder.innerHTML).toBe(renderMarkdownToHtml('| a | b |\n|---|---|\n'));
  });
});
