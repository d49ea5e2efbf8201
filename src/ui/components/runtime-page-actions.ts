// PageActions in the extension: the real tabs, permissions and settings. Imported by the mount
// code only, so components and models stay free of the extension APIs.
import { browser } from '../../shared/browser';
import { providerSettings, readSettings } from '../../shared/settings';
import { originPattern } from '../../shared/base-url';
import { providerSettingsPath, type PageActions } from '../models/page-actions';
import { selectionInPage } from '../../shared/page-scripts';

export const runtimePageActions: PageActions = {
  openProviderSettings(providerId) {
    void browser.tabs.create({ url: browser.runtime.getURL(providerSettingsPath(providerId)) });
  },
  requestHostAccess(origin) {
    // Called first thing in the click handler; nothing may be awaited before it.
    const pattern = originPattern(origin);
    if (!pattern) return Promise.resolve(false);
    return browser.permissions.request({ origins: [pattern] });
  },
  openTab(url) {
    void browser.tabs.create({ url });
  },
  async baseUrlOverride(providerId) {
    const own = providerSettings(await readSettings(browser.storage.local), providerId);
    return own.baseUrl?.trim() || undefined;
  },
  async readActiveTab() {
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    // The address and title show only where Parley may read the page (activeTab after a click on
    // its button or menu, or a host it was granted); Parley's own pages say nothing of a page.
    if (!tab || tab.url?.startsWith(browser.runtime.getURL(''))) return {};
    let selection: string | undefined;
    if (tab.id !== undefined) {
      // Refused on pages Parley may not script: then there is no selection to offer.
      const results = await browser.scripting
        .executeScript({ target: { tabId: tab.id }, func: selectionInPage })
        .catch(() => []);
      selection = results
        .map((r): unknown => r.result)
        .find((r): r is string => typeof r === 'string' && r.trim() !== '');
    }
    return { url: tab.url, title: tab.title, selection };
  },
  readClipboard: () => navigator.clipboard.readText(),
};
