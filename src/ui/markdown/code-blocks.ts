// What a rendered code block gets besides its text: its language shown, a copy button, a wrap
// toggle when it has long lines, line numbers when it is long, and once it is finished syntax
// highlighting (highlight.js, loaded on first need, in slices: highlight.ts) — or, for a
// ```mermaid block, the diagram drawn (Mermaid, loaded on first need: diagram-render.ts) with
// its source a click away.
//
// Labels and line numbers come from CSS `attr()` (data-label, data-lang, data-lines), not text
// nodes: the message's textContent must stay exactly the visible reply text (the e2e surface).
import { t } from '../../shared/i18n';
import { copyText } from '../components/clipboard';
import { highlightLanguage } from './languages';
import type * as HighlightModule from './highlight';
import type * as DiagramModule from './diagram-render';

/** Blocks with at least this many lines get line numbers. */
export const NUMBERED_LINES = 12;
/** A line longer than this offers the wrap toggle. */
const LONG_LINE = 64;

type Highlighter = typeof HighlightModule;
let highlighter: Promise<Highlighter> | undefined;
let diagrams: Promise<typeof DiagramModule> | undefined;

/** Loads the highlighter once; later calls share the same promise. */
export function loadHighlighter(): Promise<Highlighter> {
  highlighter ??= import('./highlight');
  return highlighter;
}

/** Loads Mermaid once; a failed load is tried again next time. */
export function loadDiagrams(): Promise<typeof DiagramModule> {
  diagrams ??= import('./diagram-render').catch((error: unknown) => {
    diagrams = undefined;
    throw error;
  });
  return diagrams;
}

/** Adds the tools to every <pre> under `root`; highlights or draws them when `final`. */
export function enhanceCodeBlocks(root: HTMLElement, final: boolean): void {
  for (const pre of root.querySelectorAll('pre')) {
    const code = pre.querySelector<HTMLElement>(':scope > code');
    if (!code) continue;
    const text = code.textContent ?? '';
    addTools(pre, text);
    if (!final) continue;
    if (pre.dataset.lang === 'mermaid') {
      drawDiagram(pre, text);
      continue;
    }
    const language = highlightLanguage(pre.dataset.lang);
    if (!language || code.classList.contains('hljs')) continue;
    void loadHighlighter().then(
      (module) => {
        if (code.isConnected) void module.highlightInto(code, language);
      },
      () => undefined, // a failed chunk load leaves the block plain, still readable
    );
  }
}

function addTools(pre: HTMLElement, text: string): void {
  const lines = text.split('\n');
  updateCodeTools(pre, lines.length, text);
}

/** Line numbers drawn per block (a growing fence asks again on every delta). */
const numberedTo = new WeakMap<HTMLElement, number>();

/**
 * The tools of a block of `lineCount` lines; `text` is the part to look at for a long line (all
 * of it, or what a growing fence just added).
 */
export function updateCodeTools(pre: HTMLElement, lineCount: number, text: string): void {
  let tools = pre.querySelector<HTMLElement>(':scope > .code-tools');
  if (!tools) {
    tools = document.createElement('div');
    tools.className = 'code-tools';
    tools.append(button('code-copy', 'code-copy-button', t('copyCodeButton')));
    pre.prepend(tools);
  }
  if (lineCount >= NUMBERED_LINES && numberedTo.get(pre) !== lineCount) {
    numberedTo.set(pre, lineCount);
    pre.classList.add('numbered');
    let numbers = '1';
    for (let i = 2; i <= lineCount; i++) numbers += `\n${i}`;
    pre.querySelector(':scope > code')!.setAttribute('data-lines', numbers);
  }
  if (
    !tools.querySelector('.code-wrap') &&
    text.split('\n').some((line) => line.length > LONG_LINE)
  )
    tools.prepend(button('code-wrap', 'code-wrap-button', t('wrapCodeButton')));
}

function button(className: string, testId: string, label: string): HTMLButtonElement {
  const element = document.createElement('button');
  element.type = 'button';
  element.className = className;
  element.setAttribute('data-testid', testId);
  setLabel(element, label);
  return element;
}

function setLabel(element: HTMLElement, label: string): void {
  element.dataset.label = label;
  element.setAttribute('aria-label', label);
}

const prefersDark = () =>
  document.documentElement.dataset.theme === 'dark' ||
  (document.documentElement.dataset.theme !== 'light' &&
    globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches === true);

function drawDiagram(pre: HTMLElement, source: string): void {
  if (pre.classList.contains('diagram-pending')) return;
  pre.classList.add('diagram-pending');
  const dark = prefersDark();
  void loadDiagrams()
    .then((module) => module.drawDiagram(source, dark))
    .then(
      (fragment) => {
        if (!pre.isConnected) return;
        const figure = document.createElement('div');
        figure.className = 'md-diagram';
        figure.setAttribute('data-testid', 'diagram');
        figure.dataset.scheme = dark ? 'dark' : 'light';
        figure.append(fragment);
        pre.before(figure);
        pre.classList.add('has-diagram');
        const tools = pre.querySelector(':scope > .code-tools')!;
        setLabel(tools.querySelector<HTMLElement>('.code-copy')!, t('copyDiagramSourceButton'));
        tools.prepend(
          button('diagram-source', 'diagram-source-button', t('showDiagramSourceButton')),
        );
        followTheme();
        // The theme may have changed while it was drawn.
        if (prefersDark() !== dark) redrawDiagrams();
      },
      () => {
        if (!pre.isConnected) return;
        pre.classList.add('diagram-failed');
        pre.dataset.note = t('diagramFailedNote');
      },
    );
}

let following = false;

/**
 * Mermaid bakes its theme's colours into the SVG, so a diagram does not follow the page's CSS
 * variables: when the theme changes (the setting, or the system's scheme under "system"), every
 * diagram on the page is drawn again in the new one. Watched from the first diagram on.
 */
function followTheme(): void {
  if (following) return;
  following = true;
  new MutationObserver(redrawDiagrams).observe(document.documentElement, {
    attributes: true,
    attributeFilter: ['data-theme'],
  });
  globalThis
    .matchMedia?.('(prefers-color-scheme: dark)')
    .addEventListener('change', redrawDiagrams);
}

function redrawDiagrams(): void {
  const dark = prefersDark();
  const scheme = dark ? 'dark' : 'light';
  for (const figure of document.querySelectorAll<HTMLElement>('.md-diagram')) {
    if (figure.dataset.scheme === scheme) continue;
    const source = figure.nextElementSibling?.querySelector(':scope > code')?.textContent;
    if (source == null) continue;
    figure.dataset.scheme = scheme;
    void loadDiagrams()
      .then((module) => module.drawDiagram(source, dark))
      .then(
        (fragment) => {
          // Another change may have come meanwhile: only the latest scheme's drawing stays.
          if (figure.dataset.scheme === scheme) figure.replaceChildren(fragment);
        },
        () => undefined, // it drew once, so this is unexpected; the old drawing stays
      );
  }
}

/** Click handler for a rendered message: the buttons of its code blocks. */
export function onCodeCopyClick(event: MouseEvent): void {
  const target = (event.target as Element | null)?.closest?.('button');
  const pre = target?.closest('pre');
  if (!(target instanceof HTMLElement) || !pre) return;
  if (target.classList.contains('code-wrap')) {
    const wrapped = pre.classList.toggle('wrapped');
    setLabel(target, t(wrapped ? 'unwrapCodeButton' : 'wrapCodeButton'));
    target.setAttribute('aria-pressed', String(wrapped));
    return;
  }
  if (target.classList.contains('diagram-source')) {
    const showing = pre.classList.toggle('show-source');
    setLabel(target, t(showing ? 'showDiagramButton' : 'showDiagramSourceButton'));
    return;
  }
  if (!target.classList.contains('code-copy')) return;
  const code = pre.querySelector(':scope > code');
  if (!code) return;
  const idle = pre.classList.contains('has-diagram')
    ? t('copyDiagramSourceButton')
    : t('copyCodeButton');
  void copyText(code.textContent ?? '').then((ok) => {
    setLabel(target, ok ? t('copiedLabel') : t('copyFailedLabel'));
    setTimeout(() => setLabel(target, idle), 1500);
  });
}
