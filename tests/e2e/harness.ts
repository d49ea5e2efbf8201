// Launches Chromium with the built extension (dist/) on a fresh temporary profile. It builds
// nothing: `npm test` runs the production build before the e2e step.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { baseChromiumArgs, CHROMIUM_HELP, findChromium } from '../../scripts/find-chromium.mjs';

export const DIST = resolve(import.meta.dirname, '../../dist');

const SCREENSHOTS = resolve(import.meta.dirname, '../../docs/screenshots');

/**
 * Where a view's picture goes: docs/screenshots under `npm run screenshots` (PARLEY_SCREENSHOTS=1),
 * nowhere under `npm test`, so a test run leaves the checkout as it was. The picture is still taken
 * (tests look at its bytes).
 */
export function screenshotPath(name: string): string | undefined {
  if (!process.env.PARLEY_SCREENSHOTS) return undefined;
  mkdirSync(SCREENSHOTS, { recursive: true });
  return resolve(SCREENSHOTS, name);
}

export const PAGES = {
  popup: 'src/ui/popup/index.html',
  sidepanel: 'src/ui/sidepanel/index.html',
  options: 'src/ui/options/index.html',
  app: 'src/ui/app/index.html',
} as const;

export interface ExtensionHarness {
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  /** Opens an extension page (a path inside dist/) in a new tab and records its console errors. */
  openPage(path: string): Promise<Page>;
  /** Console errors and uncaught exceptions seen on pages opened through openPage. */
  consoleErrors: string[];
  /** Closes every open extension page (between tests: the next one starts from fresh views). */
  closeExtensionPages(): Promise<void>;
  close(): Promise<void>;
}

export async function launchExtension(
  options: {
    viewport?: { width: number; height: number };
    /**
     * Host permissions granted at install, in a copy of dist/. Only for what a click grants and
     * automation cannot click: `<all_urls>` stands in for the activeTab grant of a toolbar or
     * context-menu click (tabs.captureVisibleTab takes either).
     */
    grantHosts?: string[];
  } = {},
): Promise<ExtensionHarness> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(CHROMIUM_HELP);
  const profile = mkdtempSync(join(tmpdir(), 'parley-e2e-'));
  let dist = DIST;
  if (options.grantHosts) {
    dist = mkdtempSync(join(tmpdir(), 'parley-ext-'));
    cpSync(DIST, dist, { recursive: true });
    const manifestPath = join(dist, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
      host_permissions?: string[];
    };
    manifest.host_permissions = [...(manifest.host_permissions ?? []), ...options.grantHosts];
    writeFileSync(manifestPath, JSON.stringify(manifest));
  }
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    viewport: options.viewport ?? { width: 400, height: 600 },
    args: [
      ...baseChromiumArgs(),
      `--disable-extensions-except=${dist}`,
      `--load-extension=${dist}`,
    ],
  });
  // Playwright waits 30 s for an element by default: a poll on a part that never appears then ran
  // out the test's 60 s with no word of what it waited for. 20 s is still far beyond any action
  // here, and the error names the locator.
  context.setDefaultTimeout(20_000);
  const worker =
    context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://')) ??
    (await context.waitForEvent('serviceworker', { timeout: 20_000 }));
  const extensionId = new URL(worker.url()).host;
  const consoleErrors: string[] = [];

  return {
    context,
    worker,
    extensionId,
    consoleErrors,
    async closeExtensionPages() {
      for (const page of context.pages())
        if (page.url().startsWith('chrome-extension://')) await page.close();
    },
    async openPage(path: string) {
      const page = await context.newPage();
      page.on('console', (message) => {
        if (message.type() === 'error') consoleErrors.push(`${path}: ${message.text()}`);
      });
      page.on('pageerror', (error) => consoleErrors.push(`${path}: ${error.message}`));
      await page.goto(`chrome-extension://${extensionId}/${path}`);
      return page;
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
      if (dist !== DIST) rmSync(dist, { recursive: true, force: true });
    },
  };
}
