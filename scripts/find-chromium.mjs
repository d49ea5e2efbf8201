// Finds a Chromium-family browser for e2e tests and `npm start`: CHROME_PATH first, then the usual
// names on PATH. Branded Google Chrome 137+ ignores --load-extension, so Chromium comes first.
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const CANDIDATES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

/** @returns {string | undefined} */
export function findChromium(env = process.env) {
  if (env.CHROME_PATH) return existsSync(env.CHROME_PATH) ? env.CHROME_PATH : undefined;
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const name of CANDIDATES) {
    for (const dir of dirs) {
      const candidate = join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
  }
  return undefined;
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
