import { defineConfig } from 'vitest/config';

// Benchmarks (`npm run bench`): real Chromium against dist/, one at a time, results in reports/.
export default defineConfig({
  test: {
    name: 'bench',
    environment: 'node',
    include: ['bench/**/*.bench.ts'],
    globalSetup: ['tests/e2e/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 60_000,
  },
});
