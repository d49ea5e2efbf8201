// TabSource in the extension: the real tabs, permissions and scripting. Imported by the mount code
// only. Nothing is injected into a page until the person picks it: then the readability library
// goes in (scripting.executeScript with its file) and the reader function runs after it
// (tabs/read-tab.ts).
import { browser } from '../../shared/browser';
import { originPattern } from '../../shared/base-url';
import { readTab } from '../tabs/read-tab';
import type { OpenTab, TabSource } from '../tabs/tab-source';

const ownPages = () => browser.runtime.getURL('');

export const runtimeTabSource: TabSource = {
  async list() {
    const [tabs, current] = await Promise.all([
      browser.tabs.query({}),
      browser.windows.getCurrent().catch(() => undefined),
    ]);
    // This window's tabs first, each window in its own order.
    tabs.sort(
      (a, b) =>
        Number(b.windowId === current?.id) - Number(a.windowId === current?.id) ||
        (a.windowId ?? 0) - (b.windowId ?? 0) ||
        a.index - b.index,
    );
    const own = ownPages();
    const seen: OpenTab[] = [];
    let hidden = 0;
    for (const tab of tabs) {
      if (tab.id === undefined) continue;
      // Without the `tabs` permission a tab's address and title show only where Parley has access.
      if (!tab.url) {
        hidden += 1;
        continue;
      }
      if (tab.url.startsWith(own)) continue;
      const pattern = originPattern(tab.url);
      const access = pattern
        ? await browser.permissions.contains({ origins: [pattern] }).catch(() => false)
        : false;
      seen.push({
        id: tab.id,
        title: tab.title || tab.url,
        url: tab.url,
        ...(tab.favIconUrl ? { favIconUrl: tab.favIconUrl } : {}),
        access,
        ...(tab.discarded ? { discarded: true } : {}),
      });
    }
    return { tabs: seen, hidden };
  },
  requestAllTabs() {
    return browser.permissions.request({ permissions: ['tabs'] });
  },
  requestAccess(url) {
    const pattern = originPattern(url);
    if (!pattern) return Promise.resolve(false);
    return browser.permissions.request({ origins: [pattern] });
  },
  read: (tabId, signal) => readTab(browser, tabId, signal),
};
