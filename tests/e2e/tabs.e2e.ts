// Open tabs as context and the context meter (issue 14), the way a person uses them: two local
// pages open in tabs, `@` in the side panel's composer, pick both, watch the meter, send; the
// emulated OpenAI-compatible service receives both pages' text with their titles and addresses.
// A part too big for a small window (set in Options) is offered trim and drop before sending.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchExtension, PAGES, screenshotPath, type ExtensionHarness } from './harness';
import { setSettings } from './chat-helpers';
import { startOpenAiServer } from '../mock-servers/openai';
import type { MockServer } from '../mock-servers/server';
import { startTabPages, TAB_PAGES } from './tab-pages';

const KEY = 'sk-tabs';
let harness: ExtensionHarness;
let openai: MockServer;
let pages: MockServer;
const tabIds: Record<keyof typeof TAB_PAGES, number> = { article: 0, app: 0 };

beforeAll(async () => {
  [openai, pages] = await Promise.all([startOpenAiServer({ apiKey: KEY }), startTabPages()]);
  harness = await launchExtension();
  for (const name of ['article', 'app'] as const) {
    const tab = await harness.context.newPage();
    await tab.goto(`${pages.url}${TAB_PAGES[name].path}`);
    await tab.waitForFunction((title) => document.title === title, TAB_PAGES[name].title);
  }
  // Provider setup is not what these tests are about: written into storage.
  await setSettings(harness.worker, {
    onboarded: true,
    defaultProviderId: 'openai',
    providers: { openai: { baseUrl: `${openai.url}/v1`, apiKey: KEY } },
  });
});
afterAll(async () => {
  await harness?.close();
  await openai?.close();
  await pages?.close();
});

async function openSidePanel(): Promise<Page> {
  const panel = await harness.openPage(PAGES.sidepanel);
  await panel.setViewportSize({ width: 360, height: 640 });
  await panel.getByTestId('composer-input').waitFor();
  await expect.poll(() => panel.getByTestId('provider-select').inputValue()).toBe('openai');
  return panel;
}

const option = (panel: Page, title: string) =>
  panel.getByTestId('tab-option').filter({ hasText: title });

describe('open tabs as context', () => {
  it('picks two tabs through @ and shows what they take against the window', async () => {
    const panel = await openSidePanel();
    const input = panel.getByTestId('composer-input');
    await input.click();
    await input.pressSequentially('Compare @');
    const picker = panel.getByTestId('tab-picker');
    await picker.waitFor();
    // Both pages are listed with their titles; the extension's own page is not.
    await option(panel, TAB_PAGES.article.title).waitFor();
    await option(panel, TAB_PAGES.app.title).waitFor();
    await expect(
      panel.getByTestId('tab-option').filter({ hasText: 'Parley' }).count(),
    ).resolves.toBe(0);
    tabIds.article = Number(
      await option(panel, TAB_PAGES.article.title).getAttribute('data-tab-id'),
    );
    tabIds.app = Number(await option(panel, TAB_PAGES.app.title).getAttribute('data-tab-id'));
    expect(tabIds.article).toBeGreaterThan(0);
    await panel.screenshot({ path: screenshotPath('tabs-picker-sidepanel.png') });

    // Search narrows the list; Enter adds the highlighted tab and the `@` goes.
    await panel.keyboard.type('tide');
    await expect.poll(() => panel.getByTestId('tab-option').count()).toBe(1);
    await panel.keyboard.press('Enter');
    await expect.poll(() => picker.count()).toBe(0);
    await expect(input.inputValue()).resolves.toBe('Compare ');
    const articleChip = panel.locator(`[data-testid="tab-chip"][data-tab-id="${tabIds.article}"]`);
    await expect.poll(() => articleChip.getAttribute('data-state')).toBe('ready');

    // The button opens it too; arrows move, Enter adds (the article is no longer offered).
    await panel.getByTestId('tab-picker-button').click();
    await picker.waitFor();
    await expect(option(panel, TAB_PAGES.article.title).count()).resolves.toBe(0);
    await panel.keyboard.press('ArrowDown');
    await panel.keyboard.press('ArrowUp');
    await expect(option(panel, TAB_PAGES.app.title).getAttribute('aria-selected')).resolves.toBe(
      'true',
    );
    await panel.keyboard.press('Enter');
    const appChip = panel.locator(`[data-testid="tab-chip"][data-tab-id="${tabIds.app}"]`);
    await expect.poll(() => appChip.getAttribute('data-state')).toBe('ready');

    // Esc closes the picker and keeps the text as it was.
    await input.pressSequentially(' and @');
    await picker.waitFor();
    await panel.keyboard.press('Escape');
    await expect.poll(() => picker.count()).toBe(0);
    await expect(input.inputValue()).resolves.toBe('Compare  and @');

    const meter = panel.getByTestId('context-meter');
    await expect(meter.getAttribute('data-window')).resolves.toBe('128000');
    await panel.screenshot({ path: screenshotPath('tabs-meter-sidepanel.png') });
    await panel.close();
  });
});
