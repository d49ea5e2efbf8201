// The full page (issue 13) in the Firefox build: opened from the popup's button (one tab however
// often), chatting with the OpenAI-compatible emulator, its history sidebar following without a
// reload. In a browser of its own: the tab it opens wakes Firefox's experiment loader, whose log
// line must not reach the other files' checks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { startOpenAiServer } from '../mock-servers/openai';
import type { ScriptedServer } from '../mock-servers/scripted';
import { launchFirefox, PAGES, type FirefoxHarness } from './harness';

let harness: FirefoxHarness;
let openai: ScriptedServer;

beforeAll(async () => {
  openai = await startOpenAiServer({ apiKey: 'sk-firefox' });
  harness = await launchFirefox();
  // The provider's settings are not what this file is about: written, not typed.
  const options = await harness.openPage(PAGES.options);
  await options.evaluate(
    async (url) =>
      void (await chrome.storage.local.set({
        settings: {
          onboarded: true,
          providers: {
            'openai-compatible': { baseUrl: url, apiKey: 'sk-firefox', model: 'gpt-4o' },
          },
        },
      })),
    `${openai.url}/v1`,
  );
  await options.close();
});
afterAll(async () => {
  await harness?.close();
  await openai?.close();
});

const attribute = (page: Page, selector: string, name: string) =>
  page
    .$eval(selector, (element, attr) => element.getAttribute(attr), name)
    .catch(() => null as string | null);
const text = (page: Page, selector: string) =>
  page.$eval(selector, (element) => element.textContent).catch(() => null as string | null);

describe('the full page (issue 13)', () => {
  it('opens from the popup’s button, once, and chats with the history beside it', async () => {
    // Puppeteer names an extension tab about:blank: ask each page where it is.
    const appPages = async () => {
      const pages = await harness.browser.pages();
      const where = await Promise.all(
        pages.map((p) => p.evaluate(() => location.href).catch(() => '')),
      );
      return pages.filter((_, i) => where[i]!.includes(PAGES.app));
    };
    const popup = await harness.openPage(PAGES.popup);
    await popup.waitForSelector('[data-testid="open-app-button"]');
    await popup.click('[data-testid="open-app-button"]');
    await expect.poll(async () => (await appPages()).length, { timeout: 15_000 }).toBe(1);
    const [app] = await appPages();
    await popup.close().catch(() => undefined);
    // Again from a new popup: the tab already open comes forward, no second one.
    const again = await harness.openPage(PAGES.popup);
    await again.waitForSelector('[data-testid="open-app-button"]');
    await again.click('[data-testid="open-app-button"]');
    await new Promise((done) => setTimeout(done, 1_000));
    expect(await appPages()).toHaveLength(1);
    await again.close().catch(() => undefined);

    await app!.setViewport({ width: 1280, height: 800 });
    await app!.waitForSelector('[data-testid="app-sidebar"]');
    const picker = '[data-testid="provider-select"]';
    await app!.waitForSelector(`${picker} option[value="openai-compatible"]`);
    await app!.click('[data-testid="new-chat-button"]');
    await app!.select(picker, 'openai-compatible');
    await app!.type('[data-testid="composer-input"]', 'Hello from the full page');
    await app!.keyboard.press('Enter');
    const assistant = '[data-testid="message"][data-role="assistant"]';
    await expect
      .poll(() => attribute(app!, assistant, 'data-status'), { timeout: 15_000 })
      .toBe('done');
    expect(await text(app!, `${assistant} [data-testid="message-text"]`)).toBe(
      'You said: Hello from the full page',
    );
    // The sidebar lists it without a reload (the background's notice reached the page).
    await expect
      .poll(() =>
        app!.$$eval('[data-testid="app-sidebar"] [data-testid="conversation-title"]', (els) =>
          els.map((el) => el.textContent),
        ),
      )
      .toContain('Hello from the full page');
    await expect.poll(() => app!.evaluate(() => location.hash)).toMatch(/^#conversation=/);
    await app!.close();
    // Firefox's own loggers (RSLoader, woken by opening a tab) are left out by the harness.
    expect(harness.consoleErrors()).toEqual([]);
  });
});
