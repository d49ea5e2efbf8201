// Runs inside Chromium for bench/markdown.bench.ts, bundled on its own (React must not be
// aliased to Preact here): the peers the issue measures Parley against, each fed the same deltas
// and timed per delta to a finished layout.
//   - streaming-markdown: a linear-time streaming parser (not CommonMark), written to per delta;
//   - marked re-rendered per delta (the whole text parsed into innerHTML each time);
//   - react-markdown (+ remark-gfm) re-rendered per delta, what ChatHub and Page Assist do.
import * as smd from 'streaming-markdown';
import { marked } from 'marked';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { flushSync } from 'react-dom';
import Markdown from 'react-markdown';
import remarkGfm from 'remark-gfm';

function freshRoot(): HTMLElement {
  const root = document.createElement('div');
  root.className = 'markdown';
  document.body.replaceChildren(root);
  return root;
}

/** streaming-markdown over the whole text: per-delta times. */
export function streamSmd(text: string, deltaSize: number): number[] {
  const root = freshRoot();
  const parser = smd.parser(smd.default_renderer(root));
  const perDelta: number[] = [];
  for (let end = deltaSize; end <= text.length; end += deltaSize) {
    const start = performance.now();
    smd.parser_write(parser, text.slice(end - deltaSize, end));
    void root.offsetHeight;
    perDelta.push(performance.now() - start);
  }
  smd.parser_end(parser);
  return perDelta;
}

/** streaming-markdown, one delta per call of the returned step (false after the end). */
export function startSmd(text: string, deltaSize: number): () => boolean {
  const root = freshRoot();
  const parser = smd.parser(smd.default_renderer(root));
  let end = 0;
  return () => {
    end += deltaSize;
    if (end <= text.length) {
      smd.parser_write(parser, text.slice(end - deltaSize, end));
      void root.offsetHeight;
      return true;
    }
    smd.parser_end(parser);
    void root.offsetHeight;
    return false;
  };
}

/** marked re-rendered per delta, over the deltas ending in [from, to). */
export function streamMarked(text: string, deltaSize: number, from: number, to: number): number[] {
  const root = freshRoot();
  const perDelta: number[] = [];
  for (let end = from + deltaSize; end <= to; end += deltaSize) {
    const start = performance.now();
    root.innerHTML = marked.parse(text.slice(0, end), { async: false, gfm: true });
    void root.offsetHeight;
    perDelta.push(performance.now() - start);
  }
  return perDelta;
}

/** react-markdown re-rendered per delta (synchronously), over the deltas ending in [from, to). */
export function streamReactMarkdown(
  text: string,
  deltaSize: number,
  from: number,
  to: number,
): number[] {
  const host = freshRoot();
  const root = createRoot(host);
  const perDelta: number[] = [];
  for (let end = from + deltaSize; end <= to; end += deltaSize) {
    const start = performance.now();
    flushSync(() =>
      root.render(createElement(Markdown, { remarkPlugins: [remarkGfm] }, text.slice(0, end))),
    );
    void host.offsetHeight;
    perDelta.push(performance.now() - start);
  }
  root.unmount();
  return perDelta;
}
