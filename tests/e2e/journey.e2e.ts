// The way in (issue 10), as a person takes it: each journey starts from a fresh Chromium profile
// and goes by clicks and typing only — nothing is written into storage. Local servers stand in for
// the services: an OpenAI-compatible emulator for OpenAI and a custom URL, and an Ollama emulator on
// Ollama's own port (11434), which the first-run card finds by itself. Headless Chromium has no
// built-in model, so the browser model is the unavailable one.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchExtension, PAGES, type ExtensionHarness } from './harness';
import { expectAssistant, sendMessage } from './chat-helpers';
import { startOllamaServer } from '../mock-servers/ollama';
import { startOpenAiServer } from '../mock-servers/openai';
import { sleep, type MockServer } from '../mock-servers/server';

const KEY = 'sk-journey';
let openai: MockServer;
let ollama: MockServer | undefined;

/** Ollama's default port; another run on this machine may hold it for a moment, so wait for it. */
async function ollamaOnItsPort(): Promise<MockServer> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await startOllamaServer({ port: 11434 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= 40) throw error;
      await sleep(500);
    }
  }
}

beforeAll(async () => {
  openai = await startOpenAiServer({ apiKey: KEY, models: ['gpt-4o-mini', 'gpt-4o'] });
});
afterAll(async () => {
  await openai?.close();
  await ollama?.close();
});

/** Reads the stored settings (reading is fine: the journey never writes them). */
function storedSettings(page: Page) {
  return page.evaluate(
    async () => (await chrome.storage.local.get('settings')).settings,
  ) as Promise<{ providers?: Record<string, Record<string, unknown>> } | undefined>;
}

/** Opens a provider's card in Options and fills in what a person types there, then Save. */
async function setUpInOptions(
  options: Page,
  providerId: string,
  fields: { baseUrl?: string; apiKey?: string },
): Promise<void> {
  const card = options.locator(`[data-testid="provider-card"][data-provider-id="${providerId}"]`);
  await card.locator('summary').click();
  if (fields.baseUrl !== undefined) {
    await card.getByTestId('provider-base-url').fill(fields.baseUrl);
  }
  if (fields.apiKey !== undefined) await card.getByTestId('provider-api-key').fill(fields.apiKey);
  await card.getByTestId('provider-save').click();
  await expect
    .poll(() => card.getByTestId('provider-status').getAttribute('data-status'))
    .toBe('saved');
  await expect
    .poll(() => card.getByTestId('provider-state').getAttribute('data-state'))
    .toBe('ready');
}

function option(page: Page, providerId: string) {
  return page.locator(`[data-testid="provider-select"] option[value="${providerId}"]`);
}

describe('from a fresh profile: keyboard commands and the first-run card', () => {
  let harness: ExtensionHarness;
  beforeAll(async () => {
    ollama = await ollamaOnItsPort();
    harness = await launchExtension();
  });
  afterAll(async () => {
    await harness?.close();
    await ollama?.close();
    ollama = undefined;
  });

  it('has a shortcut assigned for every command, listed in Options with a way to change them', async () => {
    const all = await harness.worker.evaluate(() => chrome.commands.getAll());
    expect(all.map((c) => c.name).sort()).toEqual([
      '_execute_action',
      'ask-selection',
      'open-app',
      'open-side-panel',
    ]);
    for (const command of all) expect(command.shortcut, command.name).not.toBe('');

    const options = await harness.openPage(PAGES.options);
    const listed = options.getByTestId('shortcut');
    await expect.poll(() => listed.count()).toBe(4);
    for (const command of all) {
      const row = options.locator(`[data-testid="shortcut"][data-command="${command.name}"]`);
      await expect(row.getByTestId('shortcut-keys').textContent()).resolves.toBe(command.shortcut);
    }
    await expect(options.getByTestId('shortcuts-link').isVisible()).resolves.toBe(true);
  });

  it('offers the Ollama it finds and not the browser model, which the picker marks unavailable', async () => {
    const popup = await harness.openPage(PAGES.popup);
    await popup.getByTestId('setup-card').waitFor();
    await popup.locator('[data-testid="setup-option"][data-provider="ollama"]').waitFor();
    await expect(
      popup.locator('[data-testid="setup-option"][data-provider="chrome-builtin"]').count(),
    ).resolves.toBe(0);
    // The picker tells the same story: Ollama ready, the browser model unavailable, a service
    // without a key not ready.
    await expect
      .poll(() => option(popup, 'chrome-builtin').getAttribute('data-state'))
      .toBe('unavailable');
    await expect(option(popup, 'ollama').getAttribute('data-state')).resolves.toBe('ready');
    await expect(option(popup, 'openai').getAttribute('data-state')).resolves.toBe('needs-key');
    await popup.close();
  });

  it('sets up a service with an API key in the card and returns to the chat with it chosen', async () => {
    const popup = await harness.openPage(PAGES.popup);
    await popup.getByTestId('setup-add-key').click();
    await popup.getByTestId('key-setup-service').selectOption('openai');
    await expect(popup.getByTestId('key-setup-get-key').getAttribute('href')).resolves.toBe(
      'https://platform.openai.com/api-keys',
    );
    await popup.locator('.key-setup-more summary').click();
    await popup.getByTestId('key-setup-base-url').fill(`${openai.url}/v1`);
    // A mistyped key: the test fails with the service's own words, and nothing moves on.
    await popup.getByTestId('key-setup-key').fill('sk-typo');
    await popup.getByTestId('key-setup-test').click();
    const status = popup.getByTestId('key-setup-status');
    await expect.poll(() => status.getAttribute('data-step'), { timeout: 15_000 }).toBe('failed');
    await expect(status.textContent()).resolves.toContain('OpenAI refused the key');
    await expect(status.textContent()).resolves.toContain('Incorrect API key provided');
    await expect(popup.getByTestId('key-setup-done').count()).resolves.toBe(0);

    await popup.getByTestId('key-setup-key').fill(KEY);
    await popup.getByTestId('key-setup-test').click();
    await expect
      .poll(() => popup.getByTestId('key-setup-status').getAttribute('data-step'), {
        timeout: 15_000,
      })
      .toBe('passed');
    await popup.getByTestId('key-setup-done').click();
    await expect.poll(() => popup.getByTestId('setup-card').count()).toBe(0);
    await expect(popup.getByTestId('provider-select').inputValue()).resolves.toBe('openai');
    await expect(option(popup, 'openai').getAttribute('data-state')).resolves.toBe('ready');

    await sendMessage(popup, 'Hello from the card');
    await expectAssistant(popup, 'done', 'You said: Hello from the card');
    const chat = openai.requests.filter((r) => r.path === '/v1/chat/completions').at(-1);
    expect(chat?.headers.authorization).toBe(`Bearer ${KEY}`);
    // Nothing was written about "enabled": the key alone made OpenAI ready.
    expect((await storedSettings(popup))?.providers?.openai).toEqual({
      apiKey: KEY,
      baseUrl: `${openai.url}/v1`,
    });
  });
});

describe('from a fresh profile: Options, then the popup', () => {
  let harness: ExtensionHarness;
  beforeAll(async () => {
    harness = await launchExtension();
  });
  afterAll(async () => harness?.close());
  afterEach(async () => {
    for (const page of harness.context.pages())
      if (page.url().startsWith('chrome-extension://')) await page.close();
  });

  it('opens Options on guidance, with the legacy services collapsed', async () => {
    const options = await harness.openPage(PAGES.options);
    await options.getByTestId('options-guide').waitFor();
    const legacy = options.getByTestId('legacy-group');
    await expect(legacy.getAttribute('open')).resolves.toBeNull();
    await expect(
      legacy.locator('[data-testid="provider-card"][data-provider-id="aichat"]').isVisible(),
    ).resolves.toBe(false);
  });

  it('OpenAI: base URL and key in Options, Save, and the popup offers it ready; a reply streams', async () => {
    const options = await harness.openPage(PAGES.options);
    await setUpInOptions(options, 'openai', { baseUrl: `${openai.url}/v1`, apiKey: KEY });
    // The bug this replaces: Save wrote `enabled: false` for the untouched box.
    expect((await storedSettings(options))?.providers?.openai).toEqual({
      baseUrl: `${openai.url}/v1`,
      apiKey: KEY,
    });
    // The Model field offers what the service lists with that URL and key.
    const card = options.locator('[data-testid="provider-card"][data-provider-id="openai"]');
    await expect
      .poll(() => card.locator('[data-testid="provider-model-options"] option').count())
      .toBe(2);

    const popup = await harness.openPage(PAGES.popup);
    await expect.poll(() => option(popup, 'openai').getAttribute('data-state')).toBe('ready');
    await popup.getByTestId('provider-select').selectOption('openai');
    await sendMessage(popup, 'Привет, OpenAI');
    await expectAssistant(popup, 'done', 'You said: Привет, OpenAI');
  });

  it('a custom URL: address and key in Options, Save, and a reply streams from it', async () => {
    const options = await harness.openPage(PAGES.options);
    await setUpInOptions(options, 'openai-compatible', {
      baseUrl: `${openai.url}/custom/v1`,
      apiKey: KEY,
    });
    const popup = await harness.openPage(PAGES.popup);
    await expect
      .poll(() => option(popup, 'openai-compatible').getAttribute('data-state'))
      .toBe('ready');
    await popup.getByTestId('provider-select').selectOption('openai-compatible');
    await popup.getByTestId('new-chat-button').click();
    await sendMessage(popup, 'Hello, custom');
    await expectAssistant(popup, 'done', 'You said: Hello, custom');
    expect(openai.requests.some((r) => r.path === '/custom/v1/chat/completions')).toBe(true);
  });

  it('Test connection without an address says the address is missing', async () => {
    const options = await harness.openPage(PAGES.options);
    const card = options.locator(
      '[data-testid="provider-card"][data-provider-id="openai-compatible"]',
    );
    await card.locator('summary').click();
    await card.getByTestId('provider-base-url').fill('');
    await card.getByTestId('provider-test').click();
    await expect
      .poll(() => card.getByTestId('provider-status').getAttribute('data-status'))
      .toBe('invalid');
    await expect(card.getByTestId('provider-status').textContent()).resolves.toMatch(
      /needs the address of your endpoint/,
    );
  });
});

describe('from a fresh profile: the Russian UI', () => {
  let harness: ExtensionHarness;
  beforeAll(async () => {
    harness = await launchExtension();
  });
  afterAll(async () => harness?.close());

  it('switches to Russian in Options, and the popup and its first-run card follow', async () => {
    const options = await harness.openPage(PAGES.options);
    await options.getByTestId('language-select').selectOption('ru');
    await expect
      .poll(() => options.locator('#providers-heading').textContent(), { timeout: 15_000 })
      .toBe('Провайдеры');
    await expect(options.getByTestId('options-guide').textContent()).resolves.toContain(
      'Чтобы начать',
    );
    const popup = await harness.openPage(PAGES.popup);
    await popup.getByTestId('setup-card').waitFor();
    await expect(popup.locator('#setup-title').textContent()).resolves.toBe(
      'Выберите модель для общения',
    );
    await expect(popup.getByTestId('setup-add-key').textContent()).resolves.toBe(
      'Подключить сервис по API-ключу…',
    );
    // No Ollama runs now: the picker says so rather than offering it as ready.
    await expect.poll(() => option(popup, 'ollama').getAttribute('data-state')).toBe('offline');
    await popup.getByTestId('provider-select').selectOption('ollama');
    await expect(popup.getByTestId('provider-hint').textContent()).resolves.toContain(
      'Ollama не отвечает на этом компьютере',
    );
  });
});
