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
  const tables = useRef<LongTables | undefined>(undefined);
  // Idempotent for the same text, so a re-render for another reason costs nothing.
  const { blocks, tail, plain, generation, container } = splitter.current.update(text, !streaming);
  const version = splitter.current.stats.relexedBlocks;
  const long = (tables.current = longTables(
    tables.current,
    blocks,
    generation,
    version,
    container,
  ));
  // One flat list of keyed children, so a table's view keeps its place (and DOM) when it ends.
  const children = [];
  let from = 0;
  const chunk = (to: number) => {
    for (let at = from; at < to; at += CHUNK_BLOCKS)
      children.push(
        <FrozenChunk
          key={`${generation}:c${at}`}
          blocks={blocks}
          from={at}
          to={Math.min(to, at + CHUNK_BLOCKS)}
          version={version}
        />,
      );
  };
  for (const index of long.indices) {
    chunk(index);
    const block = blocks[index]!;
    const streamed = long.streamed.get(index);
    children.push(
      streamed ? (
        <TableBlock
          key={`${generation}:k${streamed.key}`}
          container={streamed}
          live={NO_TOKENS}
          final={block.tokens[0] as Tokens.Table}
        />
      ) : (
        <FrozenBlockView key={`${generation}:b${block.id}`} block={block} />
      ),
    );
    from = index + 1;
  }
  chunk(blocks.length);
  children.push(
    plain ? (
      <PlainParagraph key={`${generation}:p${plain.start}`} text={plain.text} />
    ) : container?.kind === 'table' ? (
      <TableBlock key={`${generation}:k${container.key}`} container={container} live={tail} />
    ) : container ? (
      <ContainerView key={`${generation}:k${container.key}`} container={container} live={tail} />
    ) : tail.length > 0 ? (
      <MarkdownBlock key="tail" tokens={tail} final={false} />
    ) : null,
  );
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

/**
 * Frozen blocks go into chunks of this many, each a <div class="md-chunk"> (no style of its own:
 * margins collapse through it as through the blocks'). A browser lays out a block's children
 * one by one whenever one of them changes, even those it laid out before, so with every block a
 * child of the message the live block's layout on each delta grew with the reply: in the 50 KB
 * reply of bench/markdown, from 0.09 ms a delta at its start to 0.47 ms at its end
 * (docs/performance.md). In chunks, a delta's layout visits the chunks and the live block; a
 * chunk is laid out again only when a block joins it.
 */
const CHUNK_BLOCKS = 32;

const NO_TOKENS: readonly Token[] = [];

/**
 * A finished table long enough to be drawn in slices (live-table.ts) stands outside the chunks,
 * whether it streamed or came whole: the message's DOM is then the same for any chunking of the
 * text (streaming-exact), and a table that streamed keeps its view — the same key, the same DOM
 * — when it ends, drawing the finished table in slices instead of a frozen block's view drawing
 * all of it in one task.
 */
function isLongTable(block: FrozenBlock): boolean {
  const [token, ...rest] = block.tokens;
  return (
    token?.type === 'table' &&
    rest.length === 0 &&
    (token as Tokens.Table).rows.length > SLICED_ROWS
  );
}

interface LongTables {
  generation: number;
  version: number;
  /** Blocks looked at so far, and which of them are long tables (by index, in order). */
  scanned: number;
  indices: number[];
  /** Of those, the ones that streamed as live containers, and the container each was. */
  streamed: Map<number, LiveContainer>;
  /** The table streaming now, and the index its frozen block will have. */
  live: { index: number; container: LiveContainer } | undefined;
}

function longTables(
  was: LongTables | undefined,
  blocks: readonly FrozenBlock[],
  generation: number,
  version: number,
  container: LiveContainer | undefined,
): LongTables {
  const state: LongTables =
    was?.generation === generation
      ? was
      : { generation, version, scanned: 0, indices: [], streamed: new Map(), live: undefined };
  if (state.version !== version) {
    // Frozen blocks were lexed again (a definition arrived): look at them afresh.
    state.version = version;
    state.scanned = 0;
    state.indices = [];
  }
  for (; state.scanned < blocks.length; state.scanned++)
    if (isLongTable(blocks[state.scanned]!)) state.indices.push(state.scanned);
  const live = state.live;
  if (live && live.container !== container) {
    // It ended: its block is frozen now when a block or the end followed it (a table still in
    // the ordinary tail is drawn there, as any other).
    if (blocks[live.index] && isLongTable(blocks[live.index]!))
      state.streamed.set(live.index, live.container);
    state.live = undefined;
  }
  if (container?.kind === 'table' && state.live?.container !== container)
    state.live = { index: blocks.length, container };
  return state;
}

// Class components for their shouldComponentUpdate: the same as memo() without pulling
// preact/compat into the chunk.

interface FrozenChunkProps {
  blocks: readonly FrozenBlock[];
  from: number;
  to: number;
  /** Changes when frozen blocks were lexed again (a definition they use arrived). */
  version: number;
}

/** Frozen blocks [from, to) in a chunk: re-renders only when one was added; each is memoised. */
class FrozenChunk extends Component<FrozenChunkProps> {
  override shouldComponentUpdate(next: FrozenChunkProps) {
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
      <div class="md-chunk">
        {blocks.slice(from, to).map((block) => (
          <FrozenBlockView key={block.id} block={block} />
        ))}
      </div>
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
