// bench/attachments: attachments made ready to send in the view (issue 14), in the built extension's
// popup (dist/), through its real file input — from the input's `change` event to the chip turning
// `ready` (scaled, re-encoded, base64 for chat-send, token estimate shown):
//   - a 12-megapixel photo (4000×3000 JPEG drawn by the page, noise over a gradient so it does not
//     compress to nothing), for OpenAI's limits (within 2048 px, short side 768). Target: < 300 ms
//     median on a quiet machine. Baseline in the same page: decoding the same file alone
//     (createImageBitmap), the least any pipeline pays; the ratio (target < 2.5) says what
//     scaling, encoding and base64 add on top, and holds on a loaded machine too.
//   - a 50-page PDF (tests/fakes/minimal-pdf.ts, 40 lines a page): its text. Target: < 2 s, the
//     first one included on a quiet machine (PDF.js and its worker load then).
// Five runs each; the machine's load average is recorded with the figures (reports/bench-attachments.json).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { launchExtension, PAGES, type ExtensionHarness } from '../tests/e2e/harness';
import { setSettings } from '../tests/e2e/chat-helpers';
import { makePdf } from '../tests/fakes/minimal-pdf';

const RUNS = 5;
const IMAGE_TARGET_MS = 300;
/** What scaling, encoding and base64 may add to a bare decode of the same file. */
const IMAGE_RATIO_TARGET = 2.5;
const PDF_TARGET_MS = 2_000;
const OUT = resolve(import.meta.dirname, '../reports');

let harness: ExtensionHarness;
let popup: Page;

beforeAll(async () => {
  harness = await launchExtension();
  popup = await harness.openPage(PAGES.options);
  await setSettings(popup, {
    onboarded: true,
    defaultProviderId: 'openai',
    providers: { openai: { baseUrl: 'http://127.0.0.1:9/v1', apiKey: 'sk-bench' } },
  });
  await popup.close();
  popup = await harness.openPage(PAGES.popup);
  await popup.getByTestId('attach-input').waitFor({ state: 'attached' });
}, 60_000);
afterAll(async () => {
  await harness?.close();
});

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * Puts the file held in `window.__benchFile` into the attach input and answers the milliseconds
 * from its change event to a ready chip.
 */
function attachTimed(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const input = document.querySelector<HTMLInputElement>('[data-testid="attach-input"]')!;
    const file = (window as unknown as { __benchFile: File }).__benchFile;
    const data = new DataTransfer();
    data.items.add(file);
    const ready = new Promise<number>((done, fail) => {
      const observer = new MutationObserver(() => {
        if (document.querySelector('[data-testid="attach-notice"]')) {
          observer.disconnect();
          fail(new Error(document.querySelector('[data-testid="attach-notice"]')!.textContent!));
        }
        if (document.querySelector('[data-testid="attachment-chip"][data-status="ready"]')) {
          observer.disconnect();
          done(performance.now());
        }
      });
      observer.observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    input.files = data.files;
    const start = performance.now();
    input.dispatchEvent(new Event('change', { bubbles: true }));
    const end = await ready;
    // Removed again for the next run.
    document.querySelector<HTMLButtonElement>('[data-testid="attachment-remove"]')!.click();
    await new Promise((r) => setTimeout(r, 50));
    return end - start;
  });
}

it('a 12-megapixel photo is ready to send in < 300 ms; a 50-page PDF’s text in < 2 s', async () => {
  const loadBefore = loadavg();
  const photo = await popup.evaluate(async () => {
    const canvas = new OffscreenCanvas(4000, 3000);
    const context = canvas.getContext('2d')!;
    const gradient = context.createLinearGradient(0, 0, 4000, 3000);
    gradient.addColorStop(0, '#3a6');
    gradient.addColorStop(1, '#c63');
    context.fillStyle = gradient;
    context.fillRect(0, 0, 4000, 3000);
    const noise = context.getImageData(0, 0, 4000, 3000);
    for (let i = 0; i < noise.data.length; i += 4) {
      const n = (Math.random() - 0.5) * 40;
      noise.data[i] = noise.data[i]! + n;
      noise.data[i + 1] = noise.data[i + 1]! + n;
      noise.data[i + 2] = noise.data[i + 2]! + n;
    }
    context.putImageData(noise, 0, 0);
    const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
    const file = new File([blob], 'photo.jpg', { type: 'image/jpeg' });
    (window as unknown as { __benchFile: File }).__benchFile = file;
    return { bytes: file.size };
  });
  const imageMs: number[] = [];
  const decodeMs: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    imageMs.push(await attachTimed(popup));
    decodeMs.push(
      await popup.evaluate(async () => {
        const file = (window as unknown as { __benchFile: File }).__benchFile;
        const start = performance.now();
        const bitmap = await createImageBitmap(file);
        const ms = performance.now() - start;
        bitmap.close();
        return ms;
      }),
    );
  }

  const pdf = makePdf(
    Array.from({ length: 50 }, (_, page) => ({
      lines: Array.from(
        { length: 40 },
        (_, line) =>
          `Page ${page + 1}, line ${line + 1}: the quick brown fox jumps over the lazy dog.`,
      ),
    })),
  );
  await popup.evaluate((bytes) => {
    (window as unknown as { __benchFile: File }).__benchFile = new File(
      [new Uint8Array(bytes)],
      'fifty-pages.pdf',
      { type: 'application/pdf' },
    );
  }, Array.from(pdf));
  const pdfMs: number[] = [];
  for (let run = 0; run < RUNS; run++) pdfMs.push(await attachTimed(popup));

  const report = {
    machine: { loadBefore, loadAfter: loadavg() },
    image: {
      sourceBytes: photo.bytes,
      readyMs: imageMs,
      readyMedian: median(imageMs),
      decodeOnlyMs: decodeMs,
      decodeOnlyMedian: median(decodeMs),
      ratioToDecode: median(imageMs) / median(decodeMs),
    },
    pdf: {
      pages: 50,
      bytes: pdf.length,
      readyMs: pdfMs,
      first: pdfMs[0],
      warmMedian: median(pdfMs.slice(1)),
    },
  };
  mkdirSync(OUT, { recursive: true });
  writeFileSync(resolve(OUT, 'bench-attachments.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log(JSON.stringify(report, null, 2));
  // On a quiet machine the median is well under 300 ms (docs/performance.md); on a shared one the
  // absolute time follows the load, so the run holds the ratio to the bare decode in the same page.
  expect(report.image.ratioToDecode).toBeLessThan(IMAGE_RATIO_TARGET);
  if (loadBefore[0]! < 2) expect(report.image.readyMedian).toBeLessThan(IMAGE_TARGET_MS);
  // Warm (PDF.js loaded) every run holds the target; the first run also loads PDF.js and its
  // worker (about 1.7 MB of script), which on a loaded machine is the load's to decide.
  expect(Math.max(...pdfMs.slice(1))).toBeLessThan(PDF_TARGET_MS);
  if (loadBefore[0]! < 2) expect(pdfMs[0]).toBeLessThan(PDF_TARGET_MS);
});
