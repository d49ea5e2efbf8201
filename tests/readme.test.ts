import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { providers } from '../src/providers/registry';

const readme = readFileSync(resolve(import.meta.dirname, '../README.md'), 'utf8');

/** Table rows as trimmed cells: `| a | b |` → ['a', 'b']. */
const rows = readme
  .split('\n')
  .filter((line) => line.startsWith('|'))
  .map((line) =>
    line
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim()),
  );

describe('README.md', () => {
  it('opens with the two commands a newcomer runs', () => {
    const firstBlock = readme.split('```')[1] ?? '';
    expect(firstBlock).toContain('npm ci && npm start');
    expect(firstBlock).toContain('npm test');
  });

  it('lists every registered provider with its status', () => {
    for (const provider of providers) {
      const row = rows.find((cells) => cells[1] === `\`${provider.id}\``);
      expect(row, provider.id).toBeDefined();
      expect(row?.[0]).toBe(provider.displayName);
      if (provider.status && !provider.status.working) {
        expect(row?.[2]).toBe(`offline since ${provider.status.checked}`);
      }
    }
  });
});
