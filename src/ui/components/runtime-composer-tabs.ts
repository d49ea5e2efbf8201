// Open tabs as context in a real view: the browser's tabs, the Markdown converter loaded only when a
// tab is first read (turndown stays out of every first load), and the browser model's window,
// measured in this view when the person chooses Chrome's built-in model.
import { effect } from '@preact/signals';
import type { ChatModel } from '../models/chat-model';
import { ComposerContext, CHROME_BUILTIN_ID } from '../models/composer-context';
import { TabContext } from '../models/tab-context';
import { runtimeTabSource } from './runtime-tab-source';
import { browserModelWindow } from '../tabs/browser-model-window';
import type { ComposerTabs } from './composer';

export function composerTabs(chat: ChatModel): ComposerTabs {
  const tabs = new TabContext(chat.attachments, runtimeTabSource, async (article) =>
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
  return { context, source: runtimeTabSource };
}
