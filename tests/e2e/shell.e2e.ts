import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DIST, launchExtension, PAGES, screenshotPath, type ExtensionHarness } from './harness';

let harness: ExtensionHarness;

beforeAll(async () => {
  harness = await launchExtension();
});

afterAll(async () => {
  await harness?.close();
});

describe('the extension in Chromium', () => {
  it('starts its service worker and answers a ping from its own page', async () => {
    expect(harness.extensionId).toMatch(/^[a-p]{32}$/);
    const page = await harness.openPage(PAGES.popup);
    const reply = await page.evaluate(() =>
      chrome.runtime.sendMessage({ channel: 'parley/v1', type: 'ping', params: {} }),
    );
    expect(reply).toEqual({ ok: true, value: { version: '0.1.0' } });
    await page.close();
  });

  it.each([
    ['popup', PAGES.popup, 'Parley'],
    ['side panel', PAGES.sidepanel, 'Parley — side panel'],
    ['options', PAGES.options, 'Parley settings'],
  ])('renders the %s shell without console errors', async (_name, path, title) => {
    const before = harness.consoleErrors.length;
    const page = await harness.openPage(path);
    await expect.poll(() => page.getByTestId('app-shell').count()).toBe(1);
    await expect.poll(() => page.title()).toBe(title);
    await expect(page.locator('h1').textContent()).resolves.toBe('Parley');
    expect(harness.consoleErrors.slice(before)).toEqual([]);
    await page.close();
  });

  it('takes a readable screenshot of the popup shell', async () => {
    const page = await harness.openPage(PAGES.popup);
    await page.getByTestId('app-shell').waitFor();
    const png = await page.screenshot({ path: screenshotPath('popup-shell.png') });
    expect(png.byteLength).toBeGreaterThan(2_000);
    await page.close();
  });

  it('loads dist/ with no manifest warnings or errors', async () => {
    const page = await harness.context.newPage();
    await page.goto('chrome://extensions/');
    const info = await page.evaluate(
      (id) =>
        new Promise<{ installWarnings?: unknown[]; manifestErrors?: unknown[]; name: string }>(
          (done) => {
            // developerPrivate is the API chrome://extensions itself uses to list warnings.
            (
              chrome as unknown as {
                developerPrivate: { getExtensionInfo(id: string, cb: (info: never) => void): void };
              }
            ).developerPrivate.getExtensionInfo(id, done);
          },
        ),
      harness.extensionId,
    );
    expect(info.name).toBe('Parley — chat with AI models');
    expect(info.installWarnings).toEqual([]);
    expect(info.manifestErrors).toEqual([]);
    await page.close();
  });

  it('builds dist/manifest.json with the surfaces, worker, permissions and locales', () => {
    const built = JSON.parse(readFileSync(resolve(DIST, 'manifest.json'), 'utf8')) as Record<
      string,
      unknown
    > & {
      background: { service_worker: string; type: string };
      action: { default_popup: string };
      side_panel: { default_path: string };
      options_ui: { page: string };
      permissions: string[];
    };
    expect(built.manifest_version).toBe(3);
    expect(built.action.default_popup).toBe('src/ui/popup/index.html');
    expect(built.side_panel.default_path).toBe('src/ui/sidepanel/index.html');
    expect(built.options_ui.page).toBe('src/ui/options/index.html');
    expect(built.background.type).toBe('module');
    for (const file of [
      built.background.service_worker,
      built.action.default_popup,
      built.side_panel.default_path,
      built.options_ui.page,
    ]) {
      expect(existsSync(resolve(DIST, file)), file).toBe(true);
    }
    expect(built.permissions).toContain('declarativeNetRequestWithHostAccess');
    expect(built.default_locale).toBe('en');
    for (const locale of ['en', 'ru'])
      expect(existsSync(resolve(DIST, '_locales', locale, 'messages.json')), locale).toBe(true);
  });

  it('creates the context-menu item for selections on install', async () => {
    // There is no contextMenus.getAll; update() rejects for an id that does not exist.
    const exists = (id: string) =>
      harness.worker.evaluate(
        (menuId) =>
          new Promise<boolean>((done) => {
            chrome.contextMenus.update(menuId, {}, () => done(!chrome.runtime.lastError));
          }),
        id,
      );
    await expect.poll(() => exists('parley-ask-selection')).toBe(true);
    for (const id of [
      'parley',
      'parley-prompt:explain',
      'parley-prompt:translate',
      'parley-page-summary',
      'parley-page-ask',
    ]) {
      expect(await exists(id), id).toBe(true);
    }
    expect(await exists('parley-no-such-item')).toBe(false);
  });
});
