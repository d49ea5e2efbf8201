// The service worker's composition root. Every listener is registered here, synchronously at the
// top level, so Chrome can wake the worker for any event; the work waits on one `ready` promise
// (the pattern uBlock Origin Lite uses). No dynamic import() anywhere in this graph (design.md).
import { browser, type Runtime } from '../shared/browser';
import { openSidePanel } from '../shared/side-panel';
import { t } from '../shared/i18n';
import { isRequestEnvelope } from '../shared/protocol';
import { readSettings } from '../shared/settings';
import { providers } from '../providers/registry';
import { isOwnExtensionPage } from './sender';
import { createMenus, handleMenuClick } from './context-menu';
import { answerRequest, type RequestHandlers } from './requests';
import { openStore, type Store } from './store';
import { ChatEngine } from './jobs';
import { acceptChatPort } from './chat-port';
import { createKeepAlive } from './keep-alive';
import { createBadge } from './badge';
import { createClock } from './clock';
import { createHeaderRuleInstaller, type SessionRule, type SessionRulesApi } from './headers';
import { createProviderRunner } from './provider-runner';
import { providerInfo, testProvider } from './provider-requests';

const extensionId = browser.runtime.id;
const extensionOrigin = browser.runtime.getURL('');
const isOwnPage = (sender: { id?: string; url?: string } | undefined) =>
  isOwnExtensionPage(sender, extensionId, extensionOrigin);

const log = (message: string, detail?: unknown): void => {
  console.info(`[parley] ${message}`, detail ?? '');
};

const now = createClock();
const keepAlive = createKeepAlive(() => browser.runtime.getPlatformInfo());
const badge = createBadge(chrome.action);

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

/** Everything the worker needs before it handles a message: the store, opened and recovered. */
const ready: Promise<{ engine: ChatEngine; store: Store }> = (async () => {
  const store = await openStore();
  // A worker that died mid-reply left messages marked `streaming`: they are `interrupted` now.
  const interrupted = await store.interruptStreaming(now());
  if (interrupted.length > 0) log(`marked ${interrupted.length} reply(ies) interrupted`);
  const engine = new ChatEngine({
    store,
    runner,
    now,
    newId: () => crypto.randomUUID(),
    onRunningChange: (running) => {
      keepAlive.update(running);
      badge.setRunning(running);
    },
    onReplyEnded: ({ watched }) => badge.replyEnded(watched),
    log,
  });
  return { engine, store };
})();
const engineReady = ready.then(({ engine }) => engine);

const handlers: RequestHandlers = {
  ping: async () => ({ version: browser.runtime.getManifest().version }),
  'providers-list': async () => providers.map(providerInfo),
  'provider-test': (params) => testProvider(runner, params),
  'conversations-list': async ({ limit }) => (await ready).store.listConversations(limit),
  'conversation-delete': async ({ conversationId }) => {
    const { engine, store } = await ready;
    engine.stopConversation(conversationId);
    return { deleted: await store.deleteConversation(conversationId) };
  },
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

browser.runtime.onConnect.addListener((port) => {
  acceptChatPort(port, {
    isOwnPage,
    engine: engineReady,
    onViewConnected: () => badge.seen(),
    log,
  });
});

browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
  if (!isRequestEnvelope(message)) return undefined;
  if (!isOwnPage(sender)) {
    log('ignored a request from outside the extension', sender.url);
    return undefined;
  }
  return ready.then(() => answerRequest(handlers, message.type, message.params));
});
