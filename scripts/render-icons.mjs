// Renders public/icons/icon.svg to the PNG sizes the manifest names. Run by hand after editing the
// SVG (`node scripts/render-icons.mjs`); the PNGs are committed.
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { findChromium, baseChromiumArgs, CHROMIUM_HELP } from './find-chromium.mjs';

const executablePath = findChromium();
if (!executablePath) throw new Error(CHROMIUM_HELP);
const svg = readFileSync(new URL('../public/icons/icon.svg', import.meta.url), 'utf8');
const browser = await chromium.launch({ executablePath, args: baseChromiumArgs() });
for (const size of [16, 32, 48, 128]) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  await page.setContent(
    `<style>html,body{margin:0;background:transparent}svg{width:${size}px;height:${size}px;display:block}</style>${svg}`,
  );
  await page.screenshot({
    path: new URL(`../public/icons/icon-${size}.png`, import.meta.url).pathname,
    omitBackground: true,
  });
  await page.close();
}
await browser.close();
console.log('icons rendered');
