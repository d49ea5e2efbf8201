// Providers people use today, end to end in the popup: the first-run card finds a local Ollama,
// and chats stream through the OpenAI-compatible and Ollama adapters from their local emulators,
// with token usage shown beside the reply and in total.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchExtension, PAGES, type ExtensionHarness } from './harness';
import { expectAssistant, sendMessage } from './chat-helpers';
import { startOllamaServer } from '../mock-servers/ollama';
import { startOpenAiServer } from '../mock-servers/openai';
import { startServer, type MockServer } from '../mock-servers/server';
import type { Page } from 'playwright-core';

let harness: ExtensionHarness;
let ollama: MockServer;
let openai: MockServer;
let closedUrl: string;

beforeAll(async () => {
  ollama = await startOllamaServer();
  openai = await startOpenAiServer({ apiKey: 'sk-test' });
  const closed = await startServer(() => undefined);
  closedUrl = closed.url;
  await closed.close();
  harness = await launchExtension();
});
afterAll(async () => {
  await harness?.close();
  await ollama?.close();
  await openai?.close();
});
afterEach(async () => {
  await harness.closeExtensionPages();
});

/** Replaces the whole settings object (a fresh profile's state plus `settings`). */
async function resetSettings(page: Page, settings: Record<string, unknown>): Promise<void> {
  await page.evaluate((next) => chrome.storage.local.set({ settings: next }), settings);
}

/** Every local server the first-run card looks for, at `base`. */
const localServersAt = (base: string) => ({
  ollama: { baseUrl: base },
  'lm-studio': { baseUrl: `${base}/v1` },
  'llama-cpp': { baseUrl: `${base}/v1` },
  vllm: { baseUrl: `${base}/v1` },
});

describe('first run', () => {
  it('offers the local Ollama it finds, and one click sets it up for chatting', async () => {
    const options = await harness.openPage(PAGES.options);
    // The other local servers point at a closed port so only Ollama is found, whatever runs on
    // this machine.
    await resetSettings(options, {
      providers: { ...localServersAt(closedUrl), ollama: { baseUrl: ollama.url } },
    });
    const popup = await harness.openPage(PAGES.popup);
    await popup.getByTestId('setup-card').waitFor();
    const option = popup.locator('[data-testid="setup-option"][data-provider="ollama"]');
    await option.waitFor();
    await expect(
      popup.locator('[data-testid="setup-option"][data-provider="lm-studio"]').count(),
    ).resolves.toBe(0);
    await option.click();
    await expect.poll(() => popup.getByTestId('setup-card').count()).toBe(0);
    await expect(popup.getByTestId('provider-select').inputValue()).resolves.toBe('ollama');
    const stored = (await popup.evaluate(
      async () => (await chrome.storage.local.get('settings')).settings,
    )) as { providers: Record<string, object> };
    expect(stored).toMatchObject({
      onboarded: true,
      defaultProviderId: 'ollama',
      // Nothing about "enabled": a provider the card offered is ready by the state rule alone.
      providers: { ollama: { baseUrl: ollama.url } },
    });
    expect(stored.providers.ollama).not.toHaveProperty('enabled');

    await sendMessage(popup, 'Привет, Ollama');
    await expectAssistant(popup, 'done', 'You said: Привет, Ollama');
    // The worker's request passed Ollama's origin check thanks to the header rule.
    const chat = ollama.requests.find((r) => r.path === '/api/chat');
    expect(chat?.headers.origin).toBe(ollama.url);

    // The card does not come back once the user has chosen.
    const again = await harness.openPage(PAGES.popup);
    await again.getByTestId('composer-input').waitFor();
    await expect(again.getByTestId('setup-card').count()).resolves.toBe(0);
  });

  it('offers a llama.cpp server it finds, with its model, and chats through it', async () => {
    // llama.cpp is found like any local server in the registry (its detect()), no key needed.
    const llama = await startOpenAiServer({ models: ['gemma-3-4b-it-Q4_K_M.gguf'] });
    try {
      const options = await harness.openPage(PAGES.options);
      await resetSettings(options, {
        providers: { ...localServersAt(closedUrl), 'llama-cpp': { baseUrl: `${llama.url}/v1` } },
      });
      const popup = await harness.openPage(PAGES.popup);
      const option = popup.locator('[data-testid="setup-option"][data-provider="llama-cpp"]');
      await option.waitFor();
      await expect(option.textContent()).resolves.toContain('llama.cpp server');
      await expect(popup.locator('[data-testid="setup-option"]').count()).resolves.toBe(1);
      await popup.screenshot({ path: '/tmp/i16-setup-llama-cpp.png' });
      await option.click();
      await expect.poll(() => popup.getByTestId('setup-card').count()).toBe(0);
      await expect(popup.getByTestId('provider-select').inputValue()).resolves.toBe('llama-cpp');
      await sendMessage(popup, 'Привет, llama.cpp');
      await expectAssistant(popup, 'done', 'You said: Привет, llama.cpp');
      const chat = llama.requests.find((r) => r.path === '/v1/chat/completions');
      expect(JSON.parse(chat?.body ?? '{}')).toMatchObject({ model: 'gemma-3-4b-it-Q4_K_M.gguf' });
    } finally {
      await llama.close();
    }
  });

  it('can be skipped', async () => {
    const options = await harness.openPage(PAGES.options);
    await resetSettings(options, { providers: localServersAt(closedUrl) });
    const popup = await harness.openPage(PAGES.popup);
    await popup.getByTestId('setup-card').waitFor();
    await expect
      .poll(() => popup.getByTestId('setup-card').textContent())
      .toContain('No local model server found');
    await popup.getByTestId('setup-skip').click();
    await expect.poll(() => popup.getByTestId('setup-card').count()).toBe(0);
    expect(
      await popup.evaluate(
        async () =>
          ((await chrome.storage.local.get('settings')) as { settings: { onboarded: boolean } })
            .settings.onboarded,
      ),
    ).toBe(true);
  });
});

describe('chat through the modern adapters', () => {
  it('streams from an OpenAI-compatible endpoint with its key, and shows token usage', async () => {
    const options = await harness.openPage(PAGES.options);
    await resetSettings(options, {
      onboarded: true,
      defaultProviderId: 'openai-compatible',
      providers: {
        'openai-compatible': {
          baseUrl: `${openai.url}/v1`,
          apiKey: 'sk-test',
          model: 'gpt-4o-mini',
        },
      },
    });
    const popup = await harness.openPage(PAGES.popup);
    await popup.getByTestId('new-chat-button').click();
    await sendMessage(popup, 'Hello, 世界');
    await expectAssistant(popup, 'done', 'You said: Hello, 世界');
    const request = openai.requests.find((r) => r.path === '/v1/chat/completions');
    expect(request?.headers.authorization).toBe('Bearer sk-test');
    expect(JSON.parse(request!.body)).toMatchObject({
      model: 'gpt-4o-mini',
      stream: true,
      stream_options: { include_usage: true },
    });
    await expect(popup.getByTestId('message-usage').textContent()).resolves.toBe('7 in · 5 out');
    await expect(popup.getByTestId('usage-total').textContent()).resolves.toBe(
      'Tokens in this chat: 12',
    );
  });

  it('reports a wrong key by its code, naming the provider', async () => {
    const options = await harness.openPage(PAGES.options);
    await resetSettings(options, {
      onboarded: true,
      defaultProviderId: 'openai-compatible',
      providers: {
        'openai-compatible': {
          baseUrl: `${openai.url}/v1`,
          apiKey: 'sk-wrong',
          model: 'gpt-4o-mini',
        },
      },
    });
    const popup = await harness.openPage(PAGES.popup);
    await popup.getByTestId('new-chat-button').click();
    await sendMessage(popup, 'Hi');
    await expect
      .poll(() => popup.getByTestId('error-notice').getAttribute('data-code'))
      .toBe('auth-invalid');
    await expect(popup.getByTestId('error-notice').textContent()).resolves.toContain(
      'refused the key',
    );
  });
});
