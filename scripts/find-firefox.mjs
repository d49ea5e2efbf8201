// Finds Firefox for the Firefox e2e tests and `npm run start:firefox`: FIREFOX_PATH first, then
// Debian's firefox-esr, then `firefox` on PATH.
import { findExecutable } from './find-executable.mjs';

const CANDIDATES = ['firefox-esr', 'firefox'];

/** @returns {string | undefined} */
export function findFirefox(env = process.env) {
  return findExecutable(
    { envVar: 'FIREFOX_PATH', preferred: '/usr/bin/firefox-esr', names: CANDIDATES },
    env,
  );
}

export const FIREFOX_HELP = [
  'No Firefox was found.',
  'Install it (on Debian/Ubuntu: `sudo apt-get install -y firefox-esr`), or point FIREFOX_PATH at it:',
  '  FIREFOX_PATH=/path/to/firefox npm test',
  'Firefox 140 or newer (ESR 140 and later) runs Parley.',
].join('\n');
