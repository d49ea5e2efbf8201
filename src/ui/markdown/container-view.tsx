// A growing list or table at the end of a streaming reply (live-container.ts): one <ul>/<ol> or
// <table> whose finished items are rendered once each and appended, and whose live item alone is
// rendered again on a delta. The DOM is the same a one-shot render makes for the same tokens.
import { useLayoutEffect, useRef } from 'preact/hooks';
import type { Token, Tokens } from 'marked';
import type { LiveContainer } from './live-container';
import { renderTokens } from './render-html';
import { enhanceCodeBlocks } from './code-blocks';
import { enhanceMath } from './math-blocks';

interface Drawn {
  /** The element items go into: the list itself, or the table's <tbody>. */
  body: HTMLElement;
  done: number;
  live: Element[];
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
  const finished = container.kind === 'list' ? container.items.length : container.rows.length;
  useLayoutEffect(() => {
    const root = ref.current;
    if (!root) return;
    drawn.current ??= drawShell(root, container);
    const state = drawn.current;
    for (const element of state.live) element.remove();
    for (; state.done < finished; state.done++) {
      const element = drawItem(container, state.done);
      if (!element) continue;
      state.body.append(element);
      enhanceCodeBlocks(element as HTMLElement, true);
      enhanceMath(element as HTMLElement);
    }
    state.live = liveItems(container, live);
    for (const element of state.live) {
      state.body.append(element);
      enhanceCodeBlocks(element as HTMLElement, false);
      enhanceMath(element as HTMLElement);
    }
  }, [finished, live]);
  return <div class="md-block" ref={ref} />;
}

function drawShell(root: HTMLElement, container: LiveContainer): Drawn {
  if (container.kind === 'list') {
    const shell = container.shell as Tokens.List;
    const list = document.createElement(shell.ordered ? 'ol' : 'ul');
    // As marked writes it: a start attribute for an ordered list not starting at 1.
    if (shell.ordered && shell.start !== 1 && shell.start !== '')
      list.setAttribute('start', String(shell.start));
    root.replaceChildren(list);
    return { body: list, done: 0, live: [] };
  }
  const fragment = renderTokens([container.shell as Tokens.Table]);
  const table = fragment.querySelector('table')!;
  const body = document.createElement('tbody');
  table.append(body);
  root.replaceChildren(fragment);
  return { body, done: 0, live: [] };
}

function drawItem(container: LiveContainer, index: number): Element | null {
  if (container.kind === 'list') {
    const shell = container.shell as Tokens.List;
    return renderTokens([{ ...shell, items: [container.items[index]!] }]).querySelector('li');
  }
  const shell = container.shell as Tokens.Table;
  return renderTokens([{ ...shell, rows: [container.rows[index]!] }]).querySelector('tbody > tr');
}

function liveItems(container: LiveContainer, live: readonly Token[]): Element[] {
  const [block] = live;
  if (!block) return [];
  const fragment = renderTokens([block]);
  if (container.kind === 'table') return [...fragment.querySelectorAll('tbody > tr')];
  const list = fragment.querySelector('ul, ol');
  return list ? [...list.children].filter((element) => element.tagName === 'LI') : [];
}
