// Errors that say what is wrong (issue 10): a model the service does not know, an HTML error page,
// and Auto running out of providers — each named by the provider's display name, the service's own
// words in the notice, and a fix that leads somewhere. Settings are written into storage here: they
// are not what these tests are about (journey.e2e.ts takes the person's path to them).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import errors from '../../src/providers/openai-compatible/fixtures/errors.json';
import { launchExtension, PAGES, type ExtensionHarness } from './harness';
import { lastAssistant, sendMessage, setSettings } from './chat-helpers';
import { startOpenAiServer } from '../mock-servers/openai';
import type { ScriptedServer } from '../mock-servers/scripted';

const KEY = 'sk-errors';
let harness: ExtensionHarness;
let openai: ScriptedServer;

beforeAll(async () => {
  openai = await startOpenAiServer({ apiKey: KEY });
  harness = await launchExtension();
});
afterAll(async () => {
  await harness?.close();
  await openai?.close();
});
afterEach(async () => {
  await harness.closeExtensionPages();
});

async function useOpenAi(defaultProviderId = 'openai', model = 'gpt-4o-mini') {
  await setSettings(harness.worker, {
    onboarded: true,
    defaultProviderId,
    providers: { openai: { baseUrl: `${openai.url}/v1`, apiKey: KEY, model } },
  });
}

function notice(page: Awaited<ReturnType<ExtensionHarness['openPage']>>) {
  return lastAssistant(page).getByTestId('error-notice');
}

describe('error notices', () => {
  it('a model the service does not know: its own words, and the fix opens the model picker', async () => {
    await useOpenAi('openai', 'gpt-9');
    const { status, body } = errors['404-model-not-found'];
    openai.next({ kind: 'json', status, body });
    const popup = await harness.openPage(PAGES.popup);
    await popup.getByTestId('new-chat-button').click();
    await sendMessage(popup, 'Hello?');
    await expect.poll(() => notice(popup).getAttribute('data-code')).toBe('model-not-found');
    await expect(notice(popup).locator('.error-summary').textContent()).resolves.toBe(
      'OpenAI does not know this model. Choose another model.',
    );
    await expect(notice(popup).getByTestId('error-said').textContent()).resolves.toBe(
      'The service said: “The model `gpt-9` does not exist or you do not have access to it.”',
    );
    await notice(popup).getByTestId('fix-model-button').click();
    await expect
      .poll(() => popup.evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .toBe('model-select');
    // The listed models are there to choose from, beside the one that failed.
    await expect
      .poll(() =>
        popup
          .locator('[data-testid="model-select"] option')
          .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value)),
      )
      .toEqual(['', 'gpt-9', 'gpt-4o-mini', 'gpt-4o']);
  });

  it('an HTML error page: status and title in the notice, the page itself only under Details', async () => {
    await useOpenAi();
    const page = [
      '<!DOCTYPE html><html><head><title>502 Bad Gateway &amp; co</title>',
      '<style>body{color:red}</style></head><body><h1>Bad Gateway</h1></body></html>',
    ].join('');
    openai.next({
      kind: 'text',
      status: 502,
      body: page,
      headers: { 'content-type': 'text/html' },
    });
    const popup = await harness.openPage(PAGES.popup);
    await popup.getByTestId('new-chat-button').click();
    await sendMessage(popup, 'Hello?');
    await expect.poll(() => notice(popup).getAttribute('data-code')).toBe('provider-unavailable');
    await expect(notice(popup).getByTestId('error-said').textContent()).resolves.toBe(
      'The service said: “HTTP 502 — 502 Bad Gateway & co”',
    );
    const details = notice(popup).locator('.error-details');
    await expect(details.locator('pre').textContent()).resolves.toBe(page);
    await expect(details.getAttribute('open')).resolves.toBeNull();
  });

  it('Auto out of providers: each named by its display name, never "auto"; retry offers only ready ones', async () => {
    await useOpenAi('auto');
    // Every provider Auto tries fails: the emulator answers 500 for OpenAI; the local servers are
    // not running (or refuse); the browser has no built-in model.
    for (let i = 0; i < 3; i++) {
      openai.next({ kind: 'json', status: 500, body: { error: { message: 'Server on fire' } } });
    }
    const popup = await harness.openPage(PAGES.popup);
    await popup.getByTestId('new-chat-button').click();
    await sendMessage(popup, 'Anyone?');
    await expect.poll(() => notice(popup).count(), { timeout: 30_000 }).toBe(1);
    const text = await notice(popup).textContent();
    expect(text).not.toMatch(/\bauto\b/);
    const lines = await notice(popup).getByTestId('error-lines').locator('li').allTextContents();
    expect(lines.some((line) => line.startsWith('OpenAI: '))).toBe(true);
    const offered = await notice(popup)
      .locator('[data-testid="retry-provider-select"] option')
      .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    expect(offered).toContain('openai');
    // Needs a key, needs an address, an offline legacy service, a browser model it cannot run.
    for (const id of ['anthropic', 'openai-compatible', 'aichat', 'chrome-builtin']) {
      expect(offered).not.toContain(id);
    }
  });
});
