// A reply rendered as markdown, incrementally: finished blocks are rendered once each and kept
// (memoised, keyed), and only the growing tail is rendered again on a delta. See
// block-splitter.ts for when a block counts as finished.
import { Component } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';
import type { Token, Tokens } from 'marked';
import { BlockSplitter, type FrozenBlock } from './block-splitter';
import { renderTokens } from './render-html';
import { ContainerView, TableView } from './container-view';
import type { LiveContainer } from './live-container';
import { SLICED_ROWS } from './live-table';
import { enhanceCodeBlocks, onCodeCopyClick } from './code-blocks';
import { enhanceMath } from './math-blocks';
import { morphChildren } from './dom-morph';

export interface MarkdownViewProps {
  text: string;
  /** The text is still growing: the last block may change. */
  streaming: boolean;
}

export function MarkdownView({ text, streaming }: MarkdownViewProps) {
  const splitter = useRef<BlockSplitter | undefined>(undefined);
  splitter.current ??= new BlockSplitter();
  const tables = useRef<EndedTables | undefined>(undefined);
  // Idempotent for the same text, so a re-render for another reason costs nothing.
  const { blocks, tail, plain, generation, container } = splitter.current.update(text, !streaming);
  const ended = (tables.current = endedTables(tables.current, blocks, generation, container));
  const version = splitter.current.stats.relexedBlocks;
  const segments = [];
  let from = 0;
  for (const { index, container: table } of ended.list) {
    segments.push(
      <FrozenBlocks
        key={`${generation}:${from}`}
        blocks={blocks}
        from={from}
        to={index}
        version={version}
      />,
      <TableBlock
        key={`${generation}:${table.key}`}
        container={table}
        live={NO_TOKENS}
        final={blocks[index]!.tokens[0] as Tokens.Table}
      />,
    );
    from = index + 1;
  }
  // One flat list of keyed children, so a table's view keeps its place (and DOM) when it ends.
  const children = [
    ...segments,
    <FrozenBlocks
      key={`${generation}:${from}`}
      blocks={blocks}
      from={from}
      to={blocks.length}
      version={version}
    />,
    plain ? (
      <PlainParagraph key={`${generation}:${plain.start}`} text={plain.text} />
    ) : container?.kind === 'table' ? (
      <TableBlock key={`${generation}:${container.key}`} container={container} live={tail} />
    ) : container ? (
      <ContainerView key={`${generation}:${container.key}`} container={container} live={tail} />
    ) : tail.length > 0 ? (
      <MarkdownBlock key="tail" tokens={tail} final={false} />
    ) : null,
  ];
  return (
    <div
      class={`message-text markdown${streaming ? ' markdown-streaming' : ''}`}
      data-testid="message-text"
      onClick={onCodeCopyClick}
    >
      {children}
    </div>
  );
}

const NO_TOKENS: readonly Token[] = [];

/**
 * Tables that streamed as live containers and have ended since (frozen blocks now): their view
 * stays — the same key, the same DOM — and draws the finished table in slices (live-table.ts),
 * instead of a frozen block's view drawing all of it in one task.
 */
interface EndedTables {
  generation: number;
  /** Frozen blocks (by index) that are such a table, and the container each streamed as. */
  list: { index: number; container: LiveContainer }[];
  /** The table streaming now, and the index its frozen block will have. */
  live: { index: number; container: LiveContainer } | undefined;
}

function endedTables(
  was: EndedTables | undefined,
  blocks: readonly FrozenBlock[],
  generation: number,
  container: LiveContainer | undefined,
): EndedTables {
  const state = was?.generation === generation ? was : { generation, list: [], live: undefined };
  const live = state.live;
  if (live && live.container !== container) {
    // It ended. Its block is frozen now when a block or the end followed it (a table still in the
    // ordinary tail is drawn there, as any other).
    // A short table is drawn at once by a frozen block's view, as any block.
    const [token, ...rest] = blocks[live.index]?.tokens ?? [];
    if (
      token?.type === 'table' &&
      rest.length === 0 &&
      (token as Tokens.Table).rows.length > SLICED_ROWS
    )
      state.list.push(live);
    state.live = undefined;
  }
  if (container?.kind === 'table' && state.live?.container !== container)
    state.live = { index: blocks.length, container };
  return state;
}

// Class components for their shouldComponentUpdate: the same as memo() without pulling
// preact/compat into the chunk.

interface FrozenBlocksProps {
  blocks: readonly FrozenBlock[];
  from: number;
  to: number;
  /** Changes when frozen blocks were lexed again (a definition they use arrived). */
  version: number;
}

/** Frozen blocks [from, to): re-renders only when one was added; each is memoised on its own. */
class FrozenBlocks extends Component<FrozenBlocksProps> {
  override shouldComponentUpdate(next: FrozenBlocksProps) {
    const now = this.props;
    return (
      next.to !== now.to ||
      next.from !== now.from ||
      next.blocks !== now.blocks ||
      next.version !== now.version
    );
  }
  override render() {
    const { blocks, from, to } = this.props;
    return (
      <>
        {blocks.slice(from, to).map((block) => (
          <FrozenBlockView key={block.id} block={block} />
        ))}
      </>
    );
  }
}

interface TableBlockProps {
  container: LiveContainer;
  live: readonly Token[];
  final?: Tokens.Table;
}

/** A table's view, live or ended; an ended one is not rendered again on the deltas after it. */
class TableBlock extends Component<TableBlockProps> {
  override shouldComponentUpdate(next: TableBlockProps) {
    const now = this.props;
    return next.live !== now.live || next.final !== now.final || next.container !== now.container;
  }
  override render() {
    return <TableView {...this.props} />;
  }
}

class FrozenBlockView extends Component<{ block: FrozenBlock }> {
  override shouldComponentUpdate(next: { block: FrozenBlock }) {
    return next.block !== this.props.block;
  }
  override render() {
    return <MarkdownBlock tokens={this.props.block.tokens} final />;
  }
}

/**
 * A tail of plain words (see BlockSplitter's `plain`): exactly what marked would make of it, a
 * paragraph, but grown by appending the new characters to its text node. Re-rendering a long
 * paragraph on every delta would make a long reply quadratic; appendData also lets the browser
 * keep the shaping of the text it already laid out.
 */
function PlainParagraph({ text }: { text: string }) {
  const ref = useRef<HTMLParagraphElement>(null);
  useLayoutEffect(() => {
    const paragraph = ref.current;
    if (!paragraph) return;
    const node = paragraph.firstChild;
    // Within one key the text only grows (the splitter checked), so the shown part is a prefix.
    if (node instanceof Text && node.length <= text.length)
      node.appendData(text.slice(node.length));
    else paragraph.replaceChildren(text);
  }, [text]);
  return (
    <div class="md-block">
      <p ref={ref} />
    </div>
  );
}

/**
 * One block's markup, inserted as a sanitised fragment (never as an HTML string). A finished
 * block is drawn once; the live tail is drawn afresh per delta and laid over what is shown
 * (dom-morph.ts), so the browser restyles and lays out only what changed.
 */
export function MarkdownBlock({ tokens, final }: { tokens: readonly Token[]; final: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    if (final) {
      element.replaceChildren(renderTokens(tokens));
      enhanceCodeBlocks(element, true);
      enhanceMath(element);
      return;
    }
    const fresh = document.createElement('div');
    fresh.append(renderTokens(tokens));
    enhanceCodeBlocks(fresh, false);
    enhanceMath(fresh);
    morphChildren(element, fresh);
    // A formula left as source because KaTeX was still loading: drawn once it is here.
    enhanceMath(element);
  }, [tokens, final]);
  return <div class="md-block" ref={ref} />;
}
