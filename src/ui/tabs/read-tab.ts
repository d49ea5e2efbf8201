// Reading a picked tab (TabSource.read): the readability library goes into the tab, then the
// reader function runs after it (read-in-page.ts). It is given the extension API rather than
// importing it, so how it takes each browser's answers is tested without a browser.
import { readArticleInPage, READABILITY_FILE } from './read-in-page';
import { TabReadError, unreadableReason, type PageArticle } from './tab-source';
import { topFrameResult, type Scripting } from '../../shared/page-scripts';

/** What reading a tab needs of the extension API; webextension-polyfill's `browser` has it. */
export interface TabScripting {
  tabs: { get(tabId: number): Promise<{ url?: string; discarded?: boolean }> };
  scripting: Scripting;
}

export async function readTab(
  api: TabScripting,
  tabId: number,
  signal: AbortSignal,
): Promise<PageArticle> {
  const tab = await api.tabs.get(tabId).catch(() => undefined);
  if (!tab) throw new TabReadError('failed', 'The tab was closed.');
  const reason = tab.url ? unreadableReason(tab.url) : undefined;
  if (reason) throw new TabReadError(reason);
  if (tab.discarded) throw new TabReadError('discarded');
  signal.throwIfAborted();
  try {
    topFrameResult(
      await api.scripting.executeScript({ target: { tabId }, files: [READABILITY_FILE] }),
    );
    signal.throwIfAborted();
    // What readArticleInPage returned, cloned out of the page.
    const article = topFrameResult(
      await api.scripting.executeScript({ target: { tabId }, func: readArticleInPage }),
    ) as PageArticle | undefined;
    if (!article) throw new TabReadError('failed', 'The page gave no answer.');
    return article;
  } catch (error) {
    if (error instanceof TabReadError || signal.aborted) throw error;
    const message = error instanceof Error ? error.message : String(error);
    // The browsers' words when the host permission is missing (Chromium: "Cannot access contents
    // of the page…"; Firefox: "Missing host permission for the tab"); anything else: the page
    // refused.
    throw new TabReadError(
      /permission|Cannot access contents/i.test(message) ? 'no-access' : 'failed',
      message,
    );
  }
}
