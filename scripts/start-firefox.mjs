// `npm run start:firefox`: opens Firefox with dist-firefox/ installed as a temporary add-on on a
// fresh, throw-away profile (web-ext run; it reloads the add-on when dist-firefox/ changes).
// Pick the browser with FIREFOX_PATH=/path/to/firefox; keep the profile with PARLEY_PROFILE=dir.
// Extra arguments go to web-ext run (e.g. `npm run start:firefox -- --arg=--headless`).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FIREFOX_HELP, findFirefox } from './find-firefox.mjs';

const root = resolve(import.meta.dirname, '..');
const dist = join(root, 'dist-firefox');
if (!existsSync(join(dist, 'manifest.json'))) {
  console.error('dist-firefox/ has no build: run `npm run build:firefox` (start:firefox does it).');
  process.exit(1);
}
const firefox = findFirefox();
if (!firefox) {
  console.error(FIREFOX_HELP);
  process.exit(1);
}
const args = ['run', '--source-dir', dist, '--firefox', firefox, '--no-config-discovery'];
const profile = process.env.PARLEY_PROFILE;
if (profile) {
  mkdirSync(profile, { recursive: true });
  args.push(
    '--firefox-profile',
    resolve(profile),
    '--profile-create-if-missing',
    '--keep-profile-changes',
  );
}
args.push('--start-url', 'about:addons', ...process.argv.slice(2));
console.log(
  `Starting ${firefox} with Parley installed (${profile ? `profile: ${profile}` : 'a fresh profile'}).`,
);
console.log(
  'Open Parley from the puzzle-piece (Extensions) button and pin it; the sidebar is View → Sidebar → Parley.',
);
const child = spawn(
  process.execPath,
  [join(root, 'node_modules/web-ext/bin/web-ext.js'), ...args],
  {
    stdio: 'inherit',
  },
);
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code) => process.exit(code ?? 0));
