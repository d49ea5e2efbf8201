// The streaming engine end to end: the background owns every reply, views only watch.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchExtension, PAGES, type ExtensionHarness } from './harness';
import {
  expectAssistant,
  lastAssistant,
  sendMessage,
  setSettings,
  storedAssistantText,
} from './chat-helpers';
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

const badgeText = (page: Page) => page.evaluate(() => chrome.action.getBadgeText({}));

describe('chat in the popup', () => {
  it('streams a reply into the popup as it arrives', async () => {
    const popup = await newChatPopup();
    await sendMessage(popup, 'Hello, мир');
    const stream = await server.nextStream();
    expect(JSON.parse(stream.request.body).messages).toEqual([
      { role: 'user', content: 'Hello, мир' },
    ]);
    stream.write('Прив');
    await expectAssistant(popup, 'streaming', 'Прив');
    await expect.poll(() => badgeText(popup)).toBe('…');
    stream.write('ет!');
    stream.end();
    await expectAssistant(popup, 'done', 'Привет!');
    await expect.poll(() => badgeText(popup)).toBe('');
    await expect(popup.getByTestId('stop-button').count()).resolves.toBe(0);
  });

  it('loses nothing when the popup closes mid-reply: reopened, it shows the text and streams the rest live', async () => {
    const popup = await newChatPopup();
    await sendMessage(popup, 'Tell me a story');
    const stream = await server.nextStream();
    stream.write('Once upon a time, ');
    await expectAssistant(popup, 'streaming', 'Once upon a time, ');
    await popup.close();

    stream.write('while nobody watched, ');
    const reopened = await harness.openPage(PAGES.popup);
    await expectAssistant(reopened, 'streaming', 'Once upon a time, while nobody watched, ');
    stream.write('the end.');
    stream.end();
    await expectAssistant(reopened, 'done', 'Once upon a time, while nobody watched, the end.');
    expect(stream.ended).toBe(true);
  });

  it('finishes a reply with every view closed, marks the badge, and shows it whole on reopening', async () => {
    const popup = await newChatPopup();
    await sendMessage(popup, 'Count');
    const stream = await server.nextStream();
    stream.write('one ');
    await expectAssistant(popup, 'streaming', 'one ');
    await popup.close();
    stream.write('two ');
    stream.write('three');
    stream.end();
    const probe = await harness.openPage(PAGES.options);
    await expect.poll(() => badgeText(probe)).toBe('1');
    const reopened = await harness.openPage(PAGES.popup);
    await expectAssistant(reopened, 'done', 'one two three');
    await expect.poll(() => badgeText(reopened)).toBe('');
  });

  it('stops mid-reply, keeping the partial text as stopped, and the server sees the request end', async () => {
    const popup = await newChatPopup();
    await sendMessage(popup, 'Go on and on');
    const stream = await server.nextStream();
    stream.write('and on ');
    await expectAssistant(popup, 'streaming', 'and on ');
    await popup.getByTestId('stop-button').click();
    await expectAssistant(popup, 'stopped', 'and on ');
    await stream.closed;
    await popup.reload();
    await expectAssistant(popup, 'stopped', 'and on ');
  });

  it('marks a reply interrupted when the worker dies mid-reply, and Retry answers again', async () => {
    const popup = await newChatPopup();
    await sendMessage(popup, 'Survive this');
    const stream = await server.nextStream();
    stream.write('half a rep');
    await expectAssistant(popup, 'streaming', 'half a rep');
    // The design stores partial text within 300 ms; kill the worker once it has been stored.
    await expect.poll(() => storedAssistantText(popup)).toBe('half a rep');

    const cdp = await harness.context.newCDPSession(popup);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await stream.closed;

    await expectAssistant(popup, 'interrupted', 'half a rep');
    await lastAssistant(popup).getByTestId('retry-button').click();
    const retried = await server.nextStream();
    expect(JSON.parse(retried.request.body).messages).toEqual([
      { role: 'user', content: 'Survive this' },
    ]);
    retried.write('a whole reply');
    retried.end();
    await expectAssistant(popup, 'done', 'a whole reply');
    await expect(popup.locator('[data-testid="message"]').count()).resolves.toBe(2);
  });

  it('streams one conversation into the popup and the side panel at once', async () => {
    const popup = await newChatPopup();
    await sendMessage(popup, 'Both of you');
    const stream = await server.nextStream();
    stream.write('A');
    await expectAssistant(popup, 'streaming', 'A');
    const panel = await harness.openPage(PAGES.sidepanel);
    await expectAssistant(panel, 'streaming', 'A');
    for (const chunk of ['B', 'C', 'D']) stream.write(chunk);
    stream.end();
    await expectAssistant(popup, 'done', 'ABCD');
    await expectAssistant(panel, 'done', 'ABCD');
  });
});

describe('who may talk to the worker', () => {
  it('ignores requests and chat ports from a script on a web page', async () => {
    const page = await harness.context.newPage();
    await page.goto(`${server.url}/page`);
    expect(
      await page.evaluate(
        () =>
          typeof (globalThis as { chrome?: { runtime?: { sendMessage?: unknown } } }).chrome
            ?.runtime?.sendMessage,
      ),
    ).toBe('undefined');
    // Even code running in the extension's own isolated world on that page (as a content script
    // would) is refused: the sender is the web page, not an extension page.
    const posts = () => server.requests.filter((r) => r.method === 'POST').length;
    const postsBefore = posts();
    const tabId = await harness.worker.evaluate(
      async (url) => (await chrome.tabs.query({ url: `${url}/*` }))[0]?.id,
      server.url,
    );
    const [result] = await harness.worker.evaluate(
      async (id) =>
        chrome.scripting.executeScript({
          target: { tabId: id! },
          func: async () => {
            const reply = await chrome.runtime
              .sendMessage({ channel: 'parley/v1', type: 'ping', params: {} })
              .catch((error: Error) => `rejected: ${error.message}`);
            const port = chrome.runtime.connect({ name: 'chat/v1' });
            const disconnected = new Promise<boolean>((resolve) => {
              port.onDisconnect.addListener(() => resolve(true));
              setTimeout(() => resolve(false), 2_000);
            });
            try {
              port.postMessage({
                type: 'chat-send',
                streamId: 'evil',
                providerId: 'acytoo',
                text: 'leak',
              });
            } catch {
              // a port that is already closed throws
            }
            return { reply: reply ?? null, disconnected: await disconnected };
          },
        }),
      tabId,
    );
    expect(result?.result).toMatchObject({ disconnected: true });
    expect((result?.result as { reply: unknown }).reply).not.toEqual(
      expect.objectContaining({ ok: true }),
    );
    expect(posts()).toBe(postsBefore);
    await page.close();
  });
});
