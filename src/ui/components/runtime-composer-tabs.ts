// Open tabs as context in a real view: the browser's tabs, the Markdown converter loaded only when a
// tab is first read (turndown stays out of every first load), and the browser model's window,
// measured in this view when the person chooses Chrome's built-in model. The real tab source
// (runtime-tab-source.ts) is a chunk of its own too, loaded by the picker's first list().
import { effect } from '@preact/signals';
import type { ChatModel } from '../models/chat-model';
import { ComposerContext, CHROME_BUILTIN_ID } from '../models/composer-context';
import { TabContext } from '../models/tab-context';
import type { TabSource } from '../tabs/tab-source';
import { browserModelWindow } from '../tabs/browser-model-window';
import type { ComposerTabs } from './composer';

let loaded: TabSource | undefined;
const load = async () => (loaded ??= (await import('./runtime-tab-source')).runtimeTabSource);

/**
 * The tabs, permissions and scripting, fetched on first use. A permission request must be made
 * first thing in the click (TabSource): the picker lists the tabs before anything can be picked,
 * so by then the source is in and the request goes out without an await before it.
 */
const lazyTabSource: TabSource = {
  list: async () => (await load()).list(),
  requestAllTabs: () => (loaded ? loaded.requestAllTabs() : load().then((s) => s.requestAllTabs())),
  requestAccess: (url) =>
    loaded ? loaded.requestAccess(url) : load().then((s) => s.requestAccess(url)),
  read: async (tabId, signal) => (await load()).read(tabId, signal),
};

export function composerTabs(chat: ChatModel): ComposerTabs {
  const tabs = new TabContext(chat.attachments, lazyTabSource, async (article) =>
    (await import('../tabs/page-markdown')).articleMarkdown(article),
  );
  const context = new ComposerContext(chat, tabs);
  let measured = false;
  effect(() => {
    if (chat.providerId.value !== CHROME_BUILTIN_ID || measured) return;
    measured = true;
    void browserModelWindow(globalThis).then((tokens) => {
      if (tokens !== undefined) context.browserWindow.value = tokens;
    });
  });
  addEventListener('pagehide', () => tabs.dispose());
  chat.fits = (text) => context.fitsAlone(text);
  return { context, source: lazyTabSource };
}
