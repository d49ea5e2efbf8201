// Runs inside Chromium for bench/markdown.bench.ts (bundled on the fly into one script): streams a
// reply into the real MarkdownView, one delta at a time, timing each delta from the render call
// to a finished layout; and, as a baseline, the naive way (the whole text rendered on each delta).
import { render } from 'preact';
import { Lexer } from 'marked';
import { MarkdownView } from '../src/ui/markdown/markdown-view';
import { renderTokens } from '../src/ui/markdown/render-html';

export interface StreamResult {
  /** Milliseconds per delta, in order; delta i ends at character (i + 1) * deltaSize. */
  perDelta: number[];
  finalMs: number;
}

/** The incremental renderer: what the popup and side panel do for a streaming reply. */
export function streamIncremental(text: string, deltaSize: number): StreamResult {
  const root = document.createElement('div');
  root.className = 'message-list';
  document.body.replaceChildren(root);
  const perDelta: number[] = [];
  for (let end = deltaSize; end <= text.length; end += deltaSize) {
    const start = performance.now();
    render(<MarkdownView text={text.slice(0, end)} streaming />, root);
    void root.offsetHeight; // include style and layout
    perDelta.push(performance.now() - start);
  }
  const start = performance.now();
  render(<MarkdownView text={text} streaming={false} />, root);
  void root.offsetHeight;
  const finalMs = performance.now() - start;
  render(null, root);
  return { perDelta, finalMs };
}

/**
 * The same, one delta per call of the returned step (the benchmark runs each in a task of its
 * own, to read its main-thread time from a trace). Returns false after the final render.
 */
export function startIncremental(text: string, deltaSize: number): () => boolean {
  const root = document.createElement('div');
  root.className = 'message-list';
  document.body.replaceChildren(root);
  let end = 0;
  return () => {
    end += deltaSize;
    const streaming = end <= text.length;
    render(
      <MarkdownView text={streaming ? text.slice(0, end) : text} streaming={streaming} />,
      root,
    );
    void root.offsetHeight; // include style and layout
    return streaming;
  };
}

/**
 * Whether the reply streamed by startIncremental is drawn in full: a table that ended is drawn
 * in slices after the last delta (live-table.ts), its block busy until then.
 */
export function settled(): boolean {
  return document.querySelector('.message-list [aria-busy]') === null;
}

/** The baseline: lex, render and sanitise the whole text again on each delta in [from, to). */
export function streamNaive(text: string, deltaSize: number, from: number, to: number): number[] {
  const root = document.createElement('div');
  document.body.replaceChildren(root);
  const perDelta: number[] = [];
  for (let end = from + deltaSize; end <= to; end += deltaSize) {
    const start = performance.now();
    root.replaceChildren(renderTokens(Lexer.lex(text.slice(0, end), { gfm: true })));
    void root.offsetHeight;
    perDelta.push(performance.now() - start);
  }
  return perDelta;
}
