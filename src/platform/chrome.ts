// The Platform for Chrome (MV3). Every chrome.* and browser.* call of the service worker is here.
import { originPattern } from '../shared/base-url';
import { browser } from '../shared/browser';
import { openSidePanel } from '../shared/side-panel';
import { runtimeAppTabs } from '../shared/app-tabs';
import type { Platform, Scripting, SessionRule } from './platform';

export function chromePlatform(log: (message: string, detail?: unknown) => void): Platform {
  const extensionOrigin = browser.runtime.getURL('');
  return {
    extensionId: browser.runtime.id,
    extensionOrigin,
    // initiatorDomains takes the host of the extension's own URL: runtime.id in Chrome; in Firefox
    // runtime.id is the add-on id and the host is the moz-extension UUID.
    ruleInitiator: new URL(extensionOrigin).host,
    version: () => browser.runtime.getManifest().version,
    // Chrome 138+ has the Prompt API; where a device cannot run it, setup detection says
    // `unavailable` and the pickers show it so.
    builtinModel: true,

    // fetch() from the worker with `credentials: 'include'` (set by the seed adapters) sends the
    // browser's cookies for the host.
    providerContext: {
      fetch: (input, init) => fetch(input, init),
      cookies: { has: async (url) => (await browser.cookies.getAll({ url })).length > 0 },
      log,
    },
    // Match patterns carry no port, and Firefox answers false for `http://127.0.0.1:11434/*` even
    // when `http://127.0.0.1/*` is granted: ask for the host's pattern (originPattern), every port.
    hasHostPermission: (origin) => {
      const pattern = originPattern(origin);
      return pattern
        ? browser.permissions.contains({ origins: [pattern] })
        : Promise.resolve(false);
    },

    localStorage: browser.storage.local,
    sessionSet: (items) => browser.storage.session.set(items),
    sessionStorage: browser.storage.session,

    sessionRules: {
      getSessionRules: () =>
        chrome.declarativeNetRequest.getSessionRules() as Promise<SessionRule[]>,
      updateSessionRules: (options) =>
        chrome.declarativeNetRequest.updateSessionRules(
          options as chrome.declarativeNetRequest.UpdateRuleOptions,
        ),
    },
    badge: chrome.action,
    menus: {
      removeAll: () => browser.contextMenus.removeAll(),
      create: (props) => {
        chrome.contextMenus.create(props, () => {
          if (chrome.runtime.lastError)
            log(`menu item ${props.id} not created`, chrome.runtime.lastError.message);
        });
      },
    },
    scripting: chrome.scripting as unknown as Scripting,
    openSidePanel,
    appTabs: runtimeAppTabs(),
    // A broadcast to the extension's pages; with none open the browser rejects ("Receiving end
    // does not exist"), which only means nobody is watching.
    notifyViews: (notice) =>
      browser.runtime.sendMessage(notice).then(
        () => undefined,
        () => undefined,
      ),
    keepAlivePing: () => browser.runtime.getPlatformInfo(),

    on: {
      installed: (listener) => browser.runtime.onInstalled.addListener(listener),
      startup: (listener) => browser.runtime.onStartup.addListener(listener),
      menuClicked: (listener) =>
        chrome.contextMenus.onClicked.addListener((info, tab) => listener(info, tab)),
      command: (listener) =>
        chrome.commands.onCommand.addListener((command, tab) => listener(command, tab)),
      settingsChanged: (listener) =>
        browser.storage.onChanged.addListener((changes, area) => {
          if (area !== 'local') return;
          for (const [key, change] of Object.entries(changes))
            listener(key, change.oldValue, change.newValue);
        }),
      connect: (listener) => browser.runtime.onConnect.addListener(listener),
      message: (listener) => browser.runtime.onMessage.addListener(listener),
    },
  };
}
