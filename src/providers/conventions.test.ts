// Adding a provider is one folder plus one line in registry.ts (design.md). This test holds every
// folder to that: registered under its folder name, documented, tested.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { providers } from './registry';

const root = import.meta.dirname;
const folders = readdirSync(root, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && entry.name !== '_shared')
  .map((entry) => entry.name)
  .sort();

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

describe('provider folders', () => {
  it('exist for every registered provider, and every folder is registered', () => {
    expect(providers.map((p) => p.id).sort()).toEqual(folders);
  });

  it.each(folders)('%s: is registered under its folder name', (folder) => {
    expect(providers.filter((p) => p.id === folder)).toHaveLength(1);
  });

  it.each(folders)('%s: has a README.md (with the offline date, if it is offline)', (folder) => {
    const readme = join(root, folder, 'README.md');
    expect(existsSync(readme)).toBe(true);
    const text = readFileSync(readme, 'utf8');
    expect(text).toMatch(/^# /);
    const status = providers.find((p) => p.id === folder)?.status;
    if (status && !status.working) expect(text).toContain(status.checked);
  });

  it.each(folders)('%s: has at least one test', (folder) => {
    expect(filesUnder(join(root, folder)).some((file) => file.endsWith('.test.ts'))).toBe(true);
  });

  it.each(folders)('%s: has an index.ts', (folder) => {
    expect(existsSync(join(root, folder, 'index.ts'))).toBe(true);
  });
});

describe('registered providers', () => {
  it.each(providers.map((p) => [p.id, p] as const))(
    '%s: id is kebab-case, names are set, the default base URL has no trailing slash',
    (id, provider) => {
      expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(id).not.toBe('auto'); // reserved for the fallback chain
      expect(provider.displayName.trim()).not.toBe('');
      expect(() => new URL(provider.defaultBaseUrl)).not.toThrow();
      expect(provider.defaultBaseUrl).not.toMatch(/\/$/);
    },
  );

  it('ids are unique', () => {
    expect(new Set(providers.map((p) => p.id)).size).toBe(providers.length);
  });
});
