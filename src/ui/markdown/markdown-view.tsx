// A reply rendered as markdown, incrementally: finished blocks are rendered once each and kept
// (memoised, keyed), and only the growing tail is rendered again on a delta. See
// block-splitter.ts for when a block counts as finished.
import { memo } from 'preact/compat';
import { useLayoutEffect, useRef } from 'preact/hooks';
import type { Token } from 'marked';
import { BlockSplitter, type FrozenBlock } from './block-splitter';
import { renderTokens } from './render-html';
import { enhanceCodeBlocks, onCodeCopyClick } from './code-blocks';

export interface MarkdownViewProps {
  text: string;
  /** The text is still growing: the last block may change. */
  streaming: boolean;
}

export function MarkdownView({ text, streaming }: MarkdownViewProps) {
  const splitter = useRef<BlockSplitter | undefined>(undefined);
  splitter.current ??= new BlockSplitter();
  // Idempotent for the same text, so a re-render for another reason costs nothing.
  const { blocks, tail, generation } = splitter.current.update(text, !streaming);
  return (
    <div
      class={`message-text markdown${streaming ? ' markdown-streaming' : ''}`}
      data-testid="message-text"
      onClick={onCodeCopyClick}
    >
      <FrozenBlocks key={generation} blocks={blocks} count={blocks.length} />
      {tail.length > 0 && <MarkdownBlock tokens={tail} final={false} />}
    </div>
  );
}

/** Re-renders only when a block was added; each block is memoised on its own identity. */
const FrozenBlocks = memo(
  function FrozenBlocks({ blocks }: { blocks: readonly FrozenBlock[]; count: number }) {
    return (
      <>
        {blocks.map((block) => (
          <FrozenBlockView key={block.id} block={block} />
        ))}
      </>
    );
  },
  (previous, next) => previous.count === next.count && previous.blocks === next.blocks,
);

const FrozenBlockView = memo(
  function FrozenBlockView({ block }: { block: FrozenBlock }) {
    return <MarkdownBlock tokens={block.tokens} final />;
  },
  (previous, next) => previous.block === next.block,
);

/** One block's markup, inserted as a sanitised fragment (never as an HTML string). */
function MarkdownBlock({ tokens, final }: { tokens: readonly Token[]; final: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    element.replaceChildren(renderTokens(tokens));
    enhanceCodeBlocks(element, final);
  }, [tokens, final]);
  return <div class="md-block" ref={ref} />;
}
