// `npm start`: opens a Chromium-family browser with dist/ loaded on a fresh, throw-away profile.
// Pick the browser with CHROME_PATH=/path/to/browser; keep the profile with PARLEY_PROFILE=dir.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { baseChromiumArgs, CHROMIUM_HELP, findChromium } from './find-chromium.mjs';

const dist = resolve(import.meta.dirname, '../dist');
if (!existsSync(join(dist, 'manifest.json'))) {
  console.error('dist/ has no build: run `npm run build` (npm start does it for you).');
  process.exit(1);
}
const browser = findChromium();
if (!browser) {
  console.error(CHROMIUM_HELP);
  process.exit(1);
}
const keep = Boolean(process.env.PARLEY_PROFILE);
const profile = process.env.PARLEY_PROFILE ?? mkdtempSync(join(tmpdir(), 'parley-profile-'));
const args = [
  ...baseChromiumArgs().filter((flag) => flag !== '--disable-background-networking'),
  `--user-data-dir=${profile}`,
  `--disable-extensions-except=${dist}`,
  `--load-extension=${dist}`,
  'chrome://extensions/',
];
console.log(`Starting ${browser} with Parley loaded (profile: ${profile}).`);
console.log('Pin Parley from the puzzle-piece menu, then click its icon to chat.');
const child = spawn(browser, args, { stdio: 'inherit' });
child.on('exit', (code) => {
  if (!keep) rmSync(profile, { recursive: true, force: true });
  process.exit(code ?? 0);
});
