// Finds a Chromium-family browser for e2e tests and `npm start`: CHROME_PATH first, then the usual
// names on PATH. Branded Google Chrome 137+ ignores --load-extension, so Chromium comes first.
import { findExecutable } from './find-executable.mjs';

const CANDIDATES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

/** @returns {string | undefined} */
export function findChromium(env = process.env) {
  return findExecutable(
    { envVar: 'CHROME_PATH', preferred: '/usr/bin/chromium', names: CANDIDATES },
    env,
  );
}

export const CHROMIUM_HELP = [
  'No Chromium-family browser was found.',
  'Install one (on Debian/Ubuntu: `sudo apt-get install -y chromium`), or point CHROME_PATH at it:',
  '  CHROME_PATH=/path/to/chromium npm test',
  'Branded Google Chrome 137+ ignores --load-extension; use Chromium, Chrome for Testing, or Edge/Brave.',
].join('\n');

/** Flags every automated launch here needs: a closed network, and root in containers. */
export function baseChromiumArgs() {
  const args = [
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
  ];
  if (typeof process.getuid === 'function' && process.getuid() === 0) args.push('--no-sandbox');
  return args;
}
