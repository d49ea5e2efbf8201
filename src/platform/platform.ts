// The seam between the service worker and the browser: everything the worker asks of the browser,
// as one small interface. background/index.ts builds the worker on a Platform and calls no
// browser API itself. chrome.ts implements it for Chrome; firefox.ts for Firefox (issue 12) —
// `sidebarAction` for the side panel, no built-in model — and current.ts picks one at build time
// (`vite build --mode firefox`), so nothing in background/ knows which browser it runs in.
//
// The small APIs the worker's modules take (the badge, session rules, scripting, menus) are
// declared here, beside the Platform that provides them; the modules import them from here, so
// the seam sits below the worker and knows nothing of it.
import type { ProviderContext } from '../providers/types';
import type { Runtime } from '../shared/browser';
import type { SettingsStorage } from '../shared/settings';
import type { AppTabs } from '../shared/open-app';
import type { ViewNotice } from '../shared/protocol';
import type { Scripting } from '../shared/page-scripts';

/** A listener registration; called synchronously at the worker's top level (MV3 wakes it by these). */
type On<Listener> = (listener: Listener) => void;

export interface Platform {
  /** The extension's id (Chrome) or the add-on's id (Firefox). */
  readonly extensionId: string;
  /** The origin of the extension's own pages, with a trailing slash (`chrome-extension://<id>/`). */
  readonly extensionOrigin: string;
  /**
   * The domain a declarativeNetRequest rule's `initiatorDomains` matches the worker's own requests
   * by: the extension id in Chrome; the moz-extension host (its per-profile UUID) in Firefox.
   */
  readonly ruleInitiator: string;
  /** The manifest's version. */
  version(): string;
  /**
   * Whether the browser has a model of its own (Chrome's Prompt API). False in Firefox: the
   * provider that runs in the browser is then left out of every list (pickers, options, Auto).
   */
  readonly builtinModel: boolean;

  /** What every provider adapter runs with: fetch with the browser's cookies, the cookie check, a log. */
  readonly providerContext: ProviderContext;
  /** Whether the extension may reach `origin` (`https://host:port`), any port of the host. */
  hasHostPermission(origin: string): Promise<boolean>;

  /** storage.local, where the settings are (removed whole by "Delete all data"). */
  readonly localStorage: SettingsStorage & { remove(key: string): Promise<void> };
  /** storage.session: what a view picks up after the worker opened it (a pending ask). */
  sessionSet(items: Record<string, unknown>): Promise<void>;
  /** storage.session itself: the views' drafts, which the worker forgets with their conversation. */
  readonly sessionStorage: {
    get(keys: null): Promise<Record<string, unknown>>;
    remove(keys: string[]): Promise<void>;
  };

  readonly sessionRules: SessionRulesApi;
  readonly badge: BadgeApi;
  readonly menus: MenusApi;
  readonly scripting: Scripting;
  /** Opens the side panel (Chrome's sidePanel, Firefox's sidebarAction); first thing in a gesture. */
  openSidePanel(windowId: number): Promise<void>;
  /** The tabs calls that open (or focus) the full-page chat. */
  readonly appTabs: AppTabs;
  /** Tells every open view (popup, side panel, full page) something changed; none open is fine. */
  notifyViews(notice: ViewNotice): Promise<void>;
  /** A cheap extension API call that keeps the worker alive while a reply runs. */
  keepAlivePing(): Promise<unknown>;

  readonly on: {
    installed: On<() => void>;
    startup: On<() => void>;
    menuClicked: On<(info: ClickInfo, tab?: ClickTab) => void>;
    command: On<(command: string, tab?: ClickTab) => void>;
    /** storage.local changed: the settings' old and new value (undefined when absent). */
    settingsChanged: On<(key: string, oldValue: unknown, newValue: unknown) => void>;
    connect: On<(port: Runtime.Port) => void>;
    /** A runtime message; the listener's promise answers it, undefined leaves it to others. */
    message: On<(message: unknown, sender: Runtime.MessageSender) => Promise<unknown> | undefined>;
  };
}

/** The toolbar badge (chrome.action). */
export interface BadgeApi {
  setBadgeText(details: { text: string }): Promise<void>;
  setBadgeBackgroundColor(details: { color: string }): Promise<void>;
}

/** The shape of a declarativeNetRequest rule this module writes (a JSON subset of chrome's Rule). */
export interface SessionRule {
  id: number;
  priority?: number;
  action: {
    type: string;
    requestHeaders?: Array<{ header: string; operation: string; value?: string }>;
  };
  condition: {
    urlFilter?: string;
    requestDomains?: string[];
    initiatorDomains?: string[];
    tabIds?: number[];
    resourceTypes?: string[];
  };
}

/** The part of chrome.declarativeNetRequest this module uses; injected so tests use a fake. */
export interface SessionRulesApi {
  getSessionRules(): Promise<SessionRule[]>;
  updateSessionRules(options: {
    removeRuleIds?: number[];
    addRules?: SessionRule[];
  }): Promise<void>;
}

/** chrome.scripting.executeScript (shared/page-scripts.ts: the views call it too). */
export type { Scripting };

/** The context menu (contextMenus in Chrome, menus in Firefox). */
export interface MenusApi {
  removeAll(): Promise<void>;
  create(props: chrome.contextMenus.CreateProperties): void;
}

/** What a menu click says (contextMenus.OnClickData, the part the worker reads). */
export interface ClickInfo {
  menuItemId: string | number;
  selectionText?: string;
  pageUrl?: string;
  frameId?: number;
}

/** The tab a click or command came from. */
export interface ClickTab {
  id?: number;
  windowId?: number;
  title?: string;
  url?: string;
  discarded?: boolean;
}
