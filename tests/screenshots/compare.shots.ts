// `npm run screenshots` only: compare (issue 13) at its real sizes — the full page in a wide
// window (columns side by side), the popup 400×600 and the side panel 360 wide (stacked) — in
// English and Russian, light and dark. Settings are written into storage: these pictures are not
// about how providers were set up (tests/e2e/compare.e2e.ts takes the person's path for compare).
import { afterAll, beforeAll, describe, it } from 'vitest';
import { launchExtension, PAGES, screenshotPath, type ExtensionHarness } from '../e2e/harness';
import { sendMessage } from '../e2e/chat-helpers';
import { openAiStream, SSE, startOpenAiServer } from '../mock-servers/openai';
import { startAnthropicServer } from '../mock-servers/anthropic';
import { NDJSON, ollamaLines, startOllamaServer } from '../mock-servers/ollama';
import type { ScriptedServer } from '../mock-servers/scripted';
import { tinyPngFile } from '../fakes/images';

let harness: ExtensionHarness;
let openai: ScriptedServer;
let anthropic: ScriptedServer;
let ollama: ScriptedServer;

beforeAll(async () => {
  openai = await startOpenAiServer({ apiKey: 'sk-shots' });
  anthropic = await startAnthropicServer({ apiKey: 'sk-ant-right' });
  ollama = await startOllamaServer();
  harness = await launchExtension({ viewport: { width: 1280, height: 800 } });
});
afterAll(async () => {
  await harness?.close();
  await Promise.all([openai?.close(), anthropic?.close(), ollama?.close()]);
});

const COMBOS = [
  ['en', 'light'],
  ['en', 'dark'],
  ['ru', 'light'],
  ['ru', 'dark'],
] as const;

const QUESTION = {
  en: 'Which sorting algorithm for nearly sorted data?',
  ru: 'Какую сортировку выбрать для почти упорядоченных данных?',
};
const SLOW = {
  en: [
    '**Insertion sort.** ',
    'On nearly sorted data it runs in close to *O(n)*:\n\n',
    '- each element moves only a few places\n',
    '- it is stable and sorts in place\n\n',
    'Timsort (Python, Java) builds on the same idea.',
  ],
  ru: [
    '**Сортировка вставками.** ',
    'На почти упорядоченных данных она работает почти за *O(n)*:\n\n',
    '- каждый элемент сдвигается лишь на несколько позиций\n',
    '- она устойчива и не требует памяти\n\n',
    'На той же идее построен Timsort (Python, Java).',
  ],
};
const FAST = {
  en: ['Timsort: ', 'it finds the sorted runs and merges them.'],
  ru: ['Timsort: ', 'он находит упорядоченные участки и сливает их.'],
};

describe('compare, pictured', () => {
  for (const [language, theme] of COMBOS) {
    const tag = `${language}-${theme}`;
    it(`three providers side by side and stacked (${tag})`, async () => {
      await harness.worker.evaluate(
        async (next) => {
          await chrome.storage.local.clear();
          await chrome.storage.local.set({ settings: next });
        },
        {
          ui: { language, theme },
          onboarded: true,
          providers: {
            'openai-compatible': {
              baseUrl: `${openai.url}/v1`,
              apiKey: 'sk-shots',
              model: 'gpt-4o-mini',
            },
            anthropic: { baseUrl: anthropic.url, apiKey: 'sk-ant-wrong' },
            ollama: { baseUrl: ollama.url, model: 'llama3.2:3b' },
          },
        },
      );
      openai.next({
        kind: 'stream',
        contentType: SSE,
        delayMs: 150,
        chunks: openAiStream({
          model: 'gpt-4o-mini',
          text: SLOW[language],
          usage: { prompt_tokens: 14, completion_tokens: 52, total_tokens: 66 },
        }),
      });
      ollama.next({
        kind: 'stream',
        contentType: NDJSON,
        delayMs: 80,
        chunks: ollamaLines({ text: FAST[language], promptEvalCount: 14, evalCount: 17 }),
      });
      const page = await harness.openPage(PAGES.app);
      await page.getByTestId('new-chat-button').click();
      // A new chat keeps the mode and picks of the last one (the previous picture's).
      if ((await page.getByTestId('compare-toggle').getAttribute('aria-pressed')) !== 'true')
        await page.getByTestId('compare-toggle').click();
      for (const id of ['openai-compatible', 'anthropic', 'ollama']) {
        const option = page.locator(
          `[data-testid="compare-provider-option"][data-provider-id="${id}"]`,
        );
        if ((await option.getAttribute('aria-pressed')) !== 'true') await option.click();
      }
      await sendMessage(page, QUESTION[language]);
      await page.waitForFunction(
        () =>
          document.querySelectorAll('[data-testid="compare-column"]').length === 3 &&
          !document.querySelector('[data-testid="compare-column"] [data-status="streaming"]'),
      );
      // The composer with compare on, for the next question.
      await page.getByTestId('composer-input').fill('');
      await page.screenshot({ path: screenshotPath(`compare-app-${tag}.png`) });
      await page.close();

      for (const [view, size] of [
        ['popup', { width: 400, height: 600 }],
        ['sidepanel', { width: 360, height: 800 }],
      ] as const) {
        const small = await harness.openPage(PAGES[view]);
        await small.setViewportSize(size);
        await small.getByTestId('compare-column').first().waitFor();
        await small.screenshot({ path: screenshotPath(`compare-${view}-${tag}.png`) });
        await small.close();
      }
    });
  }

  for (const language of ['en', 'ru'] as const) {
    it(`an image attached: the picker marks who takes none, at the popup's size (${language})`, async () => {
      await harness.worker.evaluate(
        async (next) => {
          await chrome.storage.local.clear();
          await chrome.storage.local.set({ settings: next });
          await chrome.storage.session.clear();
        },
        {
          ui: { language, theme: 'light' },
          onboarded: true,
          providers: {
            ollama: { baseUrl: ollama.url, model: 'llama3.2:3b' },
            acytoo: { baseUrl: 'http://127.0.0.1:9' },
          },
        },
      );
      const popup = await harness.openPage(PAGES.popup);
      await popup.setViewportSize({ width: 400, height: 600 });
      await popup.getByTestId('new-chat-button').click();
      if ((await popup.getByTestId('compare-toggle').getAttribute('aria-pressed')) !== 'true')
        await popup.getByTestId('compare-toggle').click();
      for (const id of ['ollama', 'acytoo']) {
        const option = popup.locator(
          `[data-testid="compare-provider-option"][data-provider-id="${id}"]`,
        );
        if ((await option.getAttribute('aria-pressed')) !== 'true') await option.click();
      }
      await popup.getByTestId('attach-input').setInputFiles(tinyPngFile());
      await popup
        .locator('[data-testid="compare-provider-option"][data-takes-input="false"]')
        .waitFor();
      await popup.screenshot({ path: screenshotPath(`compare-popup-image-${language}.png`) });
      await popup.close();
      await harness.worker.evaluate(() => chrome.storage.session.clear());
    });
  }
});
