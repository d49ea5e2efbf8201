// The Firefox build in the system Firefox (ESR 140+), from a fresh profile: it installs cleanly,
// the options page saves a provider by clicking and typing, and a chat streams from an
// OpenAI-compatible emulator on 127.0.0.1 (on a port, as every local server is).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import pkg from '../../package.json' with { type: 'json' };
import { GECKO_ID } from '../../scripts/manifests.mjs';
import { startOpenAiServer } from '../mock-servers/openai';
import type { ScriptedServer } from '../mock-servers/scripted';
import { launchFirefox, PAGES, type FirefoxHarness } from './harness';

let harness: FirefoxHarness;
let openai: ScriptedServer;

beforeAll(async () => {
  openai = await startOpenAiServer({ apiKey: 'sk-firefox' });
  harness = await launchFirefox();
});
afterAll(async () => {
  await harness?.close();
  await openai?.close();
});

/** An attribute of the first element matching `selector`, or null while there is none. */
const attribute = (page: Page, selector: string, name: string) =>
  page
    .$eval(selector, (element, attr) => element.getAttribute(attr), name)
    .catch(() => null as string | null);
const text = (page: Page, selector: string) =>
  page.$eval(selector, (element) => element.textContent).catch(() => null as string | null);
const storedSettings = (page: Page) =>
  page.evaluate(async () => (await chrome.storage.local.get('settings')).settings as unknown);

describe('Firefox build', () => {
  it('installs with no manifest warnings, and its background answers the views', async () => {
    await expect(harness.manifestProblems()).resolves.toEqual({ warnings: [], errors: [] });
    expect(harness.extensionId).toBe(GECKO_ID);

    const popup = await harness.openPage(PAGES.popup);
    const reply = await popup.evaluate(() =>
      chrome.runtime.sendMessage({ channel: 'parley/v1', type: 'ping', params: {} }),
    );
    expect(reply).toEqual({ ok: true, value: { version: pkg.version } });
    await expect(popup.evaluate(() => chrome.runtime.id)).resolves.toBe(GECKO_ID);
    await popup.close();
  });
});

describe('options page', () => {
  const card = '[data-testid="provider-card"][data-provider-id="openai-compatible"]';
  const status = `${card} [data-testid="provider-status"]`;

  it('saves an OpenAI-compatible endpoint on a port by typing, and tests it', async () => {
    const options = await harness.openPage(`${PAGES.options}#provider=openai-compatible`, {
      width: 1000,
      height: 800,
    });
    await expect.poll(() => attribute(options, card, 'open')).toBe('');
    // Off on a fresh profile (it has no base URL yet): switched on by its box.
    const enabled = `${card} [data-testid="provider-enabled"]`;
    await expect(options.$eval(enabled, (box) => (box as HTMLInputElement).checked)).resolves.toBe(
      false,
    );
    await options.click(enabled);
    await options.type(`${card} [data-testid="provider-base-url"]`, `${openai.url}/v1`);
    await options.type(`${card} [data-testid="provider-api-key"]`, 'sk-firefox');
    await options.type(`${card} [data-testid="provider-model"]`, 'gpt-4o');
    await options.click(`${card} [data-testid="provider-save"]`);
    await expect.poll(() => attribute(options, status, 'data-status')).toBe('saved');
    expect(await storedSettings(options)).toMatchObject({
      providers: {
        'openai-compatible': { baseUrl: `${openai.url}/v1`, apiKey: 'sk-firefox', model: 'gpt-4o' },
      },
    });

    // The test goes through the background: host permission for a base URL with a port, then a
    // real request to the emulator with the key.
    await options.click(`${card} [data-testid="provider-test"]`);
    await expect
      .poll(() => text(options, status), { timeout: 15_000 })
      .toMatch(/^Connected in \d+ ms \(OpenAI-compatible \(custom URL\)\): “You said: /);
    expect(openai.requests.at(-1)?.headers.authorization).toBe('Bearer sk-firefox');
    await options.close();
  });

  it('chats with it from the popup, streaming the reply', async () => {
    const popup = await harness.openPage(PAGES.popup);
    const picker = '[data-testid="provider-select"]';
    await popup.waitForSelector(`${picker} option[value="openai-compatible"]`);
    await popup.click('[data-testid="new-chat-button"]');
    await popup.select(picker, 'openai-compatible');
    await expect
      .poll(() => popup.$eval(picker, (select) => (select as HTMLSelectElement).value))
      .toBe('openai-compatible');
    await popup.type('[data-testid="composer-input"]', 'Hello from Firefox, мир');
    await popup.keyboard.press('Enter');

    const assistant = '[data-testid="message"][data-role="assistant"]';
    await expect
      .poll(
        async () => ({
          status: await attribute(popup, assistant, 'data-status'),
          text: await text(popup, `${assistant} [data-testid="message-text"]`),
        }),
        { timeout: 15_000 },
      )
      .toEqual({ status: 'done', text: 'You said: Hello from Firefox, мир' });
    const request = openai.requests.find((r) => r.path === '/v1/chat/completions');
    expect(request?.headers.authorization).toBe('Bearer sk-firefox');
    expect(JSON.parse(request!.body)).toMatchObject({ model: 'gpt-4o', stream: true });
    expect(harness.consoleErrors()).toEqual([]);
  });
});
