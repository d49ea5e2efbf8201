// @vitest-environment jsdom
// DOMPurify does not support happy-dom (cure53/DOMPurify#1457): the renderer is tested in jsdom.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render } from '@testing-library/preact';
import { MarkdownView } from './markdown-view';
import { loadHighlighter } from './code-blocks';
import { longReply } from './sample-replies';

let copied: string[];
beforeEach(() => {
  copied = [];
  // A behavioural clipboard: it keeps what was written.
  Object.defineProperty(navigator, 'clipboard', {
    configurable: true,
    value: { writeText: async (text: string) => void copied.push(text) },
  });
});
afterEach(cleanup);

function stream(text: string, step = 5) {
  const view = render(<MarkdownView text="" streaming />);
  for (let end = step; end < text.length; end += step)
    view.rerender(<MarkdownView text={text.slice(0, end)} streaming />);
  view.rerender(<MarkdownView text={text} streaming />);
  return view;
}

const blocks = (root: HTMLElement) => [...root.querySelectorAll<HTMLElement>('.md-block')];
/** The blocks' markup in order, whether a block stands alone or in a chunk of frozen ones. */
const blockMarkup = (root: HTMLElement) =>
  blocks(root)
    .map((block) => block.outerHTML)
    .join('');

describe('MarkdownView', () => {
  it('renders a finished block once: later deltas never touch its DOM', () => {
    // Sized for a busy two-core machine (each render is sanitised in jsdom): about eighty
    // deltas of 19 characters cross several block boundaries; the splitter's own tests and the
    // benchmark stream far longer replies.
    const text = longReply(2_600);
    const view = render(<MarkdownView text={text.slice(0, 1_100)} streaming />);
    const root = view.getByTestId('message-text');
    const early = blocks(root).slice(0, -1);
    expect(early.length).toBeGreaterThan(5);
    const mutations: MutationRecord[] = [];
    const observer = new MutationObserver((records) => mutations.push(...records));
    for (const block of early)
      observer.observe(block, {
        childList: true,
        subtree: true,
        characterData: true,
        attributes: true,
      });
    for (let end = 1_119; end < text.length; end += 19)
      view.rerender(<MarkdownView text={text.slice(0, end)} streaming />);
    view.rerender(<MarkdownView text={text} streaming={false} />);
    mutations.push(...observer.takeRecords());
    observer.disconnect();
    // The same elements, still in the document, never changed.
    for (const block of early) expect(block.isConnected).toBe(true);
    expect(blocks(root).slice(0, early.length)).toEqual(early);
    // (A finished code block gets its highlighting once, asynchronously; none is loaded here.)
    expect(mutations.filter((m) => !(m.target as Element).closest?.('pre'))).toEqual([]);
  });

  it('keeps frozen blocks in chunks of 32, a long table on its own, the same DOM as one shot', async () => {
    // A delta's layout visits the message's children: frozen blocks go into chunks so that a
    // long reply's deltas do not lay out every block again (markdown-view.tsx, CHUNK_BLOCKS).
    let text = '';
    for (let i = 0; i < 40; i++) text += `Paragraph ${i}.\n\n`;
    text += '| # | name |\n|---|---|\n';
    for (let i = 0; i < 40; i++) text += `| ${i} | row ${i} |\n`;
    text += '\n';
    for (let i = 40; i < 80; i++) text += `Paragraph ${i}.\n\n`;
    const view = render(<MarkdownView text={text.slice(0, 600)} streaming />);
    const root = view.getByTestId('message-text');
    const chunks = () => [...root.querySelectorAll(':scope > .md-chunk')];
    const firstChunk = chunks()[0];
    expect(firstChunk?.querySelectorAll(':scope > .md-block')).toHaveLength(32);
    let stacked = false;
    for (let end = 629; end < text.length; end += 29) {
      view.rerender(<MarkdownView text={text.slice(0, end)} streaming />);
      stacked ||= root.querySelector('.md-table-stream') !== null;
    }
    view.rerender(<MarkdownView text={text} streaming={false} />);
    await vi.waitFor(() => expect(root.querySelector('[aria-busy]')).toBeNull());
    expect(stacked).toBe(true); // the table streamed as a live table, and kept its view
    // The first chunk was drawn once; every chunk holds at most 32 blocks, and the table stands
    // between them, outside any chunk: 40 paragraphs, the table, 40 paragraphs.
    expect(chunks()[0]).toBe(firstChunk);
    const layout = [...root.children].map((child) =>
      child.classList.contains('md-chunk')
        ? child.children.length
        : child.querySelector('table')
          ? 'table'
          : '?',
    );
    expect(layout).toEqual([32, 8, 'table', 32, 8]);
    const oneShot = render(<MarkdownView text={text} streaming={false} />);
    expect(root.innerHTML).toBe(
      oneShot.container.querySelector('[data-testid=message-text]')!.innerHTML,
    );
  });

  it('grows a list by its last item, the finished ones drawn once', () => {
    let text = '';
    for (let i = 0; i < 24; i++) text += `- item ${i} with **bold** and \`code\`\n`;
    const view = render(<MarkdownView text={text.slice(0, 300)} streaming />);
    const root = view.getByTestId('message-text');
    const early = [...root.querySelectorAll('li')].slice(0, -1);
    expect(early.length).toBeGreaterThan(5);
    for (let end = 323; end < text.length; end += 23)
      view.rerender(<MarkdownView text={text.slice(0, end)} streaming />);
    view.rerender(<MarkdownView text={text} streaming />);
    // While it streams: the same elements for the finished items, and the whole list shown.
    const now = [...root.querySelectorAll('li')];
    expect(now.slice(0, early.length)).toEqual(early);
    expect(now).toHaveLength(24);
    // The finished items in one list, the live item alone in the next (a delta lays out one
    // item, not every item: container-view.tsx).
    const lists = [...root.querySelectorAll(':scope > .md-block > ul')];
    expect(lists.map((list) => list.children.length)).toEqual([23, 1]);
    const streamed = now.map((item) => item.outerHTML);
    view.rerender(<MarkdownView text={text} streaming={false} />);
    // Finished: the exact one-shot render, one list, its items the markup the live path showed.
    const oneShot = render(<MarkdownView text={text} streaming={false} />);
    expect(root.innerHTML).toBe(
      oneShot.container.querySelector('[data-testid=message-text]')!.innerHTML,
    );
    expect(root.querySelectorAll('ul')).toHaveLength(1);
    expect([...root.querySelectorAll('li')].map((item) => item.outerHTML)).toEqual(streamed);
  });

  it('numbers a growing ordered list on from its finished items', () => {
    let text = '';
    for (let i = 3; i < 40; i++) text += `${i}. step ${i}\n`;
    const view = stream(text, 7);
    const root = view.getByTestId('message-text');
    const [done, live] = [...root.querySelectorAll(':scope > .md-block > ol')];
    expect(done!.getAttribute('start')).toBe('3');
    expect(done!.children).toHaveLength(36);
    // The live item is the 37th: numbered 39, as in the one list it ends as.
    expect(live!.getAttribute('start')).toBe('39');
    expect(live!.textContent).toBe('step 39');
  });

  it('streams a table as stacked tables, then draws the one-shot table in its place', async () => {
    let text = 'Results:\n\n| n | text |\n|--:|---|\n';
    for (let i = 0; i < 80; i++) text += `| ${i} | *cell* ${i} ${'word '.repeat(i % 7)}|\n`;
    const view = render(<MarkdownView text={text.slice(0, 300)} streaming />);
    const root = view.getByTestId('message-text');
    // Short, it is one ordinary table (laid out whole, but short).
    expect(root.querySelector('.md-table-stream')).toBeNull();
    expect(root.querySelectorAll('table')).toHaveLength(1);
    for (let end = 323; end < 2_000; end += 23)
      view.rerender(<MarkdownView text={text.slice(0, end)} streaming />);
    const shown = () => [...root.querySelectorAll('.md-table-part > tbody > tr')];
    const early = shown().slice(0, -1);
    expect(early.length).toBeGreaterThan(32);
    for (let end = 2_023; end < text.length; end += 23)
      view.rerender(<MarkdownView text={text.slice(0, end)} streaming />);
    view.rerender(<MarkdownView text={text} streaming />);
    // While it streams: the finished rows drawn once (the same elements), every row shown once,
    // the header once, in parts of at most 32 finished rows; the sizer hidden from readers.
    const stream = root.querySelector('.md-table-stream')!;
    expect(shown().slice(0, early.length)).toEqual(early);
    expect(shown().map((row) => row.firstElementChild!.textContent)).toEqual(
      Array.from({ length: 80 }, (_, i) => String(i)),
    );
    expect(stream.querySelectorAll('.md-table-part > thead')).toHaveLength(1);
    expect(stream.querySelectorAll('table.md-table-part').length).toBe(1 + Math.ceil(79 / 32));
    expect(stream.querySelector('.md-table-sizer')!.getAttribute('aria-hidden')).toBe('true');
    // The sizer holds the header and a few rows only: each column's longest text and word,
    // their text drawn by CSS: the message's text is what a reader sees, as in a one-shot render.
    expect(stream.querySelectorAll('.md-table-sizer tbody > tr').length).toBeLessThanOrEqual(4);
    expect(stream.querySelector('.md-table-sizer')!.textContent).toBe('');
    const atOnce = render(<MarkdownView text={text} streaming={false} />);
    expect(root.textContent).toBe(
      atOnce.container.querySelector('[data-testid=message-text]')!.textContent,
    );
    atOnce.unmount();

    const block = stream.parentElement!;
    view.rerender(<MarkdownView text={text} streaming={false} />);
    const oneShot = render(<MarkdownView text={text} streaming={false} />);
    const expected = oneShot.container.querySelector('[data-testid=message-text]')!.innerHTML;
    // Finished: the same block, drawn exactly as the one-shot render (perhaps after a few slices,
    // the streamed table shown until then).
    await vi.waitFor(() => expect(root.innerHTML).toBe(expected));
    expect(root.querySelector('table')!.parentElement).toBe(block);
    expect(block.hasAttribute('aria-busy')).toBe(false);
  });

  it('draws a table that ended mid-reply in its place, and what follows after it', async () => {
    let table = '| a | b |\n|---|---|\n';
    for (let i = 0; i < 40; i++) table += `| ${i} | [x][ref] ${i} |\n`;
    // The definition comes last: the table's links resolve only when the reply has it.
    const text = `Intro.\n\n${table}\nAfter the *table*.\n\n[ref]: https://example.com/r\n`;
    const view = render(<MarkdownView text="" streaming />);
    const root = view.getByTestId('message-text');
    let block: Element | undefined;
    for (let end = 7; end < text.length; end += 7) {
      view.rerender(<MarkdownView text={text.slice(0, end)} streaming />);
      block ??= root.querySelector('.md-table-stream')?.parentElement ?? undefined;
    }
    view.rerender(<MarkdownView text={text} streaming={false} />);
    const oneShot = render(<MarkdownView text={text} streaming={false} />);
    const expected = oneShot.container.querySelector('[data-testid=message-text]')!.innerHTML;
    await vi.waitFor(() => expect(root.innerHTML).toBe(expected));
    expect(root.querySelectorAll('table a[href="https://example.com/r"]')).toHaveLength(40);
    // Drawn where it streamed: the same block, not a second render of the frozen table.
    expect(block).toBeDefined();
    expect(root.querySelector('table')!.parentElement).toBe(block);
  });

  it('grows a quote by its last block, the finished blocks drawn once', () => {
    let text = 'Intro.\n\n';
    for (let i = 0; i < 16; i++)
      text += i % 4 === 3 ? '> - a *list* item\n>\n' : `> para ${i} with **bold**\n>\n`;
    const view = render(<MarkdownView text={text.slice(0, 200)} streaming />);
    const root = view.getByTestId('message-text');
    const early = [...root.querySelectorAll('blockquote > *')].slice(0, -1);
    expect(early.length).toBeGreaterThan(3);
    for (let end = 211; end < text.length; end += 11)
      view.rerender(<MarkdownView text={text.slice(0, end)} streaming />);
    view.rerender(<MarkdownView text={text} streaming />);
    const now = [...root.querySelectorAll('blockquote > *')];
    expect(now.slice(0, early.length)).toEqual(early);
    expect(root.querySelectorAll('blockquote')).toHaveLength(1);
    const streamed = blockMarkup(root);
    view.rerender(<MarkdownView text={text} streaming={false} />);
    const oneShot = render(<MarkdownView text={text} streaming={false} />);
    expect(root.innerHTML).toBe(
      oneShot.container.querySelector('[data-testid=message-text]')!.innerHTML,
    );
    expect(streamed).toBe(blockMarkup(root));
  });

  it('grows a fenced code block by appending its new lines to the same text', () => {
    let text = 'Code:\n\n```python\n';
    for (let i = 0; i < 30; i++) text += `print(${i})  # ${'x'.repeat(i * 3)}\n`;
    const view = render(<MarkdownView text={text.slice(0, 60)} streaming />);
    const root = view.getByTestId('message-text');
    const code = root.querySelector('pre > code')!;
    const shown = code.firstChild;
    expect(shown).toBeInstanceOf(Text);
    for (let end = 67; end <= text.length; end += 7)
      view.rerender(<MarkdownView text={text.slice(0, end)} streaming />);
    view.rerender(<MarkdownView text={text} streaming />);
    // The same element and text node all along, now holding every line.
    expect(root.querySelector('pre > code')).toBe(code);
    expect(code.firstChild).toBe(shown);
    expect(code.textContent).toBe(text.slice(text.indexOf('print'), -1));
    // Long enough for line numbers, lines long enough for the wrap toggle, no highlighting yet.
    expect(code.getAttribute('data-lines')?.split('\n')).toHaveLength(30);
    expect(root.querySelector('[data-testid=code-wrap-button]')).not.toBeNull();
    expect(code.classList.contains('hljs')).toBe(false);
    const streamed = blockMarkup(root);
    view.rerender(<MarkdownView text={`${text}\`\`\``} streaming={false} />);
    const oneShot = render(<MarkdownView text={`${text}\`\`\``} streaming={false} />);
    expect(root.innerHTML).toBe(
      oneShot.container.querySelector('[data-testid=message-text]')!.innerHTML,
    );
    expect(streamed).toBe(blockMarkup(root));
  });

  it('shows the text as it grows, the last block included', () => {
    const view = stream('Hello **world**, this is a *reply*.\n\nSecond para');
    expect(view.getByTestId('message-text').textContent).toBe(
      'Hello world, this is a reply.Second para',
    );
  });

  it('renders a reply loaded whole (not streaming) at once', () => {
    const view = render(<MarkdownView text={'# Done\n\n- a\n- b'} streaming={false} />);
    const root = view.getByTestId('message-text');
    expect(root.querySelector('h1')?.textContent).toBe('Done');
    expect(root.querySelectorAll('li')).toHaveLength(2);
    expect(root.classList.contains('markdown-streaming')).toBe(false);
  });

  it('gives every code block a copy button that copies exactly its code', async () => {
    const view = render(
      <MarkdownView
        text={'Run:\n\n```bash\nnpm install\nnpm test\n```\n\nthen `go`.'}
        streaming={false}
      />,
    );
    const button = view.getByTestId('code-copy-button');
    expect(button.getAttribute('aria-label')).toBe('copyCodeButton');
    // The label is CSS content: the message's text is only the reply's.
    expect(view.getByTestId('message-text').textContent).toBe('Run:npm install\nnpm testthen go.');
    fireEvent.click(button);
    await vi.waitFor(() => expect(copied).toEqual(['npm install\nnpm test']));
    await vi.waitFor(() => expect(button.getAttribute('aria-label')).toBe('copiedLabel'));
  });

  it('highlights a finished block in its declared language only, keeping its text', async () => {
    const view = render(
      <MarkdownView
        text={
          '```ts\nconst answer: number = 42; // yes\n```\n\n```\nconst plain = 1;\n```\n\n```klingon\nQapla\n```'
        }
        streaming={false}
      />,
    );
    await loadHighlighter();
    const codes = [...view.getByTestId('message-text').querySelectorAll('pre > code')];
    await vi.waitFor(() => expect(codes[0]!.classList.contains('hljs')).toBe(true));
    expect(codes[0]!.querySelector('.hljs-keyword')?.textContent).toBe('const');
    expect(codes[0]!.querySelector('.hljs-comment')?.textContent).toBe('// yes');
    expect(codes[0]!.textContent).toBe('const answer: number = 42; // yes');
    // No language declared, or one we do not know: no auto-detection, left plain.
    expect(codes[1]!.querySelector('span')).toBeNull();
    expect(codes[2]!.querySelector('span')).toBeNull();
  });

  it('does not highlight a code block while it is still streaming', async () => {
    const view = stream('```js\nconst a = 1;\nconst b = 2;\n', 3);
    await loadHighlighter();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(view.getByTestId('message-text').querySelector('code.hljs')).toBeNull();
  });

  it('starts over when the text is replaced by another', () => {
    const view = render(<MarkdownView text={'# One\n\nfirst\n\nmore'} streaming />);
    view.rerender(<MarkdownView text={'Other text'} streaming={false} />);
    expect(view.getByTestId('message-text').textContent).toBe('Other text');
  });
});
