// Loaded lazily (code-blocks.ts) the first time a finished ```mermaid block is shown: Mermaid is
// the largest library the extension has, and most replies have no diagram. It runs at its strict
// security level (no click handlers, no scripts, labels encoded), with plain SVG labels (no
// HTML in a foreignObject), and its SVG still passes the sanitiser (render-html.ts).
import mermaid from 'mermaid';
import { defuseMarkup } from './diagram-source';
import { sanitizeRich } from './render-html';

let theme: 'dark' | 'default' | undefined;
let queue: Promise<unknown> = Promise.resolve();
let counter = 0;

function configure(dark: boolean): void {
  const wanted = dark ? 'dark' : 'default';
  if (theme === wanted) return;
  theme = wanted;
  mermaid.initialize({
    startOnLoad: false,
    securityLevel: 'strict',
    theme: wanted,
    htmlLabels: false,
    fontFamily: 'inherit',
    // A diagram is drawn once its fence closes; a huge one is refused rather than freezing the view.
    maxTextSize: 50_000,
    maxEdges: 500,
  });
}

/** The diagram for `source`, sanitised, as a fragment; throws when Mermaid cannot parse it. */
export function drawDiagram(source: string, dark: boolean): Promise<DocumentFragment> {
  // One at a time: Mermaid keeps global state while it renders.
  const run = queue.then(async () => {
    configure(dark);
    const { svg } = await mermaid.render(`parley-diagram-${++counter}`, defuseMarkup(source));
    return sanitizeRich(svg);
  });
  queue = run.catch(() => undefined);
  return run;
}
