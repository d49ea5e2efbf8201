// bench/markdown: the cost of rendering a streaming markdown reply, in Chromium. A realistic
// 50,000-character reply (prose, lists, tables, fenced code) streams in 5-character deltas into
// the real MarkdownView; each delta is timed from the render call to a finished layout. The
// target (issue 5): the per-delta cost grows about linearly at most — cost at 50k / cost at 10k
// below 2. The naive way (the whole text rendered again each delta) is measured alongside.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { build } from 'vite';
import preact from '@preact/preset-vite';
import { chromium, type Browser, type Page } from 'playwright-core';
import { baseChromiumArgs, CHROMIUM_HELP, findChromium } from '../scripts/find-chromium.mjs';
import { longReply } from '../src/ui/markdown/sample-replies';
import type * as Entry from './markdown-entry';

const LENGTH = 50_000;
const DELTA = 5;
/** Deltas averaged at each measuring point (the 2,000 characters before it). */
const WINDOW = 400;
const TARGET_RATIO = 2;
const OUT = resolve(import.meta.dirname, '../reports');

let browser: Browser;
let page: Page;

declare global {
  var ParleyMarkdownBench: typeof Entry;
}

beforeAll(async () => {
  // One script with everything inlined (the highlighter too), built from the real sources.
  await build({
    configFile: false,
    logLevel: 'warn',
    plugins: [preact()],
    build: {
      outDir: resolve(OUT, '.bench-markdown'),
      emptyOutDir: true,
      minify: true,
      lib: {
        entry: resolve(import.meta.dirname, 'markdown-entry.tsx'),
        formats: ['iife'],
        name: 'ParleyMarkdownBench',
        fileName: () => 'bench.js',
      },
    },
  });
  const executablePath = findChromium();
  if (!executablePath) throw new Error(CHROMIUM_HELP);
  browser = await chromium.launch({ executablePath, headless: true, args: baseChromiumArgs() });
  page = await browser.newPage({ viewport: { width: 420, height: 900 } });
  await page.setContent(
    `<!doctype html><style>${readFileSync(resolve(import.meta.dirname, '../src/ui/markdown/markdown.css'), 'utf8')}</style><body></body>`,
  );
  await page.addScriptTag({ path: resolve(OUT, '.bench-markdown/bench.js') });
});
afterAll(async () => {
  await browser?.close();
});

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
};
const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;

it(
  `renders a ${LENGTH}-character reply streamed in ${DELTA}-character deltas`,
  { timeout: 300_000 },
  async () => {
    const text = longReply(LENGTH);
    // Warm up the JIT on a shorter run, then measure.
    await page.evaluate(([t, d]) => globalThis.ParleyMarkdownBench.streamIncremental(t, d), [
      text.slice(0, 10_000),
      DELTA,
    ] as const);
    const { perDelta, finalMs } = await page.evaluate(
      ([t, d]) => globalThis.ParleyMarkdownBench.streamIncremental(t, d),
      [text, DELTA] as const,
    );
    expect(perDelta).toHaveLength(LENGTH / DELTA);

    /** Mean and median over the WINDOW deltas that end at `chars`. */
    const at = (chars: number) => {
      const end = chars / DELTA;
      const window = perDelta.slice(end - WINDOW, end);
      return { meanMs: round(mean(window)), medianMs: round(median(window)) };
    };
    const growth = [10_000, 20_000, 30_000, 40_000, 50_000].map((chars) => ({
      chars,
      ...at(chars),
    }));
    const at10k = at(10_000);
    const at50k = at(50_000);

    const naiveAt = async (chars: number) => {
      const window = await page.evaluate(
        ([t, d, from, to]) => globalThis.ParleyMarkdownBench.streamNaive(t, d, from, to),
        [text, DELTA, chars - 200 * DELTA, chars] as const,
      );
      return { meanMs: round(mean(window)), medianMs: round(median(window)) };
    };
    const naive10k = await naiveAt(10_000);
    const naive50k = await naiveAt(50_000);

    const result = {
      characters: LENGTH,
      deltaSize: DELTA,
      deltas: perDelta.length,
      totalMs: round(perDelta.reduce((a, b) => a + b, 0) + finalMs, 1),
      finalRenderMs: round(finalMs, 2),
      perDeltaAt10k: at10k,
      perDeltaAt50k: at50k,
      ratio50kTo10k: {
        mean: round(at50k.meanMs / at10k.meanMs, 2),
        median: round(at50k.medianMs / at10k.medianMs, 2),
      },
      growth,
      naive: {
        perDeltaAt10k: naive10k,
        perDeltaAt50k: naive50k,
        ratio50kTo10k: round(naive50k.meanMs / naive10k.meanMs, 2),
      },
      targetRatio: TARGET_RATIO,
      browser: browser.version(),
    };
    console.log(`bench/markdown ${JSON.stringify(result, null, 2)}`);
    mkdirSync(OUT, { recursive: true });
    writeFileSync(resolve(OUT, 'bench-markdown.json'), `${JSON.stringify(result, null, 2)}\n`);
    expect(result.ratio50kTo10k.mean).toBeLessThan(TARGET_RATIO);
  },
);
