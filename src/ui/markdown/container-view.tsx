// A growing list, table, fenced code block or quote at the end of a streaming reply
// (live-container.ts): one <ul>/<ol>, <table>, <pre> or <blockquote> whose finished parts (items,
// rows, lines, inner blocks) are rendered once each and appended, and whose live part alone is
// drawn again on a delta — laid over what is shown (dom-morph.ts), so usually only its last text
// node grows. The DOM is the one a one-shot render makes for the same tokens — except a table's,
// which streams as stacked tables and is drawn as the one-shot table when it ends (live-table.ts),
// and a list's: its live item is in a list of its own after the finished ones (numbered on from
// them), because a browser lays out a list's items one by one whenever one of them changes — a
// delta in a 250-item list laid out 250 items (docs/decisions/streaming-markdown.md). When the
// list ends, a frozen block's view draws it as one list, as it draws any finished block.
import { useLayoutEffect, useRef } from 'preact/hooks';
import type { Token, Tokens } from 'marked';
import type { LiveContainer } from './live-container';
import { renderTokens } from './render-html';
import { enhanceCodeBlocks, updateCodeTools } from './code-blocks';
import { enhanceMath } from './math-blocks';
import { morphElements } from './dom-morph';
import { LiveTable } from './live-table';

interface Drawn {
  /** The element parts go into: the list, the table's <tbody>, the <code>, the <blockquote>. */
  body: HTMLElement;
  /** A list: the list its live item is in (see the top); elsewhere the live parts go in `body`. */
  liveBody?: HTMLElement;
  /** Finished parts drawn so far. */
  done: number;
  live: Element[];
  /** A fence: its finished text and its live line, two text nodes in the <code>. */
  text?: Text;
  line?: Text;
  /** A quote: the generation of its content's splitter the drawn blocks belong to. */
  generation?: number;
}

export function ContainerView({
  container,
  live,
}: {
  container: LiveContainer;
  live: readonly Token[];
}) {
  const ref = useRef<HTMLDivElement>(null);
  const drawn = useRef<Drawn | undefined>(undefined);
  const finished = finishedCount(container);
  const line = container.line;
  useLayoutEffect(() => {
    const root = ref.current;
    if (!root) return;
    drawn.current ??= drawShell(root, container);
    const state = drawn.current;
    if (container.kind === 'code') return drawFence(state, container);
    if (container.kind === 'quote' && state.generation !== container.inner!.generation) {
      // The quote's content started again (it never does while a reply only grows).
      for (const element of [...state.body.children]) element.remove();
      state.done = 0;
      state.live = [];
      state.generation = container.inner!.generation;
    }
    const first = state.liveBody ? null : (state.live[0] ?? null);
    for (; state.done < finished; state.done++) {
      for (const element of drawPart(container, state.done)) {
        state.body.insertBefore(element, first);
        enhanceCodeBlocks(element as HTMLElement, true);
        enhanceMath(element as HTMLElement);
      }
    }
    const fresh = liveParts(container, live);
    for (const element of fresh) {
      enhanceCodeBlocks(element as HTMLElement, false);
      enhanceMath(element as HTMLElement);
    }
    if (state.liveBody) numberOn(state.liveBody, container.shell as Tokens.List, state.done);
    state.live = morphElements(state.liveBody ?? state.body, state.live, fresh, null);
    // A formula left as source because KaTeX was still loading: drawn once it is here.
    for (const element of state.live) enhanceMath(element as HTMLElement);
  }, [finished, live, line]);
  return <div class="md-block" ref={ref} />;
}

/**
 * A growing table (live-table.ts). `final`: the table has ended and these are its tokens, as a
 * one-shot lex makes them; the same view (same DOM) then draws the one-shot table in slices.
 */
export function TableView({
  container,
  live,
  final,
}: {
  container: LiveContainer;
  live: readonly Token[];
  final?: Tokens.Table | undefined;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const table = useRef<LiveTable | undefined>(undefined);
  const drawn = useRef(0);
  const finished = container.rows.length;
  useLayoutEffect(() => {
    const root = ref.current;
    if (!root) return;
    table.current ??= new LiveTable(root, container.shell as Tokens.Table);
    if (final) return table.current.finish(final);
    const added: Element[] = [];
    for (; drawn.current < finished; drawn.current++)
      added.push(...drawPart(container, drawn.current));
    table.current.addRows(added);
    table.current.setLive(liveParts(container, live));
  }, [finished, live, final]);
  useLayoutEffect(() => () => table.current?.dispose(), []);
  return <div class="md-block" ref={ref} />;
}

function finishedCount(container: LiveContainer): number {
  switch (container.kind) {
    case 'list':
      return container.items.length;
    case 'table':
      throw new Error('a table is drawn by TableView');
    case 'code':
      return container.lines.length;
    case 'quote':
      return container.inner!.blocks.length;
  }
}

function drawShell(root: HTMLElement, container: LiveContainer): Drawn {
  if (container.kind === 'list') {
    const shell = container.shell as Tokens.List;
    const tag = shell.ordered ? 'ol' : 'ul';
    const list = document.createElement(tag);
    list.className = 'md-list-done';
    // As marked writes it: a start attribute for an ordered list not starting at 1.
    if (shell.ordered && shell.start !== 1 && shell.start !== '')
      list.setAttribute('start', String(shell.start));
    const liveList = document.createElement(tag);
    root.replaceChildren(list, liveList);
    return { body: list, liveBody: liveList, done: 0, live: [] };
  }
  if (container.kind === 'quote') {
    const quote = document.createElement('blockquote');
    root.replaceChildren(quote);
    return { body: quote, done: 0, live: [], generation: container.inner!.generation };
  }
  if (container.kind === 'code') {
    // The renderer's own <pre><code> (language label and class), its text kept in two nodes.
    root.replaceChildren(renderTokens([{ ...(container.shell as Tokens.Code), text: '' }]));
    const code = root.querySelector('code')!;
    const text = document.createTextNode('');
    const line = document.createTextNode('');
    code.replaceChildren(text, line);
    enhanceCodeBlocks(root, false);
    return { body: code, done: 0, live: [], text, line };
  }
  throw new Error('a table is drawn by TableView');
}

/**
 * A fence: new finished lines appended to its text once, the live line rewritten. The text shown
 * is the lines joined by newlines, as the renderer shows the fence's text.
 */
function drawFence(state: Drawn, container: LiveContainer): void {
  const { lines, line } = container;
  let added = '';
  for (; state.done < lines.length; state.done++)
    added += state.done === 0 ? lines[state.done] : `\n${lines[state.done]}`;
  if (added) state.text!.appendData(added);
  const tail = line === undefined ? '' : lines.length > 0 ? `\n${line}` : line;
  if (state.line!.data !== tail) {
    if (tail.startsWith(state.line!.data)) state.line!.appendData(tail.slice(state.line!.length));
    else state.line!.data = tail;
  }
  const pre = state.body.parentElement!;
  if (added || line !== undefined)
    updateCodeTools(pre, lines.length + (line === undefined ? 0 : 1), added + (line ?? ''));
}

/** An ordered list's live part numbers on from its `done` finished items. */
function numberOn(liveList: HTMLElement, shell: Tokens.List, done: number): void {
  if (!shell.ordered) return;
  const start = String((shell.start === '' ? 1 : shell.start) + done);
  if (liveList.getAttribute('start') !== start) liveList.setAttribute('start', start);
}

function drawPart(container: LiveContainer, index: number): Element[] {
  if (container.kind === 'list') {
    const shell = container.shell as Tokens.List;
    const item = renderTokens([{ ...shell, items: [container.items[index]!] }]).querySelector('li');
    return item ? [item] : [];
  }
  if (container.kind === 'quote') {
    const block = container.inner!.blocks[index]!;
    return [...renderTokens(block.tokens).children];
  }
  const shell = container.shell as Tokens.Table;
  const row = renderTokens([{ ...shell, rows: [container.rows[index]!] }]).querySelector(
    'tbody > tr',
  );
  return row ? [row] : [];
}

function liveParts(container: LiveContainer, live: readonly Token[]): Element[] {
  if (container.kind === 'quote') {
    const plain = container.inner!.plain;
    if (plain) {
      const paragraph = document.createElement('p');
      paragraph.textContent = plain.text;
      return [paragraph];
    }
    return [...renderTokens(live).children];
  }
  const [block] = live;
  if (!block) return [];
  const fragment = renderTokens([block]);
  if (container.kind === 'table') return [...fragment.querySelectorAll('tbody > tr')];
  const list = fragment.querySelector('ul, ol');
  return list ? [...list.children].filter((element) => element.tagName === 'LI') : [];
}
