// What a rendered code block gets besides its text: a copy button, its language shown, and
// syntax highlighting once the block is finished (highlight.js loads on first need).
//
// Labels come from CSS `attr()` (data-label, data-lang), not text nodes: the message's
// textContent must stay exactly the visible reply text (the e2e surface reads it).
import { t } from '../../shared/i18n';
import { copyText } from '../components/clipboard';
import { highlightLanguage } from './languages';
import type * as HighlightModule from './highlight';

type Highlighter = typeof HighlightModule;
let highlighter: Promise<Highlighter> | undefined;

/** Loads the highlighter once; later calls share the same promise. */
export function loadHighlighter(): Promise<Highlighter> {
  highlighter ??= import('./highlight');
  return highlighter;
}

/** Adds copy buttons to every <pre> under `root`, and highlights them when `final`. */
export function enhanceCodeBlocks(root: HTMLElement, final: boolean): void {
  for (const pre of root.querySelectorAll('pre')) {
    if (!pre.querySelector(':scope > .code-copy')) pre.prepend(copyButton());
    if (!final) continue;
    const code = pre.querySelector(':scope > code');
    const language = highlightLanguage(pre.dataset.lang);
    if (!code || !language || code.classList.contains('hljs')) continue;
    void loadHighlighter().then(
      (module) => {
        if (code.isConnected) module.highlightInto(code as HTMLElement, language);
      },
      () => undefined, // a failed chunk load leaves the block plain, still readable
    );
  }
}

function copyButton(): HTMLButtonElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'code-copy';
  button.setAttribute('data-testid', 'code-copy-button');
  setLabel(button, t('copyCodeButton'));
  return button;
}

function setLabel(button: HTMLElement, label: string): void {
  button.dataset.label = label;
  button.setAttribute('aria-label', label);
}

/** Click handler for a rendered message: copies the code block whose button was pressed. */
export function onCodeCopyClick(event: MouseEvent): void {
  const button = (event.target as Element | null)?.closest?.('.code-copy');
  if (!(button instanceof HTMLElement)) return;
  const code = button.parentElement?.querySelector(':scope > code');
  if (!code) return;
  void copyText(code.textContent ?? '').then((ok) => {
    setLabel(button, ok ? t('copiedLabel') : t('copyFailedLabel'));
    setTimeout(() => setLabel(button, t('copyCodeButton')), 1500);
  });
}
