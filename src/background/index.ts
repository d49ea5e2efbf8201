// The service worker's composition root. Every listener is registered here, synchronously at the
// top level, so Chrome can wake the worker for any event; the work waits on one `ready` promise
// (the pattern uBlock Origin Lite uses). No dynamic import() anywhere in this graph
// (docs/design.md).
import { createPlatform } from '../platform/current';
import { currentLanguage, loadLanguage, t } from '../shared/i18n';
import { isRequestEnvelope, NOTICE_CHANNEL } from '../shared/protocol';
import { openApp, OPEN_APP_COMMAND } from '../shared/open-app';
import { readSettings, SETTINGS_KEY, parseSettings, type Settings } from '../shared/settings';
import { providers as registry } from '../providers/registry';
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
import { readPage, readSelection } from './page-reader';
import { captureTab } from './capture-tab';
import { answerRequest, type RequestHandlers } from './requests';
import { openStore, type Store } from './store';
import { withTemporaryChats } from './temporary-store';
import { withChangeNotices } from './change-notices';
import { createDataHandlers, purgeExpired } from './data-requests';
import { createSettingsHandlers } from './settings-requests';
import { ChatEngine } from './jobs';
import { promptTemplates } from './templates';
import { migrateTemplates } from './prompts-migration';
import { defaultPrompts } from '../shared/prompts';
import { acceptChatPort } from './chat-port';
import { createKeepAlive } from './keep-alive';
import { createBadge } from './badge';
import { createClock } from './clock';
import { createHeaderRuleInstaller } from './headers';
import { createProviderRunner, type RunnerDeps } from './provider-runner';
import {
  listProviderModels,
  offeredProviders,
  providerInfo,
  testProvider,
} from './provider-requests';
import { detectSetup, shareInFlight } from './setup';
import { afterStart, startWithRetry } from './worker-start';

const log = (message: string, detail?: unknown): void => {
  console.info(`[parley] ${message}`, detail ?? '');
};

// Every browser API the worker uses, behind one interface (src/platform/platform.ts).
const platform = createPlatform(log);
// The providers this browser can run: the registry, less the built-in model where there is none.
const providers = offeredProviders(registry, platform.builtinModel);
const isOwnPage = (sender: { id?: string; url?: string } | undefined) =>
  isOwnExtensionPage(sender, platform.extensionId, platform.extensionOrigin);

const now = createClock();
const keepAlive = createKeepAlive(platform.keepAlivePing);
const badge = createBadge(platform.badge);

// Provider requests (issue 3): header rules as DNR session rules, then the adapters through one
// runner. The provider environment is built once here and shared by the chat runner, the model
// lists and first-run detection.
const headerRules = createHeaderRuleInstaller({
  api: platform.sessionRules,
  initiator: platform.ruleInitiator,
  providers,
});
const providerEnvironment: RunnerDeps = {
  providers,
  readSettings: () => readSettings(platform.localStorage),
  context: platform.providerContext,
  installHeaderRules: (adapter, baseUrl) => headerRules.install(adapter, baseUrl),
  hasHostPermission: platform.hasHostPermission,
};
const runner = createProviderRunner(providerEnvironment);

/**
 * Everything the worker needs before it handles a message: the store, opened and recovered. A
 * failed start is tried once more; then every request gets its coded error (worker-start.ts).
 */
const ready: Promise<{ engine: ChatEngine; store: Store }> = startWithRetry(async () => {
  // Temporary chats live in memory only; everything else goes to IndexedDB. Every change to what
  // a history lists is told to the open views (live history, issue 13).
  const store = withChangeNotices(withTemporaryChats(await openStore()), {
    notify: (conversationIds) =>
      void platform.notifyViews({
        channel: NOTICE_CHANNEL,
        type: 'conversations-changed',
        conversationIds,
      }),
  });
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
    titleTemplates: async () => promptTemplates(await settingsInLanguage(), t, currentLanguage()),
  });
  return { engine, store };
}, log);
const engineReady = ready.then(({ engine }) => engine);
// A failed start is reported to each request; it is not an unhandled rejection.
ready.catch(() => undefined);
engineReady.catch(() => undefined);
const detectShared = shareInFlight(() => detectSetup(providerEnvironment));

const handlers: RequestHandlers = {
  ping: async () => ({ version: platform.version() }),
  'providers-list': async () => providers.map(providerInfo),
  'provider-test': (params) => testProvider(runner, params),
  'provider-models': (params) => listProviderModels(providerEnvironment, params),
  'conversations-list': async ({ limit }) => (await ready).store.listConversations(limit),
  ...createSettingsHandlers(platform.localStorage),
  ...createDataHandlers({
    ready,
    settings: platform.localStorage,
    now,
    later: (task, ms) => void setTimeout(task, ms),
    log,
    drafts: platform.sessionStorage,
    defaultPrompts: async () => {
      await settingsInLanguage();
      return defaultPrompts(t, currentLanguage());
    },
  }),
  'setup-detect': () => detectShared(),
};

// The worker's own strings (menu titles, prompt templates) follow settings.ui.language as the views
// do. The loaded catalogue is module state, gone when the worker sleeps, so it is checked before
// every use rather than once at start.
let loadedLanguage: Settings['ui']['language'] | undefined;
const settingsInLanguage = async (): Promise<Settings> => {
  const settings = await readSettings(platform.localStorage);
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
      menus: platform.menus,
      translate: t,
      get uiLanguage() {
        return currentLanguage();
      },
    },
    settings,
  );
};

const askDeps: AskDeps = {
  openSidePanel: platform.openSidePanel,
  sessionSet: platform.sessionSet,
  readSettings: settingsInLanguage,
  readSelection: (tabId, frameId) => readSelection(platform.scripting, tabId, frameId),
  readPage: (tabId) => readPage(platform.scripting, tabId),
  captureTab,
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
    return handleOpenSidePanelCommand(tab, { openSidePanel: platform.openSidePanel, log });
  // The full page: a tab, no gesture needed (it focuses the one already open).
  if (command === OPEN_APP_COMMAND)
    return openApp(undefined, platform.appTabs).catch((error: unknown) =>
      log('the full page did not open', error),
    );
  return Promise.resolve();
};

const refreshMenus = (): void =>
  void rebuildMenus().catch((error: unknown) => log('could not build the context menu', error));
// An update from a Parley with context-menu templates makes them prompts first (issue 13).
platform.on.installed(
  () =>
    void settingsInLanguage()
      .then(() =>
        migrateTemplates(platform.localStorage, {
          defaults: () => defaultPrompts(t, currentLanguage()),
          newId: () => crypto.randomUUID(),
        }),
      )
      .catch((error: unknown) => log('could not migrate the templates', error))
      .finally(refreshMenus),
);
platform.on.startup(refreshMenus);
platform.on.menuClicked((info, tab) => void onMenuClicked(info, tab));
platform.on.command((command, tab) => void onCommand(command, tab));

// The prompts marked for the menu are menu items, and the titles follow the language: rebuild the
// menu when either changes.
platform.on.settingsChanged((key, oldValue, newValue) => {
  if (key !== SETTINGS_KEY) return;
  const menuPart = (raw: unknown) => {
    const settings = parseSettings(raw);
    return JSON.stringify([settings.prompts, settings.ui.language]);
  };
  if (menuPart(oldValue) !== menuPart(newValue)) refreshMenus();
});

// End-to-end tests cannot click a native context menu; they call these, the very functions the
// listeners above call, and substitute only the click (docs/protocol.md, "test hooks").
Object.assign(globalThis, { parleyTestHooks: { onMenuClicked, onCommand, rebuildMenus } });

platform.on.connect((port) => {
  acceptChatPort(port, {
    isOwnPage,
    engine: engineReady,
    onViewConnected: () => badge.seen(),
    log,
  });
});

platform.on.message((message, sender) => {
  if (!isRequestEnvelope(message)) return undefined;
  if (!isOwnPage(sender)) {
    log('ignored a request from outside the extension', sender.url);
    return undefined;
  }
  return afterStart(ready, () => answerRequest(handlers, message.type, message.params));
});
