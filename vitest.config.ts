import { defineConfig } from 'vitest/config';

// Unit tests: a node project for background/providers/shared (and the mock servers), a DOM
// project for ui. End-to-end tests have their own config (vitest.e2e.config.ts).
export default defineConfig({
  test: {
    reporters: ['default', ['json', { outputFile: 'reports/unit.json' }]],
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: [
            'src/{background,providers,shared}/**/*.test.ts',
            'tests/*.test.ts',
            'tests/{fakes,mock-servers}/**/*.test.ts',
          ],
        },
      },
      {
        test: {
          name: 'dom',
          environment: 'happy-dom',
          include: ['src/ui/**/*.test.{ts,tsx}', 'tests/integration/**/*.test.{ts,tsx}'],
          setupFiles: ['tests/setup/preact-effects.ts'],
        },
      },
    ],
  },
});
