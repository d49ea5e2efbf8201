// The page's context-menu items in Firefox, each clicked as a person does (a real right-click on a
// local page, Parley's item activated with the user's gesture: harness.clickMenuItem): "Summarize
// this page" opens the sidebar and sends the page's text at once as the summary prompt; "Ask about
// a screenshot of this page" opens it with the screenshot attached, and a question sends it to the
// OpenAI-compatible emulator as an image_url data URL. The page is on a site Parley has no host
// access to, so it is read and captured only under the activeTab grant the click gives (without
// the click both fail: harness.ts). The Chromium twins are selection.e2e.ts ("ask about the page")
// and attachments.e2e.ts (a screenshot from the context menu).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { startOpenAiServer } from '../mock-servers/openai';
import { ARTICLE_PARAGRAPH, startPageServer } from '../mock-servers/pages';
import type { ScriptedServer } from '../mock-servers/scripted';
import type { MockServer } from '../mock-servers/server';
import { imageSize } from '../fakes/image-size';
import { launchFirefox, PAGES, writeSettings, type FirefoxHarness } from './harness';

const KEY = 'sk-firefox-menu';
const PROVIDER = 'openai-compatible';
let harness: FirefoxHarness;
let openai: ScriptedServer;
let pages: MockServer;
/**
 * The page server as a site Parley has no access to: `localhost` (the server still listens on
 * 127.0.0.1 only), its install-time host permission taken away as a person can in about:addons →
 * Permissions. 127.0.0.1 keeps its access, for the emulator.
 */
let site: string;

beforeAll(async () => {
  [openai, pages] = await Promise.all([startOpenAiServer({ apiKey: KEY }), startPageServer()]);
  harness = await launchFirefox();
  // The provider's settings are not what this file is about: written, not typed.
  const options = await harness.openPage(PAGES.options);
  await writeSettings(options, {
    onboarded: true,
    defaultProviderId: PROVIDER,
    providers: { [PROVIDER]: { baseUrl: `${openai.url}/v1`, apiKey: KEY, model: 'gpt-4o' } },
  });
  await expect(
    options.evaluate(async () => {
      await chrome.permissions.remove({ origins: ['http://localhost/*'] });
      return chrome.permissions.contains({ origins: ['http://localhost/*'] });
    }),
  ).resolves.toBe(false);
  await options.close();
  site = pages.url.replace('//127.0.0.1:', '//localhost:');
});
afterAll(async () => {
  await harness?.close();
  await openai?.close();
  await pages?.close();
});

const browserWindow = `Services.wm.getMostRecentWindow('navigator:browser')`;
const sidebarOpen = () =>
  harness.evaluateInChrome<boolean>(`${browserWindow}.SidebarController.isOpen`);

// Each test starts with the sidebar closed: the menu item must open it.
beforeEach(async () => {
  await harness.evaluateInChrome(`(${browserWindow}.SidebarController.hide(), true)`);
  await expect.poll(sidebarOpen).toBe(false);
});

const chatRequests = () => openai.requests.filter((r) => r.path === '/v1/chat/completions');
type Part = { type: string; text?: string; image_url?: { url: string } };
/** The content of the last user message the emulator received, as parts. */
const receivedParts = (): Part[] => {
  const { messages } = JSON.parse(chatRequests().at(-1)!.body) as {
    messages: { role: string; content: string | Part[] }[];
  };
  const content = messages.filter((m) => m.role === 'user').at(-1)!.content;
  return typeof content === 'string' ? [{ type: 'text', text: content }] : content;
};

/** A local page in a new tab, loaded. */
async function openArticle(): Promise<Page> {
  const page = await harness.browser.newPage();
  await page.goto(`${site}/article`);
  await page.waitForFunction(() => document.title === 'An article');
  return page;
}

interface SidebarState {
  open: boolean;
  chips: { kind: string | null; status: string | null }[];
  askContext: string | null;
  composer: string | null;
  reply: { status: string | null; text: string | null };
}

/**
 * What the sidebar shows, read from an extension page (the sidebar is no BiDi browsing context:
 * browser.extension.getViews reaches its document; harness.ts).
 */
const sidebarState = (probe: Page) =>
  probe.evaluate((): SidebarState => {
    const sidebar = (
      globalThis as unknown as {
        browser: { extension: { getViews(o: { type: string }): Window[] } };
      }
    ).browser.extension.getViews({ type: 'sidebar' })[0];
    const doc = sidebar?.document;
    if (!doc) {
      return {
        open: false,
        chips: [],
        askContext: null,
        composer: null,
        reply: { status: null, text: null },
      };
    }
    const reply = [...doc.querySelectorAll('[data-testid="message"][data-role="assistant"]')].at(
      -1,
    );
    return {
      open: true,
      chips: [...doc.querySelectorAll('[data-testid="attachment-chip"]')].map((chip) => ({
        kind: chip.getAttribute('data-kind'),
        status: chip.getAttribute('data-status'),
      })),
      askContext: doc.querySelector('[data-testid="ask-context"]')?.textContent ?? null,
      composer:
        doc.querySelector<HTMLTextAreaElement>('[data-testid="composer-input"]')?.value ?? null,
      reply: {
        status: reply?.getAttribute('data-status') ?? null,
        text: reply?.querySelector('[data-testid="message-text"]')?.textContent ?? null,
      },
    };
  });

/** Types `question` into the sidebar's composer (an input event, as typing fires) and sends it. */
const askInSidebar = (probe: Page, question: string) =>
  probe.evaluate((text) => {
    const sidebar = (
      globalThis as unknown as {
        browser: { extension: { getViews(o: { type: string }): (typeof globalThis)[] } };
      }
    ).browser.extension.getViews({ type: 'sidebar' })[0]!;
    const input = sidebar.document.querySelector<HTMLTextAreaElement>(
      '[data-testid="composer-input"]',
    )!;
    input.value = text;
    input.dispatchEvent(new sidebar.Event('input', { bubbles: true }));
    sidebar.document.querySelector<HTMLButtonElement>('[data-testid="send-button"]')!.click();
  }, question);

describe('the page’s context menu in Firefox', () => {
  it('"Summarize this page" opens the sidebar and sends the page’s text at once', async () => {
    const page = await openArticle();
    const before = chatRequests().length;
    await harness.clickMenuItem(page, 'h1', 'parley-page-summary');
    await expect.poll(sidebarOpen).toBe(true);

    // Sent with no click in the sidebar (selection.editBeforeSend is off by default): the summary
    // prompt (promptPageSummary) with the page's title and address, then its article's text.
    await expect.poll(() => chatRequests().length, { timeout: 15_000 }).toBe(before + 1);
    const [prompt, ...more] = receivedParts();
    expect(more).toEqual([]);
    expect(prompt!.type).toBe('text');
    const text = prompt!.text!;
    expect(text.startsWith(`Summarize this web page, "An article" (${site}/article)`)).toBe(true);
    expect(text).toContain(`Plants\n\n${ARTICLE_PARAGRAPH}\n\nSecond line.`);
    // The <article>, not the page's navigation around it.
    expect(text).not.toContain('Menu Home About');

    // The emulator echoes the prompt; the sidebar shows the reply (as Markdown: its paragraphs are
    // elements, so the text they hold has no line breaks between them).
    const probe = await harness.openPage(PAGES.options);
    await expect
      .poll(async () => (await sidebarState(probe)).reply, { timeout: 15_000 })
      .toEqual({ status: 'done', text: `You said: ${text.replace(/\n+/g, '')}` });
    await expect(sidebarState(probe)).resolves.toMatchObject({
      askContext: 'About: An article',
      composer: '',
    });
    await probe.close();
    await page.close();
    expect(harness.consoleErrors()).toEqual([]);
  });

  it('"Ask about a screenshot of this page" opens the sidebar with it attached, and sends it', async () => {
    const page = await openArticle();
    const viewport = await page.evaluate(() => ({
      width: innerWidth,
      height: innerHeight,
      ratio: devicePixelRatio,
    }));
    await harness.clickMenuItem(page, 'h1', 'parley-page-screenshot');
    await expect.poll(sidebarOpen).toBe(true);

    const probe = await harness.openPage(PAGES.options);
    await expect
      .poll(async () => (await sidebarState(probe)).chips, { timeout: 20_000 })
      .toEqual([{ kind: 'image', status: 'ready' }]);
    await expect(sidebarState(probe)).resolves.toMatchObject({
      askContext: 'About: An article',
      composer: '',
    });

    const before = chatRequests().length;
    await askInSidebar(probe, 'Describe it');
    await expect.poll(() => chatRequests().length, { timeout: 15_000 }).toBe(before + 1);
    const parts = receivedParts();
    expect(parts.map((part) => part.type)).toEqual(['image_url', 'text']);
    expect(parts[1]!.text).toBe('Describe it');
    const url = parts[0]!.image_url!.url;
    expect(url).toMatch(/^data:image\/(png|jpeg);base64,/);
    const image = imageSize(Buffer.from(url.slice(url.indexOf(',') + 1), 'base64'));
    // The page's viewport in device pixels: within OpenAI's limits, so not scaled.
    expect(viewport.width).toBeGreaterThan(0);
    expect([image.width, image.height]).toEqual([
      Math.round(viewport.width * viewport.ratio),
      Math.round(viewport.height * viewport.ratio),
    ]);
    await expect
      .poll(async () => (await sidebarState(probe)).reply.status, { timeout: 15_000 })
      .toBe('done');
    expect((await sidebarState(probe)).reply.text).toMatch(
      /^You said: \[image\/(png|jpeg) \d+×\d+\] Describe it$/,
    );
    expect((await sidebarState(probe)).chips).toEqual([]);
    await probe.close();
    await page.close();
    expect(harness.consoleErrors()).toEqual([]);
  });
});
