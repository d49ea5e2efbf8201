// `npm run screenshots` only: the way-in views (issue 10) at their real sizes — popup 400×600, side
// panel 360 wide, Options in a full window — in English and Russian, light and dark, written into
// docs/screenshots. Settings are written into storage: these pictures are not about how they got
// there (tests/e2e/journey.e2e.ts takes the person's path).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import errors from '../../src/providers/openai-compatible/fixtures/errors.json';
import { launchExtension, PAGES, screenshotPath, type ExtensionHarness } from '../e2e/harness';
import { lastAssistant, sendMessage } from '../e2e/chat-helpers';
import { openAiStream, SSE, startOpenAiServer } from '../mock-servers/openai';
import { PICTURED } from './app-conversation';
import type { ScriptedServer } from '../mock-servers/scripted';

const KEY = 'sk-shots';
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

/** Replaces the settings from the worker (pages opened afterwards start in them). */
async function settle(settings: Record<string, unknown>): Promise<void> {
  await harness.worker.evaluate(async (next) => {
    await chrome.storage.local.clear();
    await chrome.storage.local.set({ settings: next });
  }, settings);
}

const COMBOS = [
  ['en', 'light'],
  ['en', 'dark'],
  ['ru', 'light'],
  ['ru', 'dark'],
] as const;

describe('the way in, pictured', () => {
  for (const [language, theme] of COMBOS) {
    const ui = { language, theme };
    const tag = `${language}-${theme}`;

    it(`first-run card and Options (${tag})`, async () => {
      await settle({ ui });
      const popup = await harness.openPage(PAGES.popup);
      await popup.setViewportSize({ width: 400, height: 600 });
      await popup.getByTestId('setup-card').waitFor();
      // Detection done: the card says what it found.
      await popup.locator('.setup-looking').waitFor({ state: 'detached' });
      await popup.screenshot({ path: screenshotPath(`first-run-${tag}.png`) });
      await popup.getByTestId('setup-add-key').click();
      await popup.getByTestId('key-setup').waitFor();
      await popup.screenshot({ path: screenshotPath(`first-run-key-${tag}.png`) });
      await popup.close();

      const options = await harness.openPage(PAGES.options);
      await options.setViewportSize({ width: 1280, height: 900 });
      await options.getByTestId('options-guide').waitFor();
      await options.screenshot({ path: screenshotPath(`options-guide-${tag}.png`) });
      await options.locator('#keyboard-heading').scrollIntoViewIfNeeded();
      await options.getByTestId('shortcut').first().waitFor();
      await options.screenshot({ path: screenshotPath(`options-shortcuts-${tag}.png`) });
      await options.close();
    });
  }
  // After every first-run picture: a conversation would be reopened in the popup.
  for (const [language, theme] of COMBOS) {
    const ui = { language, theme };
    const tag = `${language}-${theme}`;
    it(`a model-not-found notice in the side panel (${tag})`, async () => {
      await settle({
        ui,
        onboarded: true,
        defaultProviderId: 'openai',
        providers: { openai: { baseUrl: `${openai.url}/v1`, apiKey: KEY, model: 'gpt-9' } },
      });
      const { status, body } = errors['404-model-not-found'];
      openai.next({ kind: 'json', status, body });
      const panel = await harness.openPage(PAGES.sidepanel);
      await panel.setViewportSize({ width: 360, height: 640 });
      await panel.getByTestId('composer-input').waitFor();
      await panel.getByTestId('new-chat-button').click();
      await sendMessage(panel, language === 'ru' ? 'Привет!' : 'Hello!');
      await lastAssistant(panel).getByTestId('fix-model-button').waitFor();
      await panel.screenshot({ path: screenshotPath(`sidepanel-model-not-found-${tag}.png`) });
      await panel.close();
    });
  }
});

// Issue 13: the full page at a full window (1280×800, and 1600×1000), with a real conversation —
// a long markdown reply — and the history beside it; a narrow window falls back to the drawer.
describe('the full page, pictured', () => {
  for (const [language, theme] of COMBOS) {
    const ui = { language, theme };
    const tag = `${language}-${theme}`;
    it(`a long markdown conversation with the history sidebar (${tag})`, async () => {
      const chat = PICTURED[language];
      // A fresh profile for each picture: the sidebar lists this language's conversations only.
      const own = await launchExtension();
      await own.worker.evaluate(
        async (next) => void (await chrome.storage.local.set({ settings: next })),
        {
          ui,
          onboarded: true,
          defaultProviderId: 'openai',
          providers: { openai: { baseUrl: `${openai.url}/v1`, apiKey: KEY, model: 'gpt-4o' } },
        },
      );
      const app = await own.openPage(PAGES.app);
      await app.setViewportSize({ width: 1280, height: 800 });
      await app.getByTestId('composer-input').waitFor();
      const ask = async (text: string) => {
        await app.getByTestId('new-chat-button').click();
        await sendMessage(app, text);
        await expect
          .poll(() => lastAssistant(app).getAttribute('data-status'), { timeout: 15_000 })
          .toBe('done');
      };
      for (const question of chat.earlier) await ask(question);
      const pieces = chat.reply.match(/[\s\S]{1,60}/g) ?? [];
      openai.next({
        kind: 'stream',
        contentType: SSE,
        chunks: openAiStream({
          model: 'gpt-4o',
          text: pieces,
          usage: { prompt_tokens: 41, completion_tokens: 512, total_tokens: 553 },
        }),
      });
      await ask(chat.question);
      await expect
        .poll(
          () =>
            app.locator('[data-testid="history-panel"] [data-testid="conversation-item"]').count(),
          { timeout: 15_000 },
        )
        .toBe(chat.earlier.length + 1);
      await expect
        .poll(() => lastAssistant(app).locator('pre code.hljs').count(), { timeout: 15_000 })
        .toBe(1);
      // The reply from its start, as a person reads it.
      await lastAssistant(app).evaluate((el) => el.scrollIntoView({ block: 'start' }));
      await app.screenshot({ path: screenshotPath(`app-${tag}.png`) });

      await app.setViewportSize({ width: 1600, height: 1000 });
      await app.getByTestId('composer-input').fill(chat.followUp);
      // At the end of the conversation, where the next message goes.
      await app.getByTestId('jump-to-latest').click();
      await expect
        .poll(() => app.getByTestId('jump-to-latest').count(), { timeout: 10_000 })
        .toBe(0);
      await app.screenshot({ path: screenshotPath(`app-wide-${tag}.png`) });

      // Narrow: no sidebar; the history is the drawer, as in the side panel.
      await app.setViewportSize({ width: 760, height: 800 });
      await app.getByTestId('history-button').click();
      await app.getByTestId('history-panel').waitFor();
      await app.screenshot({ path: screenshotPath(`app-narrow-${tag}.png`) });
      await own.close();
    });
  }
});
