// The seam between the service worker and the browser: everything the worker asks of the browser,
// as one small interface. background/index.ts builds the worker on a Platform and calls no
// browser API itself. chrome.ts implements it for Chrome; a Firefox build (issue 12) adds its own
// implementation here — `sidebarAction` for the side panel, its moz-extension host as the header
// rules' initiator, `menus` for contextMenus — and nothing in background/ changes.
//
// The interfaces the worker's modules already take (BadgeApi, SessionRulesApi, Scripting, the
// menus) are the ports; a platform is the adapter that plugs the browser into them.
import type { BadgeApi } from '../background/badge';
import type { ClickInfo, ClickTab, MenuDeps } from '../background/context-menu';
import type { SessionRulesApi } from '../background/headers';
import type { Scripting } from '../background/page-reader';
import type { ProviderContext } from '../providers/types';
import type { Runtime } from '../shared/browser';
import type { SettingsStorage } from '../shared/settings';

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

  /** What every provider adapter runs with: fetch with the browser's cookies, the cookie check, a log. */
  readonly providerContext: ProviderContext;
  /** Whether the extension may reach `origin` (`https://host:port`), any port of the host. */
  hasHostPermission(origin: string): Promise<boolean>;

  /** storage.local, where the settings are (removed whole by "Delete all data"). */
  readonly localStorage: SettingsStorage & { remove(key: string): Promise<void> };
  /** storage.session: what a view picks up after the worker opened it (a pending ask). */
  sessionSet(items: Record<string, unknown>): Promise<void>;

  readonly sessionRules: SessionRulesApi;
  readonly badge: BadgeApi;
  readonly menus: MenuDeps['menus'];
  readonly scripting: Scripting;
  /** Opens the side panel (Chrome's sidePanel, Firefox's sidebarAction); first thing in a gesture. */
  openSidePanel(windowId: number): Promise<void>;
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
