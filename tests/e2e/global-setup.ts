// Fails the e2e run at once, with a fix, when its prerequisites are missing: no test is skipped.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CHROMIUM_HELP, findChromium } from '../../scripts/find-chromium.mjs';
import { DIST } from './harness';

export default function setup(): void {
  if (!findChromium()) throw new Error(CHROMIUM_HELP);
  if (!existsSync(join(DIST, 'manifest.json'))) {
    throw new Error('dist/ has no build. Run `npm run build` first (`npm test` does it for you).');
  }
}
