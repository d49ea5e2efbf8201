import { defineConfig } from 'vitest/config';

// End-to-end tests in the system Firefox against the Firefox build (dist-firefox/), driven over
// WebDriver BiDi (tests/e2e-firefox/harness.ts). One file at a time, like the Chromium ones.
export default defineConfig({
  test: {
    name: 'e2e-firefox',
    environment: 'node',
    include: ['tests/e2e-firefox/**/*.e2e.ts'],
    globalSetup: ['tests/e2e-firefox/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default', ['json', { outputFile: 'reports/e2e-firefox.json' }]],
  },
});
