// Attachments in the composer (issue 14), end to end in Chromium with the OpenAI preset (its
// emulator answers): an image pasted with a real paste event, a file dropped with real drag
// events, a PDF made by the test (tests/fakes/minimal-pdf.ts) picked through the file input, a
// screenshot of a local page from the composer's button and from the context menu. The view's half
// is checked on the wire (port-recorder.ts): the `chat-send` a click produces carries the image
// scaled to OpenAI's documented size (within 2048 px, short side 768; its bytes decoded here) and
// the PDF's text. What each provider's body makes of those attachments is the background half of
// issue 14, with its own tests against the emulators. A screenshot needs activeTab (a toolbar or context-menu click,
// which automation cannot make) or <all_urls>: this file's browser has the extension with
// <all_urls> granted at install instead (harness.ts, grantHosts); nothing else is substituted.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchExtension, PAGES, screenshotPath, type ExtensionHarness } from './harness';
import { setSettings } from './chat-helpers';
import { startOpenAiServer } from '../mock-servers/openai';
import { startPageServer } from '../mock-servers/pages';
import type { MockServer } from '../mock-servers/server';
import { makePdf } from '../fakes/minimal-pdf';
import { imageSize } from '../fakes/image-size';
import { postedSends, recordPorts, type PostedSend } from './port-recorder';
import type { AttachmentInput } from '../../src/shared/records';
import { TINY_PNG_BASE64, tinyPngFile } from '../fakes/images';

let harness: ExtensionHarness;
let openai: MockServer;
let pages: MockServer;

beforeAll(async () => {
  openai = await startOpenAiServer({ apiKey: 'sk-test' });
  pages = await startPageServer();
  harness = await launchExtension({ grantHosts: ['<all_urls>'] });
  await recordPorts(harness.context);
  const options = await harness.openPage(PAGES.options);
  await setSettings(options, {
    onboarded: true,
    defaultProviderId: 'openai',
    providers: { openai: { baseUrl: `${openai.url}/v1`, apiKey: 'sk-test', model: 'gpt-4o' } },
  });
  await options.close();
});
afterAll(async () => {
  await harness?.close();
  await openai?.close();
  await pages?.close();
});
afterEach(async () => {
  for (const page of harness.context.pages()) if (page.url() !== 'about:blank') await page.close();
});

const chip = (page: Page, kind: string, status = 'ready') =>
  page.locator(`[data-testid="attachment-chip"][data-kind="${kind}"][data-status="${status}"]`);

type SentImage = Extract<AttachmentInput, { kind: 'image' }>;
type SentDocument = Extract<AttachmentInput, { kind: 'document' }>;

/** Waits for the last reply to be done. */
const replyDone = (page: Page) =>
  expect
    .poll(() =>
      page
        .locator('[data-testid="message"][data-role="assistant"]')
        .last()
        .getAttribute('data-status'),
    )
    .toBe('done');

/** Types `text`, clicks Send, waits for the reply, and answers the `chat-send` the click posted. */
async function sendAndWait(page: Page, text: string): Promise<PostedSend> {
  const before = (await postedSends(page)).length;
  await page.getByTestId('composer-input').fill(text);
  await page.getByTestId('send-button').click();
  await replyDone(page);
  const sends = await postedSends(page);
  expect(sends).toHaveLength(before + 1);
  expect(sends.at(-1)!.text).toBe(text);
  return sends.at(-1)!;
}

/**
 * The size of the image in the last request the OpenAI emulator received (an `image_url` part
 * with a data URL: https://platform.openai.com/docs/guides/images-vision).
 */
function receivedImage(): ReturnType<typeof imageSize> {
  const chats = openai.requests.filter((r) => r.path === '/v1/chat/completions');
  const body = JSON.parse(chats.at(-1)?.body ?? '{}') as {
    messages?: { content: string | { type: string; image_url?: { url: string } }[] }[];
  };
  const content = body.messages?.at(-1)?.content;
  const url = Array.isArray(content)
    ? content.find((part) => part.type === 'image_url')?.image_url?.url
    : undefined;
  expect(url).toMatch(/^data:image\/(png|jpeg|webp);base64,/);
  return imageSize(Buffer.from(url!.slice(url!.indexOf(',') + 1), 'base64'));
}

/** An image as sent: its declared size and type, and the size its bytes really have. */
function sentImage(send: PostedSend): SentImage & { real: ReturnType<typeof imageSize> } {
  const image = send.attachments?.find((a): a is SentImage => a.kind === 'image');
  expect(image).toBeDefined();
  return { ...image!, real: imageSize(Buffer.from(image!.data, 'base64')) };
}

const sentDocuments = (send: PostedSend): SentDocument[] =>
  (send.attachments ?? []).filter((a): a is SentDocument => a.kind === 'document');

async function newChat(): Promise<Page> {
  const popup = await harness.openPage(PAGES.popup);
  await popup.getByTestId('new-chat-button').click();
  return popup;
}

describe('images', () => {
  it('a pasted 3000×2000 image is sent scaled to the provider’s documented size', async () => {
    const popup = await newChat();
    await popup.getByTestId('composer-input').fill('What is in this picture?');
    // A real paste event with a DataTransfer holding a PNG the page draws.
    await popup.evaluate(async () => {
      const canvas = document.createElement('canvas');
      canvas.width = 3000;
      canvas.height = 2000;
      const context = canvas.getContext('2d')!;
      const gradient = context.createLinearGradient(0, 0, 3000, 2000);
      gradient.addColorStop(0, '#2255cc');
      gradient.addColorStop(1, '#ffcc33');
      context.fillStyle = gradient;
      context.fillRect(0, 0, 3000, 2000);
      context.fillStyle = '#000';
      context.font = '200px sans-serif';
      context.fillText('Parley', 400, 1000);
      const blob = await new Promise<Blob>((done) => canvas.toBlob((b) => done(b!), 'image/png'));
      const data = new DataTransfer();
      data.items.add(new File([blob], 'image.png', { type: 'image/png' }));
      const input = document.querySelector('[data-testid="composer-input"]')!;
      input.dispatchEvent(
        new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
      );
    });
    await chip(popup, 'image').waitFor({ timeout: 20_000 });
    // The text typed before the paste is still there (the paste attached, it did not type).
    await expect(popup.getByTestId('composer-input').inputValue()).resolves.toBe(
      'What is in this picture?',
    );
    // OpenAI high detail: 1152×768 is 3×2 tiles of 512 px: 85 + 170 × 6 tokens.
    await expect(chip(popup, 'image').textContent()).resolves.toContain('1,105');
    const image = sentImage(await sendAndWait(popup, 'What is in this picture?'));
    expect([image.width, image.height]).toEqual([1152, 768]);
    expect([image.real.width, image.real.height]).toEqual([1152, 768]);
    expect(image.mimeType).toBe(`image/${image.real.type}`);
    // Sent: the chips are gone with the text.
    await expect.poll(() => popup.getByTestId('attachment-chip').count()).toBe(0);
  });

  it('a picked image is still there when the popup closes and opens again, and then sent', async () => {
    const popup = await newChat();
    await popup.getByTestId('composer-input').fill('Is this the same picture?');
    await popup.getByTestId('attach-input').setInputFiles(tinyPngFile());
    await chip(popup, 'image').waitFor({ timeout: 20_000 });
    // A click outside closes the popup: nothing is saved on the way out.
    await popup.close();

    const reopened = await harness.openPage(PAGES.popup);
    await chip(reopened, 'image').waitFor({ timeout: 10_000 });
    await expect(chip(reopened, 'image').getAttribute('title')).resolves.toBe('pixels.png');
    // Its thumbnail shows the image again.
    await expect
      .poll(() =>
        chip(reopened, 'image')
          .locator('img')
          .evaluate((img) => (img as HTMLImageElement).naturalWidth),
      )
      .toBe(2);
    await expect(reopened.getByTestId('composer-input').inputValue()).resolves.toBe(
      'Is this the same picture?',
    );
    const image = sentImage(await sendAndWait(reopened, 'Is this the same picture?'));
    expect(image.data).toBe(TINY_PNG_BASE64);
    // Sent, so gone: a new chat in a popup opened again has no attachment.
    await reopened.close();
    const after = await newChat();
    await after.getByTestId('composer-input').waitFor();
    await expect(after.getByTestId('attachment-chip').count()).resolves.toBe(0);
  });

  it('a screenshot of a local page from the composer’s button', async () => {
    const article = await harness.context.newPage();
    await article.setViewportSize({ width: 1280, height: 800 });
    await article.goto(`${pages.url}/article`);
    // The view in a window of its own, as the popup floats over the browser window: the tab
    // captured is the browser window's active one, the article.
    const opened = harness.context.waitForEvent('page');
    await harness.worker.evaluate(
      (url) => chrome.windows.create({ url, type: 'popup', width: 400, height: 600 }),
      `chrome-extension://${harness.extensionId}/${PAGES.popup}`,
    );
    const popup = await opened;
    await popup.getByTestId('new-chat-button').click();
    await popup.getByTestId('screenshot-button').click();
    await chip(popup, 'image').waitFor({ timeout: 20_000 });
    await expect(chip(popup, 'image').getAttribute('title')).resolves.toBe(
      'Screenshot – An article',
    );
    // What the service received, not what the page posted: Playwright's init script (the port
    // recorder) can reach a window the extension opens too late on a busy machine, and then the
    // page records nothing.
    await popup.getByTestId('composer-input').fill('What does this page say?');
    await popup.getByTestId('send-button').click();
    await replyDone(popup);
    const image = receivedImage();
    // 1280×800 (the device pixel ratio is 1 here), scaled to a short side of 768.
    expect([image.width, image.height]).toEqual([1228, 768]);
  });

  it('a screenshot from the context menu opens the side panel with it attached', async () => {
    const article = await harness.context.newPage();
    await article.goto(`${pages.url}/article`);
    const tabId = await harness.worker.evaluate(
      async (url) => (await chrome.tabs.query({ url }))[0]!.id!,
      `${pages.url}/article`,
    );
    // What Chrome does on the menu click (only the click is substituted; see selection.e2e.ts).
    await harness.worker.evaluate(async (id) => {
      const tab = await chrome.tabs.get(id);
      const hooks = (
        globalThis as unknown as {
          parleyTestHooks: { onMenuClicked(info: unknown, tab: unknown): Promise<void> };
        }
      ).parleyTestHooks;
      await hooks.onMenuClicked({ menuItemId: 'parley-page-screenshot', pageUrl: tab.url }, tab);
    }, tabId);
    const panel = await harness.openPage(PAGES.sidepanel);
    await chip(panel, 'image').waitFor({ timeout: 20_000 });
    await expect(panel.getByTestId('ask-context').textContent()).resolves.toBe('About: An article');
    await expect
      .poll(() => panel.evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .toBe('composer-input');
    const image = sentImage(await sendAndWait(panel, 'Describe it'));
    // The side panel's tab, 400×600 here: within OpenAI's limits, so not scaled.
    expect([image.real.width, image.real.height]).toEqual([image.width, image.height]);
    expect(image.real.width).toBeGreaterThan(0);
  });
});

describe('files', () => {
  it('a PDF made by the test, picked through the file input: its text is sent with its name', async () => {
    const popup = await newChat();
    const pdf = makePdf([
      { lines: ['Quarterly report (draft)', 'Revenue grew by 12% in Q3.'] },
      { lines: ['Appendix: costs fell.'] },
    ]);
    await popup.getByTestId('attach-input').setInputFiles({
      name: 'report.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from(pdf),
    });
    await chip(popup, 'document').waitFor({ timeout: 20_000 });
    await expect(chip(popup, 'document').textContent()).resolves.toContain('report.pdf');
    await expect(chip(popup, 'document').textContent()).resolves.toContain('2 pp.');
    const send = await sendAndWait(popup, 'Summarize the report');
    expect(sentDocuments(send)).toEqual([
      {
        kind: 'document',
        name: 'report.pdf',
        text: 'Quarterly report (draft)\nRevenue grew by 12% in Q3.\n\nAppendix: costs fell.',
      },
    ]);
  });

  it('a dropped text file, with the drop highlight while it is dragged over', async () => {
    const popup = await newChat();
    const drag = (type: string) =>
      popup.evaluate((eventType) => {
        const data = new DataTransfer();
        data.items.add(
          new File(['# Notes\n\n- buy milk\n'], 'notes.md', { type: 'text/markdown' }),
        );
        const target = document.querySelector('.chat') ?? document.body;
        target.dispatchEvent(
          new DragEvent(eventType, { dataTransfer: data, bubbles: true, cancelable: true }),
        );
      }, type);
    await drag('dragenter');
    await drag('dragover');
    await expect.poll(() => popup.locator('form.composer-drop').count()).toBe(1);
    await drag('drop');
    await expect.poll(() => popup.locator('form.composer-drop').count()).toBe(0);
    await chip(popup, 'document').waitFor();
    const send = await sendAndWait(popup, 'What do I need?');
    expect(sentDocuments(send)).toEqual([
      { kind: 'document', name: 'notes.md', text: '# Notes\n\n- buy milk\n' },
    ]);
  });

  it('refuses a scanned PDF and an unsupported file with a clear message, losing nothing', async () => {
    const popup = await newChat();
    await popup.getByTestId('composer-input').fill('Draft that must stay');
    await popup.getByTestId('attach-input').setInputFiles({
      name: 'notes.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('kept'),
    });
    await chip(popup, 'document').waitFor();
    await popup.getByTestId('attach-input').setInputFiles({
      name: 'scan.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from(makePdf([{}, {}])),
    });
    await expect
      .poll(() => popup.getByTestId('attach-notice').getAttribute('data-code'), { timeout: 20_000 })
      .toBe('pdf-no-text');
    await expect(popup.getByTestId('attach-notice').textContent()).resolves.toContain(
      'scan.pdf has no text to read',
    );
    await popup.getByTestId('attach-input').setInputFiles({
      name: 'song.mp3',
      mimeType: 'audio/mpeg',
      buffer: Buffer.from([0xff, 0xfb, 0x90, 0x00]),
    });
    await expect
      .poll(() => popup.getByTestId('attach-notice').getAttribute('data-code'))
      .toBe('unsupported');
    await expect(popup.getByTestId('composer-input').inputValue()).resolves.toBe(
      'Draft that must stay',
    );
    await expect(popup.getByTestId('attachment-chip').count()).resolves.toBe(1);
    // A chip goes with the keyboard: focus it, Delete.
    await chip(popup, 'document').focus();
    await popup.keyboard.press('Delete');
    await expect.poll(() => popup.getByTestId('attachment-chip').count()).toBe(0);
    await expect
      .poll(() => popup.evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .toBe('composer-input');
    const picture = screenshotPath('composer-attach-notice.png');
    await popup.screenshot(picture ? { path: picture } : {});
  });
});

describe('without activeTab', () => {
  it('the side panel’s screenshot button says where a screenshot can be taken', async () => {
    // The extension as installed (no <all_urls>), and no click that grants activeTab.
    const plain = await launchExtension();
    try {
      const panel = await plain.openPage(PAGES.sidepanel);
      await panel.getByTestId('composer-input').fill('Keep me');
      await panel.getByTestId('screenshot-button').click();
      await expect
        .poll(() => panel.getByTestId('attach-notice').getAttribute('data-code'))
        .toBe('screenshot-denied');
      await expect(panel.getByTestId('attach-notice').textContent()).resolves.toContain(
        'Ask about a screenshot of this page',
      );
      await expect(panel.getByTestId('composer-input').inputValue()).resolves.toBe('Keep me');
      await expect(panel.getByTestId('attachment-chip').count()).resolves.toBe(0);
    } finally {
      await plain.close();
    }
  });
});
