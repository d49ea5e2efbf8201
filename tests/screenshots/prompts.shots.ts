// `npm run screenshots` only: the prompt library (issue 13) — the composer's `/` menu in the popup
// (400×600) and the side panel (360 wide), and the Options section in a full window — in English
// and Russian, light and dark, written into docs/screenshots. Settings are written into storage:
// these pictures are not about how they got there (tests/e2e/prompts.e2e.ts takes the person's path).
import { afterAll, beforeAll, describe, it } from 'vitest';
import { launchExtension, PAGES, screenshotPath, type ExtensionHarness } from '../e2e/harness';

let harness: ExtensionHarness;

beforeAll(async () => {
  harness = await launchExtension();
});
afterAll(async () => {
  await harness?.close();
});

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

describe('the prompt library, pictured', () => {
  for (const [language, theme] of COMBOS) {
    const tag = `${language}-${theme}`;
    it(`the / menu and the Options section (${tag})`, async () => {
      // The default prompts, in the UI's language (never saved).
      await settle({ ui: { language, theme }, onboarded: true });
      for (const [surface, size] of [
        ['popup', { width: 400, height: 600 }],
        ['sidepanel', { width: 360, height: 640 }],
      ] as const) {
        const page = await harness.openPage(PAGES[surface]);
        await page.setViewportSize(size);
        const composer = page.getByTestId('composer-input');
        await composer.click();
        // A view keeps an unsent draft (the other view's `/`): start from an empty composer.
        await composer.press('ControlOrMeta+a');
        await composer.press('Backspace');
        await composer.press('/');
        await page.getByTestId('prompt-menu').waitFor();
        await composer.press('ArrowDown');
        await page.screenshot({ path: screenshotPath(`${surface}-prompt-menu-${tag}.png`) });
        await page.close();
      }
      const options = await harness.openPage(PAGES.options);
      await options.setViewportSize({ width: 1280, height: 900 });
      await options.locator('#templates-heading').scrollIntoViewIfNeeded();
      await options.getByTestId('prompt').first().waitFor();
      await options.evaluate(() =>
        document.getElementById('templates-heading')?.scrollIntoView({ block: 'start' }),
      );
      await options.screenshot({ path: screenshotPath(`options-prompts-${tag}.png`) });
      await options.close();
    });
  }
});
