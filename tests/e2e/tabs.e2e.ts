// Open tabs as context and the context meter (issue 14), the way a person uses them: two local
// pages open in tabs, `@` in the side panel's composer, pick both, watch the meter, send; the
// emulated OpenAI-compatible service receives both pages' text with their titles and addresses.
// A part too big for a small window (set in Options) is offered trim and drop before sending.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchExtension, PAGES, screenshotPath, type ExtensionHarness } from './harness';
import { lastAssistant, setSettings } from './chat-helpers';
import { estimateTextTokens } from '../../src/shared/token-estimate';
import { documentBlock } from '../../src/shared/content-parts';
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

/**
 * The side panel, with a record of what it posts on its ports (the `chat-send` a person's click
 * produces, docs/protocol.md), so a test can hold what the view sent against what the emulated
 * service received.
 */
async function openSidePanel(init?: () => void): Promise<Page> {
  const panel = await harness.context.newPage();
  await panel.addInitScript(() => {
    const posted: unknown[] = [];
    (globalThis as unknown as { posted: unknown[] }).posted = posted;
    const connect = chrome.runtime.connect.bind(chrome.runtime);
    chrome.runtime.connect = ((...args: Parameters<typeof chrome.runtime.connect>) => {
      const port = connect(...args);
      const post = port.postMessage.bind(port);
      port.postMessage = (message: unknown) => {
        posted.push(message);
        post(message);
      };
      return port;
    }) as typeof chrome.runtime.connect;
  });
  if (init) await panel.addInitScript(init);
  await panel.goto(`chrome-extension://${harness.extensionId}/${PAGES.sidepanel}`);
  await panel.setViewportSize({ width: 360, height: 640 });
  await panel.getByTestId('composer-input').waitFor();
  await expect.poll(() => panel.getByTestId('provider-select').inputValue()).toBe('openai');
  return panel;
}

interface SentDocument {
  kind: string;
  name: string;
  text: string;
  title?: string;
  url?: string;
}

/** The last `chat-send`: its attachments, and the texts a provider is given for it. */
async function lastSend(panel: Page): Promise<{ documents: SentDocument[]; texts: string[] }> {
  const posted = await panel.evaluate(
    () => (globalThis as unknown as { posted: { type: string }[] }).posted,
  );
  const send = posted.filter((m) => m.type === 'chat-send').at(-1) as unknown as {
    text: string;
    attachments?: SentDocument[];
  };
  const documents = send.attachments ?? [];
  // userMessage (shared/content-parts.ts): the documents' blocks, then the typed text.
  return {
    documents,
    texts: [...documents.map((d) => documentBlock(d)), ...(send.text ? [send.text] : [])],
  };
}

/** The picker has taken the focus (its search box): keys go to it now. */
const searchFocused = (panel: Page) =>
  expect
    .poll(() => panel.evaluate(() => document.activeElement?.getAttribute('data-testid')))
    .toBe('tab-picker-search');

const option = (panel: Page, title: string) =>
  panel.getByTestId('tab-option').filter({ hasText: title });

describe('open tabs as context', () => {
  it('picks two tabs through @, shows what they take, and sends both with titles and addresses', async () => {
    const panel = await openSidePanel();
    const input = panel.getByTestId('composer-input');
    await input.click();
    await input.pressSequentially('Compare @');
    const picker = panel.getByTestId('tab-picker');
    await picker.waitFor();
    await searchFocused(panel);
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
    const chips = panel.locator('[data-testid="attachment-chip"][data-kind="tab"]');
    await expect.poll(() => chips.first().getAttribute('data-status')).toBe('ready');
    // No built-in AI in this browser: nothing on-device is offered.
    await expect(panel.getByTestId('device-summarize').count()).resolves.toBe(0);

    // The button opens it too; arrows move, Enter adds (the article is no longer offered).
    await panel.getByTestId('tab-picker-button').click();
    await picker.waitFor();
    await searchFocused(panel);
    await expect(option(panel, TAB_PAGES.article.title).count()).resolves.toBe(0);
    await panel.keyboard.press('ArrowDown');
    await panel.keyboard.press('ArrowUp');
    await expect(option(panel, TAB_PAGES.app.title).getAttribute('aria-selected')).resolves.toBe(
      'true',
    );
    await panel.keyboard.press('Enter');
    await expect.poll(() => chips.count()).toBe(2);
    await expect.poll(() => chips.nth(1).getAttribute('data-status')).toBe('ready');

    // Esc closes the picker and keeps the text as it was.
    await input.pressSequentially('the tides with @');
    await picker.waitFor();
    await panel.keyboard.press('Escape');
    await expect.poll(() => picker.count()).toBe(0);
    await expect(input.inputValue()).resolves.toBe('Compare the tides with @');
    await input.press('Backspace');
    await input.pressSequentially('the quince.');
    const typed = 'Compare the tides with the quince.';
    await expect(input.inputValue()).resolves.toBe(typed);

    const meter = panel.getByTestId('context-meter');
    await expect(meter.getAttribute('data-window')).resolves.toBe('128000');
    const shown = Number(await meter.getAttribute('data-tokens'));
    await panel.screenshot({ path: screenshotPath('tabs-meter-sidepanel.png') });

    await panel.getByTestId('send-button').click();
    await expect.poll(() => lastAssistant(panel).getAttribute('data-status')).toBe('done');
    // Both pages went as documents with their titles and addresses (the readable text as
    // Markdown, no navigation or footer), then the typed text.
    const { documents, texts } = await lastSend(panel);
    expect(documents.map(({ kind, title, url }) => ({ kind, title, url }))).toEqual([
      {
        kind: 'document',
        title: TAB_PAGES.article.title,
        url: `${pages.url}${TAB_PAGES.article.path}`,
      },
      { kind: 'document', title: TAB_PAGES.app.title, url: `${pages.url}${TAB_PAGES.app.path}` },
    ]);
    expect(texts).toHaveLength(3);
    // …and the emulated service received exactly these, as OpenAI's text content parts.
    const request = openai.requests.filter((r) => r.path === '/v1/chat/completions').at(-1)!;
    const received = (
      JSON.parse(request.body) as { messages: { role: string; content: unknown }[] }
    ).messages
      .filter((m) => m.role === 'user')
      .at(-1)!.content as { type: string; text?: string }[];
    expect(received.map((c) => c.type)).toEqual(['text', 'text', 'text']);
    expect(received.map((c) => c.text)).toEqual(texts);
    const [first, second, last] = texts as [string, string, string];
    expect(first).toContain(
      `<tab title="${TAB_PAGES.article.title}" url="${pages.url}${TAB_PAGES.article.path}">`,
    );
    expect(first).toContain('## When to sail');
    expect(first).toMatch(/spring tide the water climbs 4\.2 metres/);
    expect(first).not.toContain('Sign in to the harbour portal');
    expect(first).not.toContain('Cookie settings');
    // The single-page app's article exists only in its live DOM: it was read from there.
    expect(second).toContain(
      `<tab title="${TAB_PAGES.app.title}" url="${pages.url}${TAB_PAGES.app.path}">`,
    );
    expect(second).toContain('Graft the quince in early spring');
    expect(last).toBe(typed);
    // The meter's figure is the estimate of exactly these parts.
    expect(shown).toBe(texts.reduce((sum, text) => sum + estimateTextTokens(text), 0));
    // Sent: the chips leave the composer.
    await expect.poll(() => chips.count()).toBe(0);
    await panel.close();
  });

  it('offers to trim or drop a tab too big for a small window (set in Options), and holds the send until then', async () => {
    const options = await harness.openPage(PAGES.options);
    const card = options.locator('[data-testid="provider-card"][data-provider-id="openai"]');
    await card.locator('summary').click();
    await card.getByTestId('provider-context-window').fill('300');
    await card.getByTestId('provider-save').click();
    await expect
      .poll(() => card.getByTestId('provider-status').getAttribute('data-status'))
      .toBe('saved');
    await options.close();

    const panel = await openSidePanel();
    await panel.getByTestId('new-chat-button').click();
    const input = panel.getByTestId('composer-input');
    await input.fill('Summarize ');
    await input.press('End');
    await input.pressSequentially('@');
    await option(panel, TAB_PAGES.article.title).click();
    const chips = panel.locator('[data-testid="attachment-chip"][data-kind="tab"]');
    await expect.poll(() => chips.first().getAttribute('data-status')).toBe('ready');
    const meter = panel.getByTestId('context-meter');
    await expect(meter.getAttribute('data-window')).resolves.toBe('300');
    await expect.poll(async () => Number(await meter.getAttribute('data-over'))).toBeGreaterThan(0);
    await panel.getByTestId('meter-over').waitFor();
    await panel.screenshot({ path: screenshotPath('tabs-meter-over-sidepanel.png') });

    // Held: neither the button nor Enter sends.
    const posts = () => openai.requests.filter((r) => r.path === '/v1/chat/completions').length;
    const before = posts();
    await expect(panel.getByTestId('send-button').isDisabled()).resolves.toBe(true);
    await input.press('Enter');
    expect(posts()).toBe(before);

    // Trim the tab to what fits: the start of the page stays, the meter fits, the send goes.
    const tabChoice = panel.locator('[data-testid="meter-choice"][data-part^="attachment:"]');
    await expect(tabChoice.getByTestId('meter-drop').count()).resolves.toBe(1);
    await tabChoice.getByTestId('meter-trim').click();
    await expect.poll(() => meter.getAttribute('data-over')).toBe('0');
    const total = Number(await meter.getAttribute('data-tokens'));
    expect(total).toBeLessThanOrEqual(300 - 30);
    await panel.getByTestId('send-button').click();
    await expect.poll(() => lastAssistant(panel).getAttribute('data-status')).toBe('done');
    const { texts: sent } = await lastSend(panel);
    expect(sent[0]).toContain('The tides in Halvard Bay rise twice a day.');
    expect(sent[0]).not.toContain('Bring a coat');
    expect(sent.reduce((sum, text) => sum + estimateTextTokens(text), 0)).toBe(total);

    // Drop: the other choice takes the tab out whole.
    await panel.getByTestId('new-chat-button').click();
    await input.pressSequentially('@');
    await option(panel, TAB_PAGES.article.title).click();
    await expect.poll(async () => Number(await meter.getAttribute('data-over'))).toBeGreaterThan(0);
    await panel
      .locator('[data-testid="meter-choice"][data-part^="attachment:"]')
      .getByTestId('meter-drop')
      .click();
    await expect.poll(() => chips.count()).toBe(0);
    await panel.close();
  });

  it('summarizes a tab on this device where Chrome has a Summarizer (a fake of its documented API here)', async () => {
    // Our Chromium has no built-in AI: the page gets a fake with the documented shape
    // (https://developer.chrome.com/docs/ai/summarizer-api) before Parley's script runs.
    const panel = await openSidePanel(() => {
      const calls: string[] = [];
      (globalThis as unknown as { deviceCalls: string[] }).deviceCalls = calls;
      (globalThis as unknown as { Summarizer: unknown }).Summarizer = {
        availability: () => Promise.resolve('available'),
        create: (options: { type?: string }) => {
          calls.push(`create ${options.type}`);
          return Promise.resolve({
            inputQuota: 100_000,
            measureInputUsage: (text: string) => Promise.resolve(Math.ceil(text.length / 4)),
            summarize: (text: string) => {
              calls.push(`summarize ${text.length}`);
              return Promise.resolve('- Spring tides flood the lower quay.');
            },
            destroy: () => calls.push('destroy'),
          });
        },
      };
    });
    await panel.getByTestId('new-chat-button').click();
    const input = panel.getByTestId('composer-input');
    await input.pressSequentially('@');
    await option(panel, TAB_PAGES.article.title).click();
    const chip = panel.locator('[data-testid="attachment-chip"][data-kind="tab"]');
    await chip.getByTestId('device-summarize').click();
    await expect.poll(() => chip.textContent()).toContain('summary made on this device');
    await expect(chip.getByTestId('device-summarize').count()).resolves.toBe(0);
    await expect(
      panel.evaluate(() => (globalThis as unknown as { deviceCalls: string[] }).deviceCalls),
    ).resolves.toEqual(['create key-points', expect.stringMatching(/^summarize \d+$/), 'destroy']);
    await panel.screenshot({ path: screenshotPath('tabs-on-device-sidepanel.png') });
    await input.pressSequentially('What floods?');
    await panel.getByTestId('send-button').click();
    await expect.poll(() => lastAssistant(panel).getAttribute('data-status')).toBe('done');
    const { texts: sent } = await lastSend(panel);
    expect(sent[0]).toContain('- Spring tides flood the lower quay.');
    expect(sent[0]).not.toContain('When to sail');
    await panel.close();
  });
});
