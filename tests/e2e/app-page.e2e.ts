// The full-page chat (issue 13): opened from the popup, the side panel, Options and the keyboard
// command, one tab only; `#conversation=`; the history sidebar; live history across views.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchExtension, PAGES, type ExtensionHarness } from './harness';
import { expectAssistant, sendMessage, setSettings } from './chat-helpers';
import {
  startControlledStreamServer,
  type ControlledStreamServer,
} from '../mock-servers/controlled-stream';

let harness: ExtensionHarness;
let server: ControlledStreamServer;
let appUrl: string;

beforeAll(async () => {
  server = await startControlledStreamServer();
  harness = await launchExtension();
  appUrl = `chrome-extension://${harness.extensionId}/${PAGES.app}`;
  const page = await harness.openPage(PAGES.options);
  await setSettings(page, {
    defaultProviderId: 'acytoo',
    providers: { acytoo: { baseUrl: server.url } },
  });
  await page.close();
});
afterAll(async () => {
  await harness?.close();
  await server?.close();
});
afterEach(async () => {
  await harness.closeExtensionPages();
  for (const handle of server.handles) if (!handle.ended) handle.end();
});

const appTabs = () => harness.context.pages().filter((p) => p.url().startsWith(appUrl));

/** Sends `text` in a new chat and lets the reply finish with `reply`; the conversation's id. */
async function chat(page: Page, text: string, reply: string): Promise<string> {
  await page.getByTestId('new-chat-button').click();
  await sendMessage(page, text);
  const stream = await server.nextStream();
  stream.write(reply);
  stream.end();
  await expectAssistant(page, 'done', reply);
  return page.evaluate(async () => {
    const { value } = (await chrome.runtime.sendMessage({
      channel: 'parley/v1',
      type: 'conversations-list',
      params: { limit: 1 },
    })) as { value: Array<{ id: string }> };
    return value[0]!.id;
  });
}

/** The page the next click opens in a new tab. */
async function opensTab(click: () => Promise<void>): Promise<Page> {
  const opened = harness.context.waitForEvent('page', { timeout: 15_000 });
  await click();
  const page = await opened;
  await page.waitForLoadState('domcontentloaded');
  return page;
}

const titles = (page: Page) =>
  page
    .locator('[data-testid="history-panel"] [data-testid="conversation-title"]')
    .allTextContents();

describe('the full page', () => {
  it('opens from the popup on the conversation it shows, and a second open focuses that tab', async () => {
    const popup = await harness.openPage(PAGES.popup);
    const id = await chat(popup, 'Name three rivers', 'Volga, Nile, Amazon.');
    const app = await opensTab(() => popup.getByTestId('open-app-button').click());
    expect(app.url()).toBe(`${appUrl}#conversation=${id}`);
    await expectAssistant(app, 'done', 'Volga, Nile, Amazon.');
    await expect(app.title()).resolves.toBe('Parley — chat');
    // The full page has no button to itself.
    await expect(app.getByTestId('open-app-button').count()).resolves.toBe(0);

    // From the side panel, on another conversation: the same tab comes forward and shows it.
    const panel = await harness.openPage(PAGES.sidepanel);
    const other = await chat(panel, 'Name a lake', 'Baikal.');
    await panel.getByTestId('open-app-button').click();
    await expect.poll(() => app.url()).toBe(`${appUrl}#conversation=${other}`);
    await expectAssistant(app, 'done', 'Baikal.');
    await expect.poll(() => app.evaluate(() => document.visibilityState)).toBe('visible');
    expect(appTabs()).toHaveLength(1);
  });

  it('opens from Options and from the keyboard command, one tab however often', async () => {
    const options = await harness.openPage(PAGES.options);
    const app = await opensTab(() => options.getByTestId('open-app-button').click());
    expect(app.url().split('#')[0]).toBe(appUrl);
    await app.getByTestId('composer-input').waitFor();
    await options.bringToFront();
    // The command's handler, called as the shortcut calls it (docs/protocol.md, test hooks).
    await harness.worker.evaluate(() =>
      (
        globalThis as unknown as {
          parleyTestHooks: { onCommand(command: string): Promise<void> };
        }
      ).parleyTestHooks.onCommand('open-app'),
    );
    await expect.poll(() => app.evaluate(() => document.visibilityState)).toBe('visible');
    expect(appTabs()).toHaveLength(1);
    await app.close();
    const again = await opensTab(() =>
      harness.worker.evaluate(() =>
        (
          globalThis as unknown as {
            parleyTestHooks: { onCommand(command: string): Promise<void> };
          }
        ).parleyTestHooks.onCommand('open-app'),
      ),
    );
    expect(again.url()).toBe(appUrl);
  });

  it('opens the conversation #conversation= names, not the most recent one', async () => {
    const popup = await harness.openPage(PAGES.popup);
    const first = await chat(popup, 'First question', 'First answer.');
    await chat(popup, 'Second question', 'Second answer.');
    const app = await harness.openPage(`${PAGES.app}#conversation=${first}`);
    await expectAssistant(app, 'done', 'First answer.');
    // Moving to another conversation moves the hash with it; a new chat clears it.
    await app.setViewportSize({ width: 1280, height: 800 });
    await app
      .locator('[data-testid="conversation-item"]', { hasText: 'Second question' })
      .locator('.history-open')
      // At the title's start: the row's actions float over its end.
      .click({ position: { x: 24, y: 12 } });
    await expectAssistant(app, 'done', 'Second answer.');
    await expect.poll(() => app.url()).not.toContain(first);
    await app.getByTestId('new-chat-button').click();
    await expect.poll(() => app.url()).toBe(appUrl);
  });

  it('keeps the history in a sidebar on a wide window, collapsible and remembered; a drawer on a narrow one', async () => {
    const popup = await harness.openPage(PAGES.popup);
    await chat(popup, 'Sidebar check', 'Here.');
    const app = await harness.openPage(PAGES.app);
    await app.setViewportSize({ width: 1280, height: 800 });
    const sidebar = app.getByTestId('app-sidebar');
    await sidebar.waitFor();
    await expect.poll(() => titles(app)).toContain('Sidebar check');
    // Side by side: the sidebar at the left, the messages' column beside it, not under it.
    const side = (await sidebar.boundingBox())!;
    const column = (await app.locator('.message-list-content').boundingBox())!;
    expect(side.x).toBe(0);
    expect(column.x).toBeGreaterThanOrEqual(side.x + side.width);
    await expect(app.getByTestId('history-button').getAttribute('aria-expanded')).resolves.toBe(
      'true',
    );

    await app.getByTestId('sidebar-collapse-button').click();
    await expect.poll(() => sidebar.count()).toBe(0);
    await expect(app.getByTestId('history-button').getAttribute('aria-expanded')).resolves.toBe(
      'false',
    );
    await app.reload();
    await app.getByTestId('composer-input').waitFor();
    await expect(app.getByTestId('app-sidebar').count()).resolves.toBe(0);
    await app.getByTestId('history-button').click();
    await sidebar.waitFor();

    // Narrow: no sidebar; the history button opens the drawer over the chat.
    await app.setViewportSize({ width: 700, height: 800 });
    await expect.poll(() => sidebar.count()).toBe(0);
    await app.getByTestId('history-button').click();
    await app.getByTestId('history-panel').waitFor();
    await expect.poll(() => titles(app)).toContain('Sidebar check');
  });
});

describe('live history', () => {
  it('shows a conversation started, renamed or deleted in another view without a reload', async () => {
    const app = await harness.openPage(PAGES.app);
    await app.setViewportSize({ width: 1280, height: 800 });
    await app.getByTestId('app-sidebar').waitFor();
    const popup = await harness.openPage(PAGES.popup);
    await popup.getByTestId('history-button').click();
    await popup.getByTestId('history-panel').waitFor();
    await popup.getByTestId('history-button').click();

    // Started in the side panel: it appears in the full page's sidebar.
    const panel = await harness.openPage(PAGES.sidepanel);
    await chat(panel, 'Live from the side panel', 'Seen everywhere.');
    await expect.poll(() => titles(app)).toContain('Live from the side panel');

    // The popup's drawer, open meanwhile, follows too.
    await popup.getByTestId('history-button').click();
    await expect.poll(() => titles(popup)).toContain('Live from the side panel');

    // Renamed in the full page: the popup's open drawer shows the new title.
    const item = app.locator('[data-testid="conversation-item"]', {
      hasText: 'Live from the side panel',
    });
    await item.getByTestId('conversation-rename-button').click();
    await app.getByTestId('conversation-rename-input').fill('Renamed in the full page');
    await app.getByTestId('conversation-rename-input').press('Enter');
    await expect.poll(() => titles(popup)).toContain('Renamed in the full page');
    expect(await titles(popup)).not.toContain('Live from the side panel');

    // Deleted in the popup: gone from the full page.
    await popup
      .locator('[data-testid="conversation-item"]', { hasText: 'Renamed in the full page' })
      .getByTestId('conversation-delete-button')
      .click();
    await expect.poll(() => titles(app)).not.toContain('Renamed in the full page');
  });
});
