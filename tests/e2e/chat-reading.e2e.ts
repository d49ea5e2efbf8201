// Reading and typing in the chat, as a person does it: wheel scrolls during a reply, a long
// conversation opened again, a message that outgrows the box, a draft left in a closed popup, and
// Regenerate keeping every answer. Only the provider's address is written into storage (the tests
// are not about setting it up); everything else is clicks, keys and the wheel.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchExtension, PAGES, type ExtensionHarness } from './harness';
import { expectAssistant, lastAssistant, sendMessage, setSettings } from './chat-helpers';
import {
  startControlledStreamServer,
  type ControlledStreamServer,
} from '../mock-servers/controlled-stream';

let harness: ExtensionHarness;
let server: ControlledStreamServer;

beforeAll(async () => {
  server = await startControlledStreamServer();
  harness = await launchExtension();
  const page = await harness.openPage(PAGES.options);
  await setSettings(page, {
    defaultProviderId: 'acytoo',
    onboarded: true,
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

async function newChatPopup(): Promise<Page> {
  const popup = await harness.openPage(PAGES.popup);
  await popup.getByTestId('new-chat-button').click();
  return popup;
}

const list = (page: Page) => page.locator('.message-list');
const scroll = (page: Page) =>
  list(page).evaluate((el) => ({
    top: Math.round(el.scrollTop),
    gap: Math.round(el.scrollHeight - el.scrollTop - el.clientHeight),
  }));
const lines = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => `Line ${from + i} of a long answer.\n\n`).join('');

describe('following a reply', () => {
  it('keeps the reader where they are after small wheel scrolls up, and follows again at the end', async () => {
    const popup = await newChatPopup();
    await sendMessage(popup, 'Write a lot');
    const stream = await server.nextStream();
    stream.write(lines(1, 40));
    await expect.poll(() => popup.getByText('Line 40 of a long answer.').count()).toBe(1);
    // While the reader stays at the end, the reply is followed.
    await expect.poll(async () => (await scroll(popup)).gap).toBeLessThan(8);
    expect(await popup.getByTestId('jump-to-latest').count()).toBe(0);

    // Small touchpad-like scrolls up, one by one, while the reply keeps coming.
    const box = (await list(popup).boundingBox())!;
    await popup.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    for (let i = 0; i < 6; i++) {
      await popup.mouse.wheel(0, -15);
      stream.write(lines(41 + i * 3, 3));
    }
    await expect.poll(() => popup.getByText('Line 58 of a long answer.').count()).toBe(1);
    await expect.poll(() => popup.getByTestId('jump-to-latest').isVisible()).toBe(true);
    const away = await scroll(popup);
    expect(away.gap).toBeGreaterThan(200);
    // More text arrives: the reader is not moved.
    stream.write(lines(59, 10));
    await expect.poll(() => popup.getByText('Line 68 of a long answer.').count()).toBe(1);
    await popup.waitForTimeout(300);
    expect((await scroll(popup)).top).toBe(away.top);

    // Back down to the end by the wheel: followed again.
    for (let i = 0; i < 20 && (await scroll(popup)).gap > 4; i++) await popup.mouse.wheel(0, 400);
    await expect.poll(() => popup.getByTestId('jump-to-latest').count()).toBe(0);
    stream.write(lines(69, 10));
    await expect.poll(() => popup.getByText('Line 78 of a long answer.').count()).toBe(1);
    await expect.poll(async () => (await scroll(popup)).gap).toBeLessThan(8);

    // Away again, then the button brings the reader back and the reply is followed.
    await popup.mouse.wheel(0, -300);
    await popup.getByTestId('jump-to-latest').click();
    stream.write(lines(79, 10));
    stream.end();
    await expectAssistant(popup, 'done', /Line 88 of a long answer\.$/);
    await expect.poll(async () => (await scroll(popup)).gap).toBeLessThan(8);
    expect(await popup.getByTestId('jump-to-latest').count()).toBe(0);
  });

  it('opens a 70-message conversation at its end, and shows no scrollbar in an empty chat', async () => {
    const popup = await harness.openPage(PAGES.popup);
    // A long history is the state this test starts from, not what it is about.
    await popup.evaluate(async () => {
      const open = indexedDB.open('parley');
      await new Promise((done) => (open.onsuccess = done));
      const db = open.result;
      const tx = db.transaction(['conversations', 'messages'], 'readwrite');
      const at = Date.now();
      tx.objectStore('conversations').put({
        id: 'c-long',
        title: 'A long talk',
        createdAt: at,
        updatedAt: at + 70,
        providerId: 'acytoo',
      });
      for (let i = 0; i < 70; i++)
        tx.objectStore('messages').put({
          id: `m-${String(i).padStart(3, '0')}`,
          conversationId: 'c-long',
          role: i % 2 ? 'assistant' : 'user',
          text: i % 2 ? `Answer number ${i}.\n\nWith a second paragraph.` : `Question number ${i}?`,
          status: 'done',
          providerId: 'acytoo',
          createdAt: at + i,
          updatedAt: at + i,
        });
      await new Promise((done) => (tx.oncomplete = done));
      db.close();
    });
    await popup.reload();
    await expect.poll(() => popup.getByTestId('message').count()).toBe(70);
    await expect.poll(async () => (await scroll(popup)).gap).toBeLessThan(8);
    expect((await scroll(popup)).top).toBeGreaterThan(2_000);
    await expect(popup.getByText('Answer number 69.').isVisible()).resolves.toBe(true);

    await popup.getByTestId('new-chat-button').click();
    await expect.poll(() => popup.getByTestId('message').count()).toBe(0);
    const overflow = await list(popup).evaluate((el) => el.scrollHeight - el.clientHeight);
    expect(overflow).toBe(0);
  });
});

describe('the composer', () => {
  it('grows with its text up to about half the view, then scrolls', async () => {
    const popup = await newChatPopup();
    const input = popup.getByTestId('composer-input');
    const height = () => input.evaluate((el) => el.getBoundingClientRect().height);
    const empty = await height();
    await input.click();
    await input.pressSequentially('First line');
    for (let i = 2; i <= 5; i++) {
      await input.press('Shift+Enter');
      await input.pressSequentially(`Line ${i}`);
    }
    const five = await height();
    expect(five).toBeGreaterThan(empty + 40);
    for (let i = 6; i <= 30; i++) {
      await input.press('Shift+Enter');
      await input.pressSequentially(`Line ${i}`);
    }
    const capped = await height();
    const viewHeight = await popup.evaluate(() => innerHeight);
    expect(capped).toBeGreaterThan(viewHeight * 0.4);
    expect(capped).toBeLessThanOrEqual(viewHeight * 0.5 + 1);
    expect(await input.evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true);
    // Sending empties it, and it shrinks back.
    await input.press('Enter');
    await expect.poll(height).toBe(empty);
    (await server.nextStream()).end();
  });

  it("keeps each conversation's draft through closing the popup, and clears it once sent", async () => {
    const popup = await newChatPopup();
    await sendMessage(popup, 'A conversation to come back to');
    const stream = await server.nextStream();
    stream.write('Sure.');
    stream.end();
    await expectAssistant(popup, 'done', 'Sure.');
    await popup.getByTestId('composer-input').pressSequentially('Half a thought about');
    await popup.close();

    // Reopened (on the last conversation): the half-typed message is there.
    const reopened = await harness.openPage(PAGES.popup);
    const input = reopened.getByTestId('composer-input');
    await expect.poll(() => input.inputValue()).toBe('Half a thought about');

    // A new chat has its own draft, and the popup opens on it while it holds one.
    await reopened.getByTestId('new-chat-button').click();
    await expect.poll(() => input.inputValue()).toBe('');
    await input.pressSequentially('Something new');
    await reopened.close();
    const third = await harness.openPage(PAGES.popup);
    const again = third.getByTestId('composer-input');
    await expect.poll(() => again.inputValue()).toBe('Something new');
    await expect(third.getByTestId('message').count()).resolves.toBe(0);

    // The first conversation, from the history, still has its own.
    await third.getByTestId('history-button').click();
    await third
      .getByTestId('conversation-title')
      .filter({ hasText: 'A conversation to come back to' })
      .click({ timeout: 10_000 });
    await expect.poll(() => again.inputValue()).toBe('Half a thought about');

    // Sent, the draft is gone: the popup opens on that conversation, with nothing typed.
    await again.pressSequentially(' drafts');
    await again.press('Enter');
    const reply = await server.nextStream();
    reply.write('Noted.');
    reply.end();
    await expectAssistant(third, 'done', 'Noted.');
    await third.close();
    const fourth = await harness.openPage(PAGES.popup);
    await expectAssistant(fourth, 'done', 'Noted.');
    expect(await fourth.getByTestId('composer-input').inputValue()).toBe('');
  });
});

describe('reply versions', () => {
  it('keeps every answer through Regenerate, goes on from the version shown, and keeps them on reopening', async () => {
    const popup = await newChatPopup();
    await sendMessage(popup, 'Name a colour');
    const first = await server.nextStream();
    first.write('Red');
    first.end();
    await expectAssistant(popup, 'done', 'Red');
    expect(await popup.getByTestId('reply-versions').count()).toBe(0);

    await lastAssistant(popup).hover();
    await lastAssistant(popup).getByTestId('regenerate-button').click();
    const second = await server.nextStream();
    expect(JSON.parse(second.request.body).messages).toEqual([
      { role: 'user', content: 'Name a colour' },
    ]);
    second.write('Blue');
    second.end();
    await expectAssistant(popup, 'done', 'Blue');
    const versions = lastAssistant(popup).getByTestId('reply-versions');
    await expect.poll(() => versions.textContent()).toBe('2/2');

    await versions.getByTestId('reply-version-prev').click();
    await expectAssistant(popup, 'done', 'Red');
    await expect.poll(() => versions.textContent()).toBe('1/2');
    expect(await versions.getByTestId('reply-version-prev').isDisabled()).toBe(true);

    // The conversation continues from "Red", the version shown.
    await sendMessage(popup, 'A darker one?');
    const third = await server.nextStream();
    expect(JSON.parse(third.request.body).messages).toEqual([
      { role: 'user', content: 'Name a colour' },
      { role: 'assistant', content: 'Red' },
      { role: 'user', content: 'A darker one?' },
    ]);
    third.write('Crimson');
    third.end();
    await expectAssistant(popup, 'done', 'Crimson');

    await popup.reload();
    await expectAssistant(popup, 'done', 'Crimson');
    const kept = popup.getByTestId('reply-versions');
    await expect.poll(() => kept.textContent()).toBe('1/2');
    await kept.getByTestId('reply-version-next').click();
    await expect
      .poll(() => popup.getByTestId('message').nth(1).getByTestId('message-text').textContent())
      .toBe('Blue');
  });
});

describe('the toolbar', () => {
  it('opens the settings from the chat', async () => {
    const popup = await harness.openPage(PAGES.popup);
    const opened = harness.context.waitForEvent('page');
    await popup.getByTestId('settings-button').click();
    const options = await opened;
    await expect.poll(() => options.url()).toContain(PAGES.options);
    await options.close();
  });

  it('opens the side panel from the popup, which then closes; the side panel has no button of its own and no second header', async () => {
    const popup = await harness.openPage(PAGES.popup);
    const closed = new Promise<void>((done) => popup.on('close', () => done()));
    await popup.getByTestId('open-side-panel-button').click();
    await closed;
    // The real side panel is a page target of the browser (not a tab Playwright lists).
    const probe = await harness.openPage(PAGES.options);
    const cdp = await harness.context.newCDPSession(probe);
    const panels = async () =>
      (await cdp.send('Target.getTargets')).targetInfos.filter((target) =>
        target.url.endsWith(PAGES.sidepanel),
      ).length;
    await expect.poll(panels).toBe(1);

    const panel = await harness.openPage(PAGES.sidepanel);
    await expect.poll(() => panel.getByTestId('settings-button').count()).toBe(1);
    expect(await panel.getByTestId('open-side-panel-button').count()).toBe(0);
    expect(await panel.locator('.app-header').count()).toBe(0);
  });
});
