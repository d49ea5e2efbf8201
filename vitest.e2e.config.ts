import { defineConfig } from 'vitest/config';

// End-to-end tests drive the built extension (dist/) in a real Chromium. One file at a time: each
// launches its own browser, and CI machines have two cores.
export default defineConfig({
  test: {
    name: 'e2e',
    environment: 'node',
    include: ['tests/e2e/**/*.e2e.ts'],
    globalSetup: ['tests/e2e/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default', ['json', { outputFile: 'reports/e2e.json' }]],
  },
});
