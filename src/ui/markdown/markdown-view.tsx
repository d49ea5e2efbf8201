// A reply rendered as markdown, incrementally: finished blocks are rendered once each and kept
// (memoised, keyed), and only the growing tail is rendered again on a delta. See
// block-splitter.ts for when a block counts as finished.
import { Component } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';
import type { Token } from 'marked';
import { BlockSplitter, type FrozenBlock } from './block-splitter';
import { renderTokens } from './render-html';
import { ContainerView } from './container-view';
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
  // Idempotent for the same text, so a re-render for another reason costs nothing.
  const { blocks, tail, plain, generation, container } = splitter.current.update(text, !streaming);
  return (
    <div
      class={`message-text markdown${streaming ? ' markdown-streaming' : ''}`}
      data-testid="message-text"
      onClick={onCodeCopyClick}
    >
      <FrozenBlocks key={generation} blocks={blocks} count={blocks.length} />
      {plain ? (
        <PlainParagraph key={`${generation}:${plain.start}`} text={plain.text} />
      ) : container ? (
        <ContainerView key={`${generation}:${container.key}`} container={container} live={tail} />
      ) : (
        tail.length > 0 && <MarkdownBlock tokens={tail} final={false} />
      )}
    </div>
  );
}

// Class components for their shouldComponentUpdate: the same as memo() without pulling
// preact/compat into the chunk.

/** Re-renders only when a block was added; each block is memoised on its own identity. */
class FrozenBlocks extends Component<{ blocks: readonly FrozenBlock[]; count: number }> {
  override shouldComponentUpdate(next: { blocks: readonly FrozenBlock[]; count: number }) {
    return next.count !== this.props.count || next.blocks !== this.props.blocks;
  }
  override render() {
    return (
      <>
        {this.props.blocks.map((block) => (
          <FrozenBlockView key={block.id} block={block} />
        ))}
      </>
    );
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
