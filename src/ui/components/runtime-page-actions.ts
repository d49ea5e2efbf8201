// PageActions in the extension: the real tabs, permissions and settings. Imported by the mount
// code only, so components and models stay free of the extension APIs.
import { browser } from '../../shared/browser';
import { providerSettings, readSettings } from '../../shared/settings';
import { originPattern } from '../../shared/base-url';
import { providerSettingsPath, type PageActions } from '../models/page-actions';

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
};
