// Adding a provider is one folder plus one line in registry.ts (docs/design.md). This test holds
// every folder to that: registered under its folder name, documented, tested.
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

// Presets (docs/decisions/openai-compatible-presets.md): one folder may register several entries;
// those whose id is not a folder name say which folder implements them (`presetOf`).
describe('provider folders', () => {
  it('every folder has a registry entry named after it', () => {
    const ids = providers.map((p) => p.id);
    expect(folders.filter((folder) => !ids.includes(folder))).toEqual([]);
  });

  it('every registry entry is a folder, or a preset of one', () => {
    const strays = providers.filter(
      (p) => !folders.includes(p.id) && !folders.includes(p.presetOf ?? ''),
    );
    expect(strays.map((p) => p.id)).toEqual([]);
  });

  it.each(folders)('%s: is registered under its folder name once', (folder) => {
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
    '%s: id is kebab-case, names are set, the default base URL is a URL without a trailing slash',
    (id, provider) => {
      expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(id).not.toBe('auto'); // reserved for the fallback chain
      expect(provider.displayName.trim()).not.toBe('');
      // Empty only for a model in the browser or a custom endpoint the user must enter.
      if (provider.defaultBaseUrl === '') {
        expect(provider.info?.runs === 'browser' || provider.info?.baseUrlRequired).toBe(true);
      } else {
        expect(() => new URL(provider.defaultBaseUrl)).not.toThrow();
        expect(provider.defaultBaseUrl).not.toMatch(/\/$/);
      }
    },
  );

  it('ids are unique', () => {
    expect(new Set(providers.map((p) => p.id)).size).toBe(providers.length);
  });
});
