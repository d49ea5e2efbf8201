// The browser's side of openApp (open-app.ts): finding, focusing and opening the full page's tab.
import { browser } from './browser';
import { APP_PAGE, type AppTabs } from './open-app';

interface ContextApi {
  getContexts?(filter: {
    contextTypes?: string[];
  }): Promise<Array<{ tabId: number; windowId: number; documentUrl?: string }>>;
}

/**
 * The real AppTabs. runtime.getContexts (Chrome 116+, Firefox 128+) finds the page's tab without
 * the `tabs` permission (tabs.query by URL needs it); `chrome.*` returns promises in both
 * browsers under MV3.
 */
export function runtimeAppTabs(): AppTabs {
  const pageUrl = browser.runtime.getURL(APP_PAGE);
  return {
    pageUrl,
    async find() {
      const runtime = (globalThis as { chrome?: { runtime?: ContextApi } }).chrome?.runtime;
      if (!runtime?.getContexts) return undefined;
      const contexts = await runtime.getContexts({ contextTypes: ['TAB'] });
      const page = contexts.find(
        (c) => c.tabId >= 0 && c.documentUrl?.split(/[?#]/)[0] === pageUrl,
      );
      return page && { tabId: page.tabId, windowId: page.windowId };
    },
    async create(url) {
      await browser.tabs.create({ url });
    },
    async focus({ tabId, windowId }, url) {
      await browser.tabs.update(tabId, { active: true, ...(url ? { url } : {}) });
      await browser.windows.update(windowId, { focused: true });
    },
  };
}
