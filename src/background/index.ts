// The service worker's composition root. Every listener is registered here, synchronously at the
// top level, so Chrome can wake the worker for any event; the work waits on one `ready` promise
// (the pattern uBlock Origin Lite uses). No dynamic import() anywhere in this graph (design.md).
import { browser, type Runtime } from '../shared/browser';
import { openSidePanel } from '../shared/side-panel';
import { currentLanguage, loadLanguage, t } from '../shared/i18n';
import { isRequestEnvelope } from '../shared/protocol';
import { readSettings, SETTINGS_KEY, parseSettings, type Settings } from '../shared/settings';
import { providers } from '../providers/registry';
import type { ProviderContext } from '../providers/types';
import { isOwnExtensionPage } from './sender';
import { handleOpenSidePanelCommand, OPEN_SIDE_PANEL_COMMAND } from './side-panel-command';
import {
  createMenus,
  handleAskCommand,
  handleMenuClick,
  type AskDeps,
  type ClickInfo,
  type ClickTab,
} from './context-menu';
import { readPage, readSelection, type Scripting } from './page-reader';
import { answerRequest, type RequestHandlers } from './requests';
import { openStore, type Store } from './store';
import { withTemporaryChats } from './temporary-store';
import { createDataHandlers, purgeExpired } from './data-requests';
import { createSettingsHandlers } from './settings-requests';
import { ChatEngine } from './jobs';
import { promptTemplates } from './templates';
import { acceptChatPort } from './chat-port';
import { createKeepAlive } from './keep-alive';
import { createBadge } from './badge';
import { createClock } from './clock';
import { createHeaderRuleInstaller, type SessionRule, type SessionRulesApi } from './headers';
import { createProviderRunner } from './provider-runner';
import { listProviderModels, providerInfo, testProvider } from './provider-requests';
import { detectSetup } from './setup';
import { afterStart, startWithRetry } from './worker-start';

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
// initiatorDomains takes the host of the extension's own URL: runtime.id in Chrome, but in Firefox
// runtime.id is the add-on id and the host is the moz-extension:// UUID ("Invalid domain").
const extensionHost = new URL(extensionOrigin).host;
const headerRules = createHeaderRuleInstaller({
  api: sessionRules,
  extensionId: extensionHost,
  providers,
});

const providerContext: ProviderContext = {
  fetch: (input, init) => fetch(input, init),
  cookies: { has: async (url) => (await browser.cookies.getAll({ url })).length > 0 },
  log,
};
// Match patterns carry no port, and Firefox answers false for `http://127.0.0.1:11434/*` even when
// `http://127.0.0.1/*` is granted (Chrome says true): ask for the host's pattern, every port.
const hasHostPermission = (origin: string): Promise<boolean> => {
  const { protocol, hostname } = new URL(origin);
  return browser.permissions.contains({ origins: [`${protocol}//${hostname}/*`] });
};

const runner = createProviderRunner({
  providers,
  readSettings: () => readSettings(browser.storage.local),
  context: providerContext,
  installHeaderRules: (adapter, baseUrl) => headerRules.install(adapter, baseUrl),
  hasHostPermission,
});

/**
 * Everything the worker needs before it handles a message: the store, opened and recovered. A
 * failed start is tried once more; then every request gets its coded error (worker-start.ts).
 */
const ready: Promise<{ engine: ChatEngine; store: Store }> = startWithRetry(async () => {
  // Temporary chats live in memory only; everything else goes to IndexedDB.
  const store = withTemporaryChats(await openStore());
  // A worker that died mid-reply left messages marked `streaming`: they are `interrupted` now.
  const interrupted = await store.interruptStreaming(now());
  if (interrupted.length > 0) log(`marked ${interrupted.length} reply(ies) interrupted`);
  // Conversations deleted before the worker last stopped are past their undo window by now.
  await purgeExpired(store, now()).catch((error: unknown) =>
    log('could not empty the trash', error),
  );
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
    titleTemplates: async () => promptTemplates(await settingsInLanguage(), t),
  });
  return { engine, store };
}, log);
const engineReady = ready.then(({ engine }) => engine);
// A failed start is reported to each request; it is not an unhandled rejection.
ready.catch(() => undefined);
engineReady.catch(() => undefined);

const handlers: RequestHandlers = {
  ping: async () => ({ version: browser.runtime.getManifest().version }),
  'providers-list': async () => providers.map(providerInfo),
  'provider-test': (params) => testProvider(runner, params),
  'provider-models': (params) =>
    listProviderModels(
      {
        providers,
        readSettings: () => readSettings(browser.storage.local),
        context: providerContext,
        installHeaderRules: (adapter, baseUrl) => headerRules.install(adapter, baseUrl),
        hasHostPermission,
      },
      params,
    ),
  'conversations-list': async ({ limit }) => (await ready).store.listConversations(limit),
  ...createSettingsHandlers(browser.storage.local),
  ...createDataHandlers({
    ready,
    settings: browser.storage.local,
    now,
    later: (task, ms) => void setTimeout(task, ms),
    log,
  }),
  'setup-detect': () =>
    detectSetup({
      providers,
      readSettings: () => readSettings(browser.storage.local),
      fetch: (input, init) => fetch(input, init),
      installHeaderRules: (adapter, baseUrl) => headerRules.install(adapter, baseUrl),
    }),
};

const scripting = chrome.scripting as unknown as Scripting;

// The worker's own strings (menu titles, prompt templates) follow settings.ui.language as the views
// do. The loaded catalogue is module state, gone when the worker sleeps, so it is checked before
// every use rather than once at start.
let loadedLanguage: Settings['ui']['language'] | undefined;
const settingsInLanguage = async (): Promise<Settings> => {
  const settings = await readSettings(browser.storage.local);
  if (settings.ui.language !== loadedLanguage) {
    await loadLanguage(settings.ui.language).catch((error: unknown) =>
      log('could not load the language', error),
    );
    loadedLanguage = settings.ui.language;
  }
  return settings;
};

const rebuildMenus = async (): Promise<void> => {
  const settings = await settingsInLanguage();
  return createMenus(
    {
      menus: {
        removeAll: () => browser.contextMenus.removeAll(),
        create: (props) => {
          chrome.contextMenus.create(props, () => {
            if (chrome.runtime.lastError)
              log(`menu item ${props.id} not created`, chrome.runtime.lastError.message);
          });
        },
      },
      translate: t,
      get uiLanguage() {
        return currentLanguage();
      },
    },
    settings,
  );
};

const askDeps: AskDeps = {
  openSidePanel,
  sessionSet: (items) => browser.storage.session.set(items),
  readSettings: settingsInLanguage,
  readSelection: (tabId, frameId) => readSelection(scripting, tabId, frameId),
  readPage: (tabId) => readPage(scripting, tabId),
  translate: t,
  get uiLanguage() {
    return currentLanguage();
  },
  now: Date.now,
  newId: () => crypto.randomUUID(),
  log,
};

// The gesture-sensitive listeners: each opens the side panel before anything is awaited.
const onMenuClicked = (info: ClickInfo, tab?: ClickTab): Promise<void> =>
  handleMenuClick(info, tab, askDeps);
const onCommand = (command: string, tab?: ClickTab): Promise<void> => {
  if (command === 'ask-selection') return handleAskCommand(tab, askDeps);
  if (command === OPEN_SIDE_PANEL_COMMAND)
    return handleOpenSidePanelCommand(tab, { openSidePanel, log });
  return Promise.resolve();
};

const refreshMenus = (): void =>
  void rebuildMenus().catch((error: unknown) => log('could not build the context menu', error));
browser.runtime.onInstalled.addListener(refreshMenus);
browser.runtime.onStartup.addListener(refreshMenus);
chrome.contextMenus.onClicked.addListener((info, tab) => void onMenuClicked(info, tab));
chrome.commands.onCommand.addListener((command, tab) => void onCommand(command, tab));

// The user's prompt templates are menu items, and the titles follow the language: rebuild the menu
// when either changes.
browser.storage.onChanged.addListener((changes, area) => {
  const change = changes[SETTINGS_KEY];
  if (area !== 'local' || !change) return;
  const menuPart = (raw: unknown) => {
    const settings = parseSettings(raw);
    return JSON.stringify([settings.selection.templates, settings.ui.language]);
  };
  if (menuPart(change.oldValue) !== menuPart(change.newValue)) refreshMenus();
});

// End-to-end tests cannot click a native context menu; they call these, the very functions the
// listeners above call, and substitute only the click (docs/protocol.md, "test hooks").
Object.assign(globalThis, { parleyTestHooks: { onMenuClicked, onCommand, rebuildMenus } });

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
  return afterStart(ready, () => answerRequest(handlers, message.type, message.params));
});
