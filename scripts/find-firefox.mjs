// Finds Firefox for the Firefox e2e tests and `npm run start:firefox`: FIREFOX_PATH first, then
// Debian's firefox-esr, then `firefox` on PATH.
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const CANDIDATES = ['firefox-esr', 'firefox'];

/** @returns {string | undefined} */
export function findFirefox(env = process.env) {
  if (env.FIREFOX_PATH) return existsSync(env.FIREFOX_PATH) ? env.FIREFOX_PATH : undefined;
  if (existsSync('/usr/bin/firefox-esr')) return '/usr/bin/firefox-esr';
  const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const name of CANDIDATES) {
    for (const dir of dirs) {
      const candidate = join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
  }
  return undefined;
}

export const FIREFOX_HELP = [
  'No Firefox was found.',
  'Install it (on Debian/Ubuntu: `sudo apt-get install -y firefox-esr`), or point FIREFOX_PATH at it:',
  '  FIREFOX_PATH=/path/to/firefox npm test',
  'Firefox 140 or newer (ESR 140 and later) runs Parley.',
].join('\n');
