// Open tabs as context (issue 14) in the Firefox build, the way a person uses it: two local pages
// open in tabs (an article, and a single-page app whose article exists only in its live DOM), `@`
// in the side panel's composer (its page opened in a tab), pick, send; the OpenAI-compatible
// emulator receives each page's text as a <tab> block with its title and address. What Firefox
// does its own way: tabs.query shows titles only for tabs Parley has host access to or with the
// optional `tabs` permission; permissions.request needs the click and opens a doorhanger; the
// readability library and the reader function go in by scripting.executeScript from
// moz-extension://. The Chromium twin is tests/e2e/tabs.e2e.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { startOpenAiServer } from '../mock-servers/openai';
import type { ScriptedServer } from '../mock-servers/scripted';
import type { MockServer } from '../mock-servers/server';
import { startTabPages, TAB_PAGES } from '../e2e/tab-pages';
import { launchFirefox, PAGES, writeSettings, type FirefoxHarness } from './harness';

const KEY = 'sk-firefox-tabs';
const PROVIDER = 'openai-compatible';
let harness: FirefoxHarness;
let openai: ScriptedServer;
let pages: MockServer;

const address = (name: keyof typeof TAB_PAGES) => `${pages.url}${TAB_PAGES[name].path}`;

beforeAll(async () => {
  [openai, pages] = await Promise.all([startOpenAiServer({ apiKey: KEY }), startTabPages()]);
  harness = await launchFirefox();
  for (const name of ['article', 'app'] as const) {
    const tab = await harness.browser.newPage();
    await tab.goto(address(name));
    await tab.waitForFunction((title) => document.title === title, {}, TAB_PAGES[name].title);
  }
  // The provider's settings are not what this file is about: written, not typed.
  const options = await harness.openPage(PAGES.options);
  await writeSettings(options, {
    onboarded: true,
    defaultProviderId: PROVIDER,
    providers: { [PROVIDER]: { baseUrl: `${openai.url}/v1`, apiKey: KEY, model: 'gpt-4o' } },
  });
  await options.close();
});
afterAll(async () => {
  await harness?.close();
  await openai?.close();
  await pages?.close();
});

const INPUT = '[data-testid="composer-input"]';
const PICKER = '[data-testid="tab-picker"]';
const CHIPS = '[data-testid="attachment-chip"][data-kind="tab"]';
const ASSISTANT = '[data-testid="message"][data-role="assistant"]';

const count = (page: Page, selector: string) => page.$$eval(selector, (found) => found.length);
const inputValue = (page: Page) =>
  page.$eval(INPUT, (input) => (input as HTMLTextAreaElement).value);
/** The titles the picker offers, in its order. */
const offered = (page: Page) =>
  page.$$eval('[data-testid="tab-option"] .tab-option-title', (titles) =>
    titles.map((title) => title.textContent),
  );
/** The host under each offered title (its first text: a tab without access adds a note). */
const offeredHosts = (page: Page) =>
  page.$$eval('[data-testid="tab-option"] .tab-option-host', (hosts) =>
    hosts.map((host) => host.firstChild?.textContent),
  );
/** The picker's option for the tab with this title. */
const optionFor = async (page: Page, title: string) => {
  const options = await page.$$('[data-testid="tab-option"]');
  for (const option of options) {
    if ((await option.$eval('.tab-option-title', (t) => t.textContent)) === title) return option;
  }
  throw new Error(`The picker offers no tab titled ${title}.`);
};
/** The chips' statuses, in order. */
const chipStatuses = (page: Page) =>
  page.$$eval(CHIPS, (chips) => chips.map((chip) => chip.getAttribute('data-status')));
/** The picker has taken the focus (its search box): keys go to it now. */
const searchFocused = (page: Page) =>
  expect
    .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')))
    .toBe('tab-picker-search');

/** The side panel's page in a tab, the OpenAI-compatible emulator chosen, in a new chat. */
async function openSidePanel(): Promise<Page> {
  const panel = await harness.openPage(PAGES.sidepanel, { width: 360, height: 640 });
  const select = '[data-testid="provider-select"]';
  await panel.waitForSelector(`${select} option[value="${PROVIDER}"]`);
  await panel.click('[data-testid="new-chat-button"]');
  await expect
    .poll(() => panel.$eval(select, (s) => (s as HTMLSelectElement).value))
    .toBe(PROVIDER);
  return panel;
}

/** The newest reply's status and text. */
const lastReply = (page: Page) =>
  page.$$eval(ASSISTANT, (replies) => {
    const reply = replies.at(-1);
    return {
      status: reply?.getAttribute('data-status') ?? null,
      text: reply?.querySelector('[data-testid="message-text"]')?.textContent ?? null,
    };
  });

/** Sends what the composer holds with the send button; the reply's text once it is done. */
async function send(panel: Page): Promise<string | null> {
  const before = chatRequests().length;
  await panel.click('[data-testid="send-button"]');
  await expect.poll(() => chatRequests().length).toBe(before + 1);
  await expect.poll(async () => (await lastReply(panel)).status, { timeout: 15_000 }).toBe('done');
  return (await lastReply(panel)).text;
}

const chatRequests = () => openai.requests.filter((r) => r.path === '/v1/chat/completions');
/** The text parts of the last user message the emulator received. */
const receivedTexts = () => {
  const { messages } = JSON.parse(chatRequests().at(-1)!.body) as {
    messages: { role: string; content: string | { type: string; text?: string }[] }[];
  };
  const content = messages.filter((m) => m.role === 'user').at(-1)!.content;
  if (typeof content === 'string') return [content];
  expect(content.map((part) => part.type)).toEqual(content.map(() => 'text'));
  return content.map((part) => part.text!);
};
/** A tab's block as src/shared/content-parts.ts documentBlock writes it: head, text, tail. */
const tabHead = (name: keyof typeof TAB_PAGES) =>
  `<tab title="${TAB_PAGES[name].title}" url="${address(name)}">\n`;

describe('open tabs as context in Firefox', () => {
  it('lists the open pages by title, reads the picked ones in their tabs and sends them with titles and addresses', async () => {
    const panel = await openSidePanel();
    await panel.type(INPUT, 'Compare @');
    await panel.waitForSelector(PICKER);
    await searchFocused(panel);
    // Both pages by title (host access to 127.0.0.1 from the manifest shows them without the
    // `tabs` permission); the extension's own page, open in this window too, is not offered.
    await expect.poll(() => offered(panel)).toEqual([TAB_PAGES.article.title, TAB_PAGES.app.title]);

    // Search narrows the list; Enter adds the highlighted tab and the `@` goes.
    await panel.keyboard.type('tide');
    await expect.poll(() => offered(panel)).toEqual([TAB_PAGES.article.title]);
    await panel.keyboard.press('Enter');
    await expect.poll(() => count(panel, PICKER)).toBe(0);
    await expect(inputValue(panel)).resolves.toBe('Compare ');
    await expect.poll(() => chipStatuses(panel)).toEqual(['ready']);

    // The button opens it too; a click adds the single-page app (the article is not offered again).
    await panel.click('[data-testid="tab-picker-button"]');
    await panel.waitForSelector(PICKER);
    await expect.poll(() => offered(panel)).toEqual([TAB_PAGES.app.title]);
    await (await optionFor(panel, TAB_PAGES.app.title)).click();
    await expect.poll(() => count(panel, PICKER)).toBe(0);
    await expect.poll(() => chipStatuses(panel)).toEqual(['ready', 'ready']);
    expect(await count(panel, '[data-testid="tab-notice"]')).toBe(0);

    await panel.type(INPUT, 'the tides with the quince.');
    const typed = 'Compare the tides with the quince.';
    await expect(inputValue(panel)).resolves.toBe(typed);
    const reply = await send(panel);

    // Each page as a text part of its own — its title, its address, its readable text — then the
    // typed text (OpenAI's text content parts).
    const [article, app, last, ...more] = receivedTexts();
    expect(more).toEqual([]);
    expect(article).toMatch(/^<tab title="[^"]*" url="[^"]*">\n[\s\S]+\n<\/tab>$/);
    expect(article!.slice(0, tabHead('article').length)).toBe(tabHead('article'));
    expect(article).toContain('## When to sail');
    expect(article).toMatch(/spring tide the water climbs 4\.2 metres/);
    expect(article).toContain('Bring a coat');
    expect(article).not.toContain('Sign in to the harbour portal');
    expect(article).not.toContain('Cookie settings');
    // The single-page app's article exists only in its live DOM: it was read from there.
    expect(app!.slice(0, tabHead('app').length)).toBe(tabHead('app'));
    expect(app).toContain('Graft the quince in early spring');
    expect(app).toMatch(/\n<\/tab>$/);
    expect(last).toBe(typed);
    // The emulator echoes what it received; the reply shows it, and the chips left with the send.
    expect(reply).toContain('You said: ');
    expect(reply).toContain(typed);
    await expect.poll(() => count(panel, CHIPS)).toBe(0);
    await panel.close();
    expect(harness.consoleErrors()).toEqual([]);
  });

  it('where Parley has no access yet, asks for the tabs and for the site in the clicks, with Firefox’s prompt', async () => {
    // The state of any site the manifest does not name (and of 127.0.0.1 once the person takes
    // its access away in about:addons → Permissions, which Firefox allows for an MV3 add-on): no
    // host access, no `tabs` permission, so tabs.query gives neither titles nor addresses.
    const panel = await openSidePanel();
    await expect(
      panel.evaluate(async () => {
        await chrome.permissions.remove({ origins: ['http://127.0.0.1/*'] });
        return chrome.permissions.getAll();
      }),
    ).resolves.toMatchObject({
      origins: expect.not.arrayContaining(['http://127.0.0.1/*']) as unknown,
      permissions: expect.not.arrayContaining(['tabs']) as unknown,
    });

    await panel.type(INPUT, '@');
    await panel.waitForSelector('[data-testid="tab-picker-show-all"]');
    await expect.poll(() => offered(panel)).toEqual([]);
    // The click asks for the `tabs` permission; Firefox's doorhanger says so and is accepted.
    await panel.click('[data-testid="tab-picker-show-all"]');
    await expect(harness.acceptPermissionPrompt()).resolves.toContain('Access browser tabs');
    // Every tab now, by title: the browser's blank first tab (refused if picked) and both pages;
    // never Parley's own page.
    const host = new URL(pages.url).host;
    await expect.poll(() => offeredHosts(panel)).toEqual(['about:blank', host, host]);
    expect((await offered(panel)).slice(1)).toEqual([TAB_PAGES.article.title, TAB_PAGES.app.title]);
    expect(await count(panel, '[data-testid="tab-picker-show-all"]')).toBe(0);

    // Picking the article asks for its site inside the click (no access yet: the option says it
    // will ask); the doorhanger names the host, and once allowed the page is read.
    const article = await optionFor(panel, TAB_PAGES.article.title);
    expect(await article.$('.tab-option-asks')).not.toBeNull();
    await article.click();
    await expect(harness.acceptPermissionPrompt()).resolves.toMatch(
      /Access your data for .*127\.0\.0\.1/,
    );
    await expect.poll(() => chipStatuses(panel)).toEqual(['ready']);
    await expect(
      panel.evaluate(() => chrome.permissions.contains({ origins: ['http://127.0.0.1/*'] })),
    ).resolves.toBe(true);

    await panel.type(INPUT, 'When is high water?');
    const reply = await send(panel);
    const [block, question, ...more] = receivedTexts();
    expect(more).toEqual([]);
    expect(block!.slice(0, tabHead('article').length)).toBe(tabHead('article'));
    expect(block).toContain('High water: 06:12 and 18:40');
    expect(block).not.toContain('Cookie settings');
    expect(block).toMatch(/\n<\/tab>$/);
    expect(question).toBe('When is high water?');
    expect(reply).toContain('When is high water?');
    await panel.close();
    expect(harness.consoleErrors()).toEqual([]);
  });
});
