// `npm run screenshots` only: the tab picker and the context meter (issue 14) in the popup
// (400×600) and the side panel (360 wide), English and Russian, light and dark. Settings are
// written into storage: these pictures are not about how they got there (tests/e2e/tabs.e2e.ts
// takes the person's path).
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchExtension, PAGES, screenshotPath, type ExtensionHarness } from '../e2e/harness';
import { startOpenAiServer } from '../mock-servers/openai';
import type { MockServer } from '../mock-servers/server';
import { startTabPages, TAB_PAGES } from '../e2e/tab-pages';

const KEY = 'sk-shots';
let harness: ExtensionHarness;
let openai: MockServer;
let pages: MockServer;

beforeAll(async () => {
  [openai, pages] = await Promise.all([startOpenAiServer({ apiKey: KEY }), startTabPages()]);
  harness = await launchExtension();
  for (const page of Object.values(TAB_PAGES)) {
    const tab = await harness.context.newPage();
    await tab.goto(`${pages.url}${page.path}`);
    await tab.waitForFunction((title) => document.title === title, page.title);
  }
});
afterAll(async () => {
  await harness?.close();
  await openai?.close();
  await pages?.close();
});

const COMBOS = [
  ['en', 'light'],
  ['en', 'dark'],
  ['ru', 'light'],
  ['ru', 'dark'],
] as const;

const SIZES = [
  ['popup', PAGES.popup, { width: 400, height: 600 }],
  ['sidepanel', PAGES.sidepanel, { width: 360, height: 640 }],
] as const;

async function pick(view: Page, title: string): Promise<void> {
  await view.getByTestId('composer-input').pressSequentially('@');
  await view.getByTestId('tab-option').filter({ hasText: title }).click();
}

describe('open tabs and the context meter, pictured', () => {
  for (const [language, theme] of COMBOS) {
    const tag = `${language}-${theme}`;
    it(`picker and meter (${tag})`, async () => {
      await harness.worker.evaluate(
        async (next) => {
          await chrome.storage.local.clear();
          await chrome.storage.local.set({ settings: next });
        },
        {
          ui: { language, theme },
          onboarded: true,
          defaultProviderId: 'openai',
          // A small window, so the meter has something to say.
          providers: { openai: { baseUrl: `${openai.url}/v1`, apiKey: KEY, contextWindow: 600 } },
        },
      );
      for (const [surface, path, size] of SIZES) {
        // Each picture starts from an empty composer: what the last one attached is kept with the
        // draft in storage.session (kept-attachments.ts).
        await harness.worker.evaluate(() => chrome.storage.session.clear());
        const view = await harness.openPage(path);
        await view.setViewportSize(size);
        await view.getByTestId('composer-input').waitFor();
        await view.getByTestId('composer-input').fill(language === 'ru' ? 'Сравни ' : 'Compare ');
        await view.getByTestId('composer-input').press('End');
        await view.getByTestId('composer-input').pressSequentially('@');
        await view.getByTestId('tab-option').nth(1).waitFor();
        await view.screenshot({ path: screenshotPath(`tabs-picker-${surface}-${tag}.png`) });
        await view.keyboard.press('Enter');
        await view
          .locator('[data-testid="attachment-chip"][data-kind="tab"][data-status="ready"]')
          .waitFor();
        await pick(view, TAB_PAGES.app.title);
        await view
          .locator('[data-testid="attachment-chip"][data-kind="tab"][data-status="ready"]')
          .nth(1)
          .waitFor();
        await view.getByTestId('meter-over').waitFor();
        await view.screenshot({ path: screenshotPath(`tabs-meter-${surface}-${tag}.png`) });
        await view.close();
      }
    });
  }
});
