// Launches the system Firefox with the Firefox build (dist-firefox/) installed on a fresh temporary
// profile, driven over WebDriver BiDi by puppeteer-core. It builds nothing: `npm test` runs
// `npm run build:firefox` before this step.
//
// What Firefox needs that Chromium does not (issue 12):
// - `--remote-allow-system-access`: without it BiDi refuses to navigate to moz-extension:// and
//   to evaluate in the browser's own (chrome) scope.
// - The pref `extensions.webextensions.uuids`, set before the install, fixes the host of the
//   extension's moz-extension:// URLs (random otherwise).
// - page.goto() never settles on extension pages (Firefox sends no navigation events for them):
//   openPage navigates the browsing context without waiting and polls location.href instead.
// - Extension console output (pages and background) reaches the browser's stdout through the pref
//   devtools.console.stdout.content (puppeteer's console/pageerror events stay silent for extension
//   pages); every line is kept in `output` (echoed live with PARLEY_E2E_DUMPIO=1). The browser's
//   own console (devtools.console.stdout.chrome) stays off: it is noise about the closed network.
//
// - permissions.request opens Firefox's doorhanger (#addon-webext-permissions-notification in
//   PopupNotifications.panel), even headless. BiDi input does not reach it; acceptPermissionPrompt
//   clicks its Allow button from the chrome scope once security.notification_enable_delay has
//   passed (earlier clicks are ignored and push the delay on). Only the person's click on the
//   browser's prompt is stood in for: the extension's own request still runs in the page's click
//   and still needs it (tabs.e2e.ts). The pref extensions.webextOptionalPermissionPrompts = false
//   would grant without any prompt; it is not needed.
// - Host permissions in `host_permissions` are granted at install (127.0.0.1 and localhost among
//   them). permissions.remove() takes one away as the person can in about:addons, for a test of a
//   site Parley has no access to yet.
//
// Found while writing these, for the scenarios still to come (each tried once in ESR 153):
// - The sidebar's page is not a BiDi browsing context. An extension tab reaches its DOM through
//   `browser.extension.getViews({ type: 'sidebar' })[0].document`; the chrome scope tells whether
//   it is open: `Services.wm.getMostRecentWindow('navigator:browser').SidebarController`
//   (`.isOpen`, `.currentID` = `parley_parley-extension-sidebar-action`).
// - A keyboard command with its user gesture: in the chrome scope, dispatch `command` on the
//   <key> in `#ext-keyset-id-parley_parley-extension` (key="P" / key="A", modifiers "alt,shift").
//   BiDi key presses in a page do not reach extension shortcuts. Alt+Shift+P opened the sidebar
//   this way with today's code; Alt+Shift+A opened it and stored the pending ask (the quoted
//   selection goes into the composer: read the textarea's value, not innerText). (Those were the
//   keys then; since issue 10 they are Alt+Shift+O and Alt+Shift+S, which Chromium assigns.)
// - A context menu item with its user gesture: a BiDi right-click opens #contentAreaContextMenu;
//   open Parley's submenu (`parent.open = true`) and, once its popup is shown, `activateItem(item)`
//   on it: `clickMenuItem` (lifecycle.e2e.ts, page-menu.e2e.ts). The click grants activeTab as a
//   person's does: on a site Parley has no host access to, scripting.executeScript and
//   tabs.captureVisibleTab work after it and fail without it ("Missing host permission for the
//   tab", "Missing activeTab permission"). For such a site, serve a local page as `localhost` and
//   take `http://localhost/*` away with permissions.remove (page-menu.e2e.ts); 127.0.0.1 keeps its
//   access for the emulators.
// - Typing into the sidebar: from an extension tab, set the composer's value and dispatch `input`
//   with the sidebar window's own Event, then click() Send (page-menu.e2e.ts).
// - The background's globals (parleyTestHooks) are reachable from an extension page through
//   `browser.runtime.getBackgroundPage()`; calling sidebarAction.open() from there is refused
//   (no user input).
// - The background stops the way the idle timer stops it with
//   `WebExtensionPolicy.getByID(id).extension.terminateBackground({ disableResetIdleForTest: true })`
//   in the chrome scope; a reply streaming then is `interrupted` once a view reconnects.
// - Screenshots of the browser's own window (the sidebar) are refused in the chrome scope.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { FIREFOX_HELP, findFirefox } from '../../scripts/find-firefox.mjs';
import { GECKO_ID } from '../../scripts/manifests.mjs';

export const DIST_FIREFOX = resolve(import.meta.dirname, '../../dist-firefox');

export { PAGES } from '../e2e/harness';

/** The slice of puppeteer's BiDi connection the harness uses for raw commands. */
interface BidiConnection {
  send(method: string, params: Record<string, unknown>): Promise<{ result: unknown }>;
}

/**
 * Firefox's own modules whose loggers print to the same stdout, as `console.error: <Logger>: …`:
 * Nimbus's RemoteSettingsExperimentLoader ("RSLoader", toolkit/components/nimbus) complains when
 * it cannot reach Remote Settings — the tests have no network — at a moment that varies with load.
 * Not the extension's output, so not its errors.
 */
const FIREFOX_OWN_LOGGERS = /^console\.error: RSLoader: /;

export interface FirefoxHarness {
  browser: Browser;
  /** The add-on id (browser_specific_settings.gecko.id): runtime.id in Firefox. */
  extensionId: string;
  /** The host of the extension's pages, moz-extension://<host>/. */
  extensionHost: string;
  /** Opens an extension page (a path inside dist-firefox/) in a new tab, loaded. */
  openPage(path: string, viewport?: { width: number; height: number }): Promise<Page>;
  /** Evaluates a JavaScript expression in the browser's chrome scope; returns its JSON value. */
  evaluateInChrome<T>(expression: string): Promise<T>;
  /**
   * Waits for Firefox's permission doorhanger (the prompt permissions.request opens) and clicks its
   * Allow button, as the person would; returns the prompt's text once it has gone.
   */
  acceptPermissionPrompt(): Promise<string>;
  /**
   * Right-clicks `selector` in `page` (a real BiDi click: Firefox opens #contentAreaContextMenu),
   * opens Parley's submenu and activates the item with this menus id as a click does, so the
   * extension gets the user's gesture (sidebarAction.open, activeTab).
   */
  clickMenuItem(page: Page, selector: string, itemId: string): Promise<void>;
  /** The warnings and errors Firefox found reading the extension's manifest. */
  manifestProblems(): Promise<{ warnings: string[]; errors: string[] }>;
  /** Every line Firefox wrote to stdout and stderr, extension console output included. */
  output: string[];
  /** console.error output and uncaught exceptions of the extension's pages and background. */
  consoleErrors(): string[];
  close(): Promise<void>;
}

/**
 * Merges `settings` into the stored ones from an extension page: setup a test is not about (the
 * flows that are, Options by typing, are in firefox.e2e.ts). The Chromium twin is
 * tests/e2e/chat-helpers.ts `setSettings`.
 */
export async function writeSettings(page: Page, settings: Record<string, unknown>): Promise<void> {
  await page.evaluate(async (next) => {
    const { settings: current = {} } = (await chrome.storage.local.get('settings')) as {
      settings?: Record<string, unknown>;
    };
    await chrome.storage.local.set({ settings: { ...current, ...next } });
  }, settings);
}

/** The BiDi browsing-context id of a page (puppeteer keeps it as the main frame's id). */
function browsingContextOf(page: Page): string {
  return (page.mainFrame() as unknown as { _id: string })._id;
}

export async function launchFirefox(): Promise<FirefoxHarness> {
  const executablePath = findFirefox();
  if (!executablePath) throw new Error(FIREFOX_HELP);
  const profile = mkdtempSync(join(tmpdir(), 'parley-e2e-firefox-'));
  const extensionHost = crypto.randomUUID();
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath,
    headless: true,
    userDataDir: profile,
    args: ['--remote-allow-system-access'],
    defaultViewport: { width: 400, height: 600 },
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: extensionHost }),
      'devtools.console.stdout.content': true,
    },
  });
  const output: string[] = [];
  const dump = process.env.PARLEY_E2E_DUMPIO === '1';
  const child = browser.process();
  for (const stream of [child?.stdout, child?.stderr]) {
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      output.push(...chunk.split('\n').filter((line) => line.trim() !== ''));
      if (dump) process.stderr.write(chunk);
    });
  }
  const extensionId = await browser.installExtension(DIST_FIREFOX);
  const origin = `moz-extension://${extensionHost}/`;
  const connection = (browser as unknown as { connection: BidiConnection }).connection;

  async function evaluateInChrome<T>(expression: string): Promise<T> {
    const tree = (await connection.send('browsingContext.getTree', { 'moz:scope': 'chrome' }))
      .result as { contexts: Array<{ context: string }> };
    const context = tree.contexts[0]?.context;
    if (!context) throw new Error('Firefox shows no chrome window to evaluate in.');
    const evaluation = (
      await connection.send('script.evaluate', {
        expression: `(async () => JSON.stringify(await (${expression})))()`,
        target: { context },
        awaitPromise: true,
      })
    ).result as
      | { type: 'success'; result: { value?: string } }
      | { type: 'exception'; exceptionDetails: { text: string } };
    if (evaluation.type === 'exception') throw new Error(evaluation.exceptionDetails.text);
    const json = evaluation.result.value;
    return (json === undefined ? undefined : JSON.parse(json)) as T;
  }

  return {
    browser,
    extensionId,
    extensionHost,
    output,
    consoleErrors: () =>
      output.filter(
        (line) =>
          (line.startsWith('console.error:') && !FIREFOX_OWN_LOGGERS.test(line)) ||
          line.startsWith(`JavaScript error: ${origin}`),
      ),
    evaluateInChrome,
    async clickMenuItem(page, selector, itemId) {
      await page.click(selector, { button: 'right' });
      // Menu items are XUL elements named after the add-on id and the item's id
      // (browser/components/extensions/parent/ext-menus.js); the submenu's popup must be shown
      // before activateItem does anything.
      const prefix = 'parley_parley-extension-menuitem-_';
      await evaluateInChrome(
        `(() => { const doc = Services.wm.getMostRecentWindow('navigator:browser').document;
          const parent = doc.getElementById(${JSON.stringify(`${prefix}parley`)});
          const item = doc.getElementById(${JSON.stringify(prefix + itemId)});
          if (!parent || !item) throw new Error('no Parley item ' + ${JSON.stringify(itemId)} + ' in the context menu');
          const popup = item.parentNode;
          return new Promise((resolve) => {
            popup.addEventListener('popupshown', () => resolve(popup.activateItem(item) ?? true), { once: true });
            parent.open = true;
          }); })()`,
      );
    },
    manifestProblems: () =>
      evaluateInChrome(
        `(() => { const { extension } = WebExtensionPolicy.getByID(${JSON.stringify(extensionId)});
          return { warnings: [...extension.warnings], errors: [...extension.errors] }; })()`,
      ),
    async acceptPermissionPrompt() {
      // The doorhanger (browser/modules/ExtensionsUI.sys.mjs) is a PopupNotifications panel in the
      // browser window. Its buttons ignore clicks for security.notification_enable_delay ms after
      // it is shown (and a click that early pushes that time on), so it is clicked only once that
      // has passed; a click refused (e.g. the window not active) leaves it open for the next poll.
      const deadline = Date.now() + 20_000;
      let text: string | undefined;
      for (;;) {
        const state = await evaluateInChrome<{ shown: false } | { shown: true; text?: string }>(
          `(() => {
            const popups = Services.wm.getMostRecentWindow('navigator:browser').PopupNotifications;
            const element = popups.panel.querySelector('#addon-webext-permissions-notification');
            const notification = element?.notification;
            if (!notification || popups.panel.state !== 'open') return { shown: false };
            const delay = Services.prefs.getIntPref('security.notification_enable_delay', 500);
            if (!notification.timeShown || ChromeUtils.now() - notification.timeShown <= delay)
              return { shown: true };
            const text = element.textContent;
            element.button.click();
            return { shown: true, text };
          })()`,
        );
        if (state.shown && state.text !== undefined) text = state.text;
        if (!state.shown && text !== undefined) return text;
        if (Date.now() > deadline) {
          throw new Error(
            text === undefined
              ? 'No permission prompt was shown.'
              : `The permission prompt stayed open after its Allow button was clicked: ${text}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async openPage(path, viewport) {
      const page = await browser.newPage();
      if (viewport) await page.setViewport(viewport);
      const url = new URL(path, origin).href;
      await connection.send('browsingContext.navigate', {
        context: browsingContextOf(page),
        url,
        wait: 'none',
      });
      const deadline = Date.now() + 20_000;
      for (;;) {
        const state = await page
          .evaluate(() => `${location.href} ${document.readyState}`)
          .catch(() => undefined);
        if (state === `${url} complete`) return page;
        if (Date.now() > deadline) throw new Error(`${path} did not load (last state: ${state}).`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async close() {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
