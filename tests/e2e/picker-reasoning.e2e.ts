// The provider and model pickers and reasoning, end to end in the popup: each provider's state in
// the picker (and its live change when a key is saved), the model list the OpenAI-compatible
// emulator serves, and a reply that streams `reasoning_content` before its answer.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchExtension, PAGES, type ExtensionHarness } from './harness';
import { expectAssistant, lastAssistant, sendMessage } from './chat-helpers';
import { openAiStream, SSE, startOpenAiServer } from '../mock-servers/openai';
import type { ScriptedServer } from '../mock-servers/scripted';

let harness: ExtensionHarness;
let openai: ScriptedServer;

beforeAll(async () => {
  openai = await startOpenAiServer({ apiKey: 'sk-test', models: ['gpt-4o-mini', 'o3-mini'] });
  harness = await launchExtension();
});
afterAll(async () => {
  await harness?.close();
  await openai?.close();
});
afterEach(async () => {
  openai.reset();
  await harness.closeExtensionPages();
});

/** Replaces the whole settings object. */
async function resetSettings(page: Page, settings: Record<string, unknown>): Promise<void> {
  await page.evaluate((next) => chrome.storage.local.set({ settings: next }), settings);
}

async function popupWith(settings: Record<string, unknown>): Promise<Page> {
  const options = await harness.openPage(PAGES.options);
  await resetSettings(options, { onboarded: true, ...settings });
  await options.close();
  const popup = await harness.openPage(PAGES.popup);
  await popup.getByTestId('new-chat-button').click();
  return popup;
}

const optionText = (page: Page, id: string) =>
  page.getByTestId('provider-select').locator(`option[value="${id}"]`).textContent();

const customWithEmulator = () => ({
  'openai-compatible': { baseUrl: `${openai.url}/v1`, apiKey: 'sk-test' },
});

describe('provider picker', () => {
  it('says a keyed provider needs a key, offers its settings, and follows the key when saved', async () => {
    const popup = await popupWith({});
    await expect.poll(() => optionText(popup, 'openai')).toBe('OpenAI — needs a key');
    await expect(optionText(popup, 'aichat')).resolves.toBe('Aichat — offline since 2023-11-13');
    await expect(
      popup
        .getByTestId('provider-select')
        .locator('option[value="openai"]')
        .evaluate((o) => (o.parentElement as HTMLOptGroupElement).label),
    ).resolves.toBe('Needs setup');

    await popup.getByTestId('provider-select').selectOption('openai');
    await expect(popup.getByTestId('provider-hint').textContent()).resolves.toContain(
      'OpenAI needs an API key to answer.',
    );
    const settingsTab = harness.context.waitForEvent('page');
    await popup.getByTestId('provider-settings-button').click();
    const options = await settingsTab;
    await options.waitForURL(/options\/index\.html#provider=openai$/);

    // A key saved elsewhere: the open popup follows at once.
    await options.evaluate(async () => {
      const { settings = {} } = (await chrome.storage.local.get('settings')) as {
        settings?: { providers?: Record<string, unknown> };
      };
      await chrome.storage.local.set({
        settings: { ...settings, providers: { ...settings.providers, openai: { apiKey: 'sk-1' } } },
      });
    });
    await expect.poll(() => optionText(popup, 'openai')).toBe('OpenAI');
    await expect.poll(() => popup.getByTestId('provider-hint').count()).toBe(0);
  });
});

describe('model picker', () => {
  it('lists the emulator’s models for openai-compatible, and sends the one chosen', async () => {
    const popup = await popupWith({
      defaultProviderId: 'openai-compatible',
      providers: customWithEmulator(),
    });
    const picker = popup.getByTestId('model-select');
    await expect
      .poll(() => picker.locator('option').evaluateAll((os) => os.map((o) => o.textContent)))
      .toEqual(['Default model', 'gpt-4o-mini', 'o3-mini']);
    const listing = openai.requests.find((r) => r.path === '/v1/models');
    expect(listing?.headers.authorization).toBe('Bearer sk-test');

    await picker.selectOption('o3-mini');
    await expect
      .poll(() =>
        popup.evaluate(
          async () =>
            (
              (await chrome.storage.local.get('settings')) as {
                settings: { providers: Record<string, { model?: string }> };
              }
            ).settings.providers['openai-compatible']?.model,
        ),
      )
      .toBe('o3-mini');
    await sendMessage(popup, 'Which model?');
    await expectAssistant(popup, 'done', 'You said: Which model?');
    const chat = openai.requests.find((r) => r.path === '/v1/chat/completions');
    expect(JSON.parse(chat!.body).model).toBe('o3-mini');
    expect(harness.consoleErrors).toEqual([]);
  });
});

describe('reasoning', () => {
  it('grows open while the model reasons, then the answer comes apart from it', async () => {
    const popup = await popupWith({
      defaultProviderId: 'openai-compatible',
      providers: customWithEmulator(),
    });
    // First only reasoning, and the connection stays open: the reply is still thinking.
    openai.next({
      kind: 'stream',
      contentType: SSE,
      chunks: openAiStream({
        reasoning: ['The user greets me. ', 'I should greet back.'],
        finish: null,
        done: false,
      }),
      end: 'hang',
    });
    await sendMessage(popup, 'Hello?');
    const reasoning = lastAssistant(popup).getByTestId('message-reasoning');
    await expect
      .poll(() => reasoning.textContent())
      .toBe('ReasoningThe user greets me. I should greet back.');
    await expect(reasoning.evaluate((d) => (d as HTMLDetailsElement).open)).resolves.toBe(true);
    await expect(lastAssistant(popup).getAttribute('data-status')).resolves.toBe('streaming');
    await expect(lastAssistant(popup).getByTestId('message-text').textContent()).resolves.toBe('');
    await expect(lastAssistant(popup).textContent()).resolves.not.toContain('Answering…');
    await popup.getByTestId('stop-button').click();
    await expect.poll(() => lastAssistant(popup).getAttribute('data-status')).toBe('stopped');
    // Stopped before any answer: the reasoning is all there is, and stays open.
    await expect(reasoning.evaluate((d) => (d as HTMLDetailsElement).open)).resolves.toBe(true);

    // Then a whole reply: reasoning first, then the answer.
    await popup.getByTestId('new-chat-button').click();
    openai.next({
      kind: 'stream',
      contentType: SSE,
      chunks: openAiStream({
        reasoning: ['Two and two ', 'make four.'],
        text: ['It is ', '**4**.'],
      }),
      delayMs: 20,
    });
    await sendMessage(popup, 'What is 2 + 2?');
    await expectAssistant(popup, 'done', 'It is 4.');
    const text = await lastAssistant(popup).getByTestId('message-text').textContent();
    expect(text).not.toContain('make four');
    const block = lastAssistant(popup).getByTestId('message-reasoning');
    await expect(block.textContent()).resolves.toBe('ReasoningTwo and two make four.');
    // Collapsed once the answer began; the user can open it again.
    await expect(block.evaluate((d) => (d as HTMLDetailsElement).open)).resolves.toBe(false);
    await block.locator('summary').click();
    await expect(block.evaluate((d) => (d as HTMLDetailsElement).open)).resolves.toBe(true);
    await expect(block.locator('.message-reasoning-text').isVisible()).resolves.toBe(true);
  });
});
