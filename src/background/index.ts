// The service worker's composition root. Every listener is registered here, synchronously at the
// top level, so Chrome can wake the worker for any event; the work waits on one `ready` promise
// (the pattern uBlock Origin Lite uses).
import { browser, type Runtime } from '../shared/browser';
import { openSidePanel } from '../shared/side-panel';
import { t } from '../shared/i18n';
import { isRequestEnvelope } from '../shared/protocol';
import { isOwnExtensionPage } from './sender';
import { createMenus, handleMenuClick } from './context-menu';
import { answerRequest, type RequestHandlers } from './requests';
import { providers } from '../providers/registry';
import { readSettings } from '../shared/settings';
import { createHeaderRuleInstaller, type SessionRule, type SessionRulesApi } from './headers';
import { createProviderRunner } from './provider-runner';
import { providerInfo, testProvider } from './provider-requests';

const extensionId = browser.runtime.id;
const extensionOrigin = browser.runtime.getURL('');

const log = (message: string, detail?: unknown): void => {
  console.info(`[parley] ${message}`, detail ?? '');
};

/** Everything the worker needs before it handles a message. */
const ready: Promise<void> = Promise.resolve();

// Provider requests (issue 3): header rules as DNR session rules, then the adapters through one
// runner. fetch() from the worker with `credentials: 'include'` (set by every adapter) sends the
// browser's cookies for the host.
const sessionRules: SessionRulesApi = {
  getSessionRules: () => chrome.declarativeNetRequest.getSessionRules() as Promise<SessionRule[]>,
  updateSessionRules: (options) =>
    chrome.declarativeNetRequest.updateSessionRules(
      options as chrome.declarativeNetRequest.UpdateRuleOptions,
    ),
};
const headerRules = createHeaderRuleInstaller({ api: sessionRules, extensionId, providers });

const runner = createProviderRunner({
  providers,
  readSettings: () => readSettings(browser.storage.local),
  context: {
    fetch: (input, init) => fetch(input, init),
    cookies: { has: async (url) => (await browser.cookies.getAll({ url })).length > 0 },
    log,
  },
  installHeaderRules: (adapter, baseUrl) => headerRules.install(adapter, baseUrl),
  hasHostPermission: (origin) => browser.permissions.contains({ origins: [`${origin}/*`] }),
});

const handlers: RequestHandlers = {
  ping: async () => ({ version: browser.runtime.getManifest().version }),
  'provider-test': (params) => testProvider(runner, params),
  'providers-list': async () => providers.map(providerInfo),
};

browser.runtime.onInstalled.addListener(() => {
  void createMenus({
    menus: {
      removeAll: () => browser.contextMenus.removeAll(),
      create: (props) => {
        chrome.contextMenus.create(props);
      },
    },
    translate: t,
  });
});

browser.contextMenus.onClicked.addListener((info, tab) => {
  // No await before openSidePanel: the click's user gesture is only good synchronously.
  void handleMenuClick(info, tab, {
    openSidePanel,
    sessionSet: (items) => browser.storage.session.set(items),
    now: Date.now,
    log,
  });
});

browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
  if (!isRequestEnvelope(message)) return undefined;
  if (!isOwnExtensionPage(sender, extensionId, extensionOrigin)) {
    log('ignored a request from outside the extension', sender.url);
    return undefined;
  }
  return ready.then(() => answerRequest(handlers, message.type, message.params));
});
