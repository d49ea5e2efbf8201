// Flat config. Besides the recommended rules it enforces the layering in docs/design.md ("Who may
// import whom"), forbids import cycles and keeps DOM globals out of worker code.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';

const polyfillOnlyInBrowserTs = {
  name: 'webextension-polyfill',
  message:
    'Import `browser` from src/shared/browser.ts; the polyfill is imported in one place only.',
};

/**
 * @param {string[]} patterns
 * @param {string} message
 * @returns {import('eslint').Linter.RulesRecord}
 */
const banImports = (patterns, message) => ({
  'no-restricted-imports': [
    'error',
    {
      paths: [polyfillOnlyInBrowserTs],
      patterns: patterns.map((group) => ({ group: [group], message })),
    },
  ],
});

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'dist-firefox/',
      'release/',
      'node_modules/',
      'reports/',
      'coverage/',
      '.profile/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.browser, ...globals.node, chrome: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': ['error', { paths: [polyfillOnlyInBrowserTs] }],
    },
  },
  {
    // No module imports itself through others: a cycle makes load order matter and hides layering
    // mistakes (shared/protocol.ts and shared/backup.ts once imported each other).
    files: ['src/**/*.{ts,tsx}', 'tests/**/*.{ts,tsx}', 'bench/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [
        createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.json'] }),
      ],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    files: ['src/shared/browser.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // shared/ imports nothing of ours outside shared/.
    files: ['src/shared/**/*.{ts,tsx}'],
    ignores: ['src/shared/browser.ts'],
    rules: banImports(
      ['**/providers/**', '**/background/**', '**/ui/**'],
      'src/shared imports nothing of ours outside src/shared (docs/design.md).',
    ),
  },
  {
    // providers/ never imports ui/, background/ or platform/: the browser reaches an adapter only
    // through its injected context.
    files: ['src/providers/**/*.{ts,tsx}'],
    rules: banImports(
      ['**/ui/**', '**/background/**', '**/platform/**'],
      'src/providers never imports ui/, background/ or platform/ (docs/design.md).',
    ),
  },
  {
    // The worker knows providers through the contract and the registry only: a new provider is
    // its folder and its registry line, nothing in background/ names it.
    files: ['src/background/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [polyfillOnlyInBrowserTs],
          patterns: [
            {
              regex: '/providers/(?!(types|registry)$)',
              message:
                'src/background imports providers/types and providers/registry only (docs/design.md).',
            },
          ],
        },
      ],
    },
  },
  {
    // platform/ plugs the browser into the worker's ports; the views never see it.
    files: ['src/platform/**/*.ts'],
    rules: banImports(['**/ui/**'], "src/platform is the worker's seam; it never imports ui/."),
  },
  {
    // ui/ never imports provider code (types only) nor the background.
    files: ['src/ui/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [polyfillOnlyInBrowserTs],
          patterns: [
            {
              group: ['**/providers/**', '!**/providers/types'],
              allowTypeImports: true,
              message: 'src/ui never imports provider code, only types (docs/design.md).',
            },
            {
              group: ['**/background/**'],
              message: 'src/ui talks to the background by messages only.',
            },
          ],
        },
      ],
    },
  },
  {
    // Everything the service worker imports: crxjs 3 with Vite 8 crashes the worker at start when
    // its graph holds a dynamic import() (docs/design.md, "Stack").
    files: [
      'src/background/**/*.ts',
      'src/platform/**/*.ts',
      'src/providers/**/*.ts',
      'src/shared/**/*.ts',
    ],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ImportExpression',
          message:
            'No dynamic import() in the service-worker graph: crxjs + Vite 8 crash the worker (docs/design.md).',
        },
      ],
    },
  },
  {
    // The service worker has no window, document or localStorage.
    files: ['src/background/**/*.ts', 'src/platform/**/*.ts', 'src/providers/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'window', message: 'No window in the service worker; use globalThis or self.' },
        { name: 'document', message: 'No document in the service worker.' },
        {
          name: 'localStorage',
          message: 'No localStorage in the service worker; use browser.storage.',
        },
        { name: 'sessionStorage', message: 'No sessionStorage in the service worker.' },
      ],
    },
  },
);
