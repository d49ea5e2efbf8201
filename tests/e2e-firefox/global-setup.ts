// Fails the Firefox e2e run at once, with a fix, when its prerequisites are missing: no test is
// skipped.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { FIREFOX_HELP, findFirefox } from '../../scripts/find-firefox.mjs';
import { DIST_FIREFOX } from './harness';

export default function setup(): void {
  if (!findFirefox()) throw new Error(FIREFOX_HELP);
  if (!existsSync(join(DIST_FIREFOX, 'manifest.json'))) {
    throw new Error(
      'dist-firefox/ has no build. Run `npm run build:firefox` first (`npm test` does it for you).',
    );
  }
}
