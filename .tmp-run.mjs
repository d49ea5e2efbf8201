import { chromium } from 'playwright-core';
import { mkdtempSync } from 'node:fs';
const profile = mkdtempSync('/tmp/i10cmd/prof-');
const ext = process.argv[2];
const ctx = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox','--no-first-run','--disable-extensions-except='+ext, '--load-extension='+ext] });
const w = ctx.serviceWorkers()[0] ?? await ctx.waitForEvent('serviceworker', {timeout: 15000});
console.log(JSON.stringify(await w.evaluate(() => chrome.commands.getAll())));
await ctx.close();
