import { defineConfig, mergeConfig } from 'vitest/config';
import e2e from './vitest.e2e.config';

// `npm run screenshots`: the end-to-end suite plus the views in every size, language and theme,
// writing their pictures into docs/screenshots. `npm test` writes none (harness.ts, screenshotPath).
export default mergeConfig(
  e2e,
  defineConfig({
    test: {
      name: 'screenshots',
      include: ['tests/e2e/**/*.e2e.ts', 'tests/screenshots/**/*.shots.ts'],
      env: { PARLEY_SCREENSHOTS: '1' },
      reporters: ['default'],
    },
  }),
);
