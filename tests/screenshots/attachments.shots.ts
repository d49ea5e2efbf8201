// `npm run screenshots` only: the composer with attachments (issue 14) — a photo, a PDF and a text
// file as chips, a refused scan's notice, a draft — in the popup (400×600), the side panel (360
// wide) and a full window, in English and Russian, light and dark. Files go in through the real
// file input; settings are written into storage (these pictures are not about how they got there).
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchExtension, PAGES, screenshotPath, type ExtensionHarness } from '../e2e/harness';
import { makePdf } from '../fakes/minimal-pdf';

let harness: ExtensionHarness;

beforeAll(async () => {
  harness = await launchExtension();
});
afterAll(async () => {
  await harness?.close();
});

const COMBOS = [
  ['en', 'light'],
  ['en', 'dark'],
  ['ru', 'light'],
  ['ru', 'dark'],
] as const;

const SIZES = [
  ['popup', PAGES.popup, 400, 600],
  ['sidepanel', PAGES.sidepanel, 360, 640],
  ['window', PAGES.sidepanel, 1280, 800],
] as const;

async function attachAll(page: Page, language: string): Promise<void> {
  // A photo the page draws (a sunset-like gradient with a hill), attached through the input.
  await page.evaluate(async () => {
    const canvas = new OffscreenCanvas(2400, 1600);
    const c = canvas.getContext('2d')!;
    const sky = c.createLinearGradient(0, 0, 0, 1600);
    sky.addColorStop(0, '#f7a05b');
    sky.addColorStop(1, '#5b3f8c');
    c.fillStyle = sky;
    c.fillRect(0, 0, 2400, 1600);
    c.fillStyle = '#2d5a3a';
    c.beginPath();
    c.ellipse(1200, 1700, 1600, 600, 0, 0, Math.PI * 2);
    c.fill();
    const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
    const data = new DataTransfer();
    data.items.add(new File([blob], 'sunset.jpg', { type: 'image/jpeg' }));
    const input = document.querySelector<HTMLInputElement>('[data-testid="attach-input"]')!;
    input.files = data.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
  await page.getByTestId('attach-input').setInputFiles([
    {
      name: 'quarterly-report.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from(
        makePdf([{ lines: ['Revenue'] }, { lines: ['Costs'] }, { lines: ['Q4'] }]),
      ),
    },
    { name: 'notes.md', mimeType: 'text/markdown', buffer: Buffer.from('# Notes\n') },
  ]);
  await page
    .locator('[data-testid="attachment-chip"][data-status="ready"]')
    .nth(2)
    .waitFor({ timeout: 20_000 });
  await page.getByTestId('attach-input').setInputFiles({
    name: 'scan.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from(makePdf([{}])),
  });
  await page.getByTestId('attach-notice').waitFor({ timeout: 20_000 });
  await page
    .getByTestId('composer-input')
    .fill(language === 'ru' ? 'Сравни отчёт с заметками' : 'Compare the report with my notes');
}

describe('the composer with attachments, pictured', () => {
  for (const [language, theme] of COMBOS) {
    it(`chips and a notice (${language}-${theme})`, async () => {
      await harness.worker.evaluate(
        async (ui) => {
          await chrome.storage.local.clear();
          await chrome.storage.local.set({
            settings: {
              ui,
              onboarded: true,
              defaultProviderId: 'openai',
              providers: { openai: { baseUrl: 'http://127.0.0.1:9/v1', apiKey: 'sk-shots' } },
            },
          });
        },
        { language, theme },
      );
      for (const [surface, path, width, height] of SIZES) {
        // Each picture starts from an empty composer: what the last one attached is kept with the
        // draft in storage.session (kept-attachments.ts).
        await harness.worker.evaluate(() => chrome.storage.session.clear());
        const page = await harness.openPage(path);
        await page.setViewportSize({ width, height });
        await page.getByTestId('composer-input').waitFor();
        await attachAll(page, language);
        await page.screenshot({
          path: screenshotPath(`composer-attachments-${surface}-${language}-${theme}.png`),
        });
        await page.close();
      }
    });
  }
});
