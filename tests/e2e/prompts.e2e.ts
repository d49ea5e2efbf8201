// The prompt library (issue 13), the way a person uses it, from a fresh profile: add a prompt in
// Options with {{selection}} and put it in the context menu; select text on a page served on
// 127.0.0.1 and ask about it; in the side panel's empty composer type `/`, filter, Enter: the prompt
// is there with the selection filled in; send it, and the emulated provider receives exactly that.
// Only the native menu click is substituted (the worker's test hook, docs/protocol.md), and the
// provider's address is written into storage: the test is not about setting up a provider.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchExtension, PAGES, type ExtensionHarness } from './harness';
import { expectAssistant, setSettings } from './chat-helpers';
import {
  startControlledStreamServer,
  type ControlledStreamServer,
} from '../mock-servers/controlled-stream';
import { ARTICLE_PARAGRAPH, startPageServer } from '../mock-servers/pages';
import type { MockServer } from '../mock-servers/server';

let harness: ExtensionHarness;
let provider: ControlledStreamServer;
let pages: MockServer;

beforeAll(async () => {
  provider = await startControlledStreamServer();
  pages = await startPageServer();
  harness = await launchExtension({ viewport: { width: 900, height: 700 } });
  const options = await harness.openPage(PAGES.options);
  await setSettings(options, {
    onboarded: true,
    defaultProviderId: 'acytoo',
    providers: { acytoo: { baseUrl: provider.url } },
  });
  await options.close();
});
afterAll(async () => {
  await harness?.close();
  await provider?.close();
  await pages?.close();
});

/** What Chrome does on a menu click: call the listener with the click's info and tab. */
async function clickMenu(menuItemId: string, tabId: number): Promise<void> {
  await harness.worker.evaluate(
    async ({ menuItemId, tabId }) => {
      const tab = await chrome.tabs.get(tabId);
      const hooks = (
        globalThis as unknown as {
          parleyTestHooks: { onMenuClicked(info: unknown, tab: unknown): Promise<void> };
        }
      ).parleyTestHooks;
      await hooks.onMenuClicked({ menuItemId, pageUrl: tab.url, frameId: 0 }, tab);
    },
    { menuItemId, tabId },
  );
}

/** There is no contextMenus.getAll; update() fails for an item that does not exist. */
const menuHas = (id: string) =>
  harness.worker.evaluate(
    (menuId) =>
      new Promise<boolean>((done) => {
        chrome.contextMenus.update(menuId, {}, () => done(!chrome.runtime.lastError));
      }),
    id,
  );

async function openArticleWithSelection(): Promise<{ page: Page; tabId: number }> {
  const page = await harness.context.newPage();
  await page.goto(`${pages.url}/article`);
  // Selected as a person would: a triple click selects the paragraph.
  await page.locator('#para').click({ clickCount: 3 });
  const tabId = await harness.worker.evaluate(
    async (url) => (await chrome.tabs.query({ url }))[0]!.id!,
    `${pages.url}/article`,
  );
  return { page, tabId };
}

const focusedTestId = (page: Page) =>
  page.evaluate(() => document.activeElement?.getAttribute('data-testid'));

const HAIKU = 'Write a haiku about this:\n\n{{selection}}';
const haikuOf = (selection: string) => `Write a haiku about this:\n\n${selection}`;

describe('the prompt library', () => {
  let promptId = '';

  it('adds a prompt in Options and puts it in the context menu', async () => {
    const options = await harness.openPage(PAGES.options);
    // A fresh profile shows the default prompts, already in the menu.
    await expect.poll(() => options.getByTestId('prompt').count()).toBe(5);
    expect(await menuHas('parley-prompt:explain')).toBe(true);
    await options.getByTestId('prompt-add').click();
    const added = options.getByTestId('prompt').last();
    // The new prompt's title takes the focus: once it has it, type straight in.
    await expect.poll(() => focusedTestId(options)).toBe('prompt-title');
    await options.keyboard.type('Haiku');
    const text = added.getByTestId('prompt-text');
    await text.click();
    await text.press('ControlOrMeta+a');
    await text.press('Backspace');
    await text.pressSequentially('Write a haiku about this:');
    await text.press('Enter');
    await text.press('Enter');
    await text.pressSequentially('{{selection}}');
    await added.getByTestId('prompt-in-menu').check();
    await options.getByTestId('prompts-save').click();
    await expect.poll(() => options.getByRole('status').first().textContent()).toBe('Saved.');
    promptId = (await added.getAttribute('data-prompt-id'))!;
    expect(promptId).toBeTruthy();
    expect(await added.getByTestId('prompt-title').inputValue()).toBe('Haiku');
    // The worker rebuilt the menu with it.
    await expect.poll(() => menuHas(`parley-prompt:${promptId}`)).toBe(true);
    await options.close();
  });

  it('`/` in the composer inserts it with {{selection}} filled from an ask about a selection', async () => {
    const { page, tabId } = await openArticleWithSelection();
    await clickMenu('parley-ask-selection', tabId);
    const panel = await harness.openPage(PAGES.sidepanel);
    const composer = panel.getByTestId('composer-input');
    await expect.poll(() => composer.inputValue()).toBe(`> ${ARTICLE_PARAGRAPH}\n\n`);
    // The ask put the quote in the composer; empty it, then `/`.
    await composer.press('ControlOrMeta+a');
    await composer.press('Backspace');
    await composer.press('/');
    const menu = panel.getByTestId('prompt-menu');
    await menu.waitFor();
    await expect.poll(() => menu.getByTestId('prompt-item').count()).toBe(6);
    await composer.pressSequentially('hai');
    await expect
      .poll(() => menu.getByTestId('prompt-item').allTextContents())
      .toEqual([`Haiku${HAIKU}`]);
    expect(await composer.getAttribute('aria-activedescendant')).toBe(
      await menu.getByTestId('prompt-item').first().getAttribute('id'),
    );
    await composer.press('Enter');
    await expect.poll(() => composer.inputValue()).toBe(haikuOf(ARTICLE_PARAGRAPH));
    expect(await menu.count()).toBe(0);
    expect(provider.requests.filter((r) => r.method === 'POST')).toHaveLength(0);

    await composer.press('Enter');
    const stream = await provider.nextStream();
    expect(JSON.parse(stream.request.body).messages).toEqual([
      { role: 'user', content: haikuOf(ARTICLE_PARAGRAPH) },
    ]);
    stream.write('Light becomes sugar');
    stream.end();
    await expectAssistant(panel, 'done', 'Light becomes sugar');
    await expect(panel.getByTestId('ask-context').textContent()).resolves.toBe('About: An article');
    await panel.close();
    await page.close();
  });

  it('its context-menu item sends it at once about the selection', async () => {
    const { page, tabId } = await openArticleWithSelection();
    const panel = await harness.openPage(PAGES.sidepanel);
    await panel.getByTestId('composer-input').waitFor();
    await clickMenu(`parley-prompt:${promptId}`, tabId);
    const stream = await provider.nextStream();
    expect(JSON.parse(stream.request.body).messages).toEqual([
      { role: 'user', content: haikuOf(ARTICLE_PARAGRAPH) },
    ]);
    stream.end();
    await panel.close();
    await page.close();
  });

  it('Esc closes the menu and leaves the `/`; a prompt without a selection says what is missing', async () => {
    const popup = await harness.openPage(PAGES.popup);
    await popup.setViewportSize({ width: 400, height: 600 });
    await popup.getByTestId('new-chat-button').click();
    const composer = popup.getByTestId('composer-input');
    await composer.click();
    await composer.press('ControlOrMeta+a');
    await composer.press('Backspace');
    await composer.press('/');
    expect(await composer.inputValue()).toBe('/');
    await popup.getByTestId('prompt-menu').waitFor();
    await composer.press('Escape');
    expect(await popup.getByTestId('prompt-menu').count()).toBe(0);
    expect(await composer.inputValue()).toBe('/');
    await composer.press('Backspace');
    await composer.press('/');
    await composer.pressSequentially('haiku');
    await composer.press('Enter');
    // The popup opened as a tab has no page to read: the variable stays, with the reason.
    await expect.poll(() => composer.inputValue()).toBe(HAIKU);
    await expect
      .poll(() =>
        popup.getByTestId('prompt-note').locator('[data-variable]').getAttribute('data-problem'),
      )
      .toBe('no-selection');
    await popup.close();
  });

  it('{{clipboard}}: filled when the browser allows reading it, a clear note when it refuses', async () => {
    const popup = await harness.openPage(PAGES.popup);
    await popup.setViewportSize({ width: 400, height: 600 });
    // A prompt with {{clipboard}}, saved through Options as a person would.
    const options = await harness.openPage(PAGES.options);
    await options.getByTestId('prompt-add').click();
    const added = options.getByTestId('prompt').last();
    await expect.poll(() => focusedTestId(options)).toBe('prompt-title');
    await options.keyboard.type('Reply to');
    const text = added.getByTestId('prompt-text');
    await text.fill('Reply to: {{clipboard}}');
    await options.getByTestId('prompts-save').click();
    await expect.poll(() => options.getByRole('status').first().textContent()).toBe('Saved.');
    await options.close();

    const insert = async () => {
      await popup.getByTestId('new-chat-button').click();
      const composer = popup.getByTestId('composer-input');
      await composer.click();
      await composer.press('ControlOrMeta+a');
      await composer.press('Backspace');
      await composer.press('/');
      await composer.pressSequentially('reply');
      await composer.press('Enter');
      return composer;
    };
    // Headless Chromium answers the permission request with a refusal.
    const refused = await insert();
    await expect.poll(() => refused.inputValue()).toBe('Reply to: {{clipboard}}');
    await expect
      .poll(() =>
        popup
          .getByTestId('prompt-note')
          .locator('[data-variable="clipboard"]')
          .getAttribute('data-problem'),
      )
      .toBe('clipboard-refused');

    // What the user's "Allow" does (Playwright cannot name an extension's origin: granted to all).
    await harness.context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await popup.evaluate(() => navigator.clipboard.writeText('See you at noon.'));
    const allowed = await insert();
    await expect.poll(() => allowed.inputValue()).toBe('Reply to: See you at noon.');
    await popup.close();
  });
});
