// scripts/package.mjs on a small project made here: the three release zips, named by the version
// in package.json, with the right files at their roots; a stale build is refused.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import JSZip from 'jszip';
import { packageRelease } from '../scripts/package.mjs';

let root: string;

function write(path: string, content: string) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), content);
}

const manifest = (version: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ manifest_version: 3, name: 'Parley', version, ...extra });

async function names(zipPath: string): Promise<string[]> {
  const zip = await JSZip.loadAsync(readFileSync(zipPath));
  return Object.values(zip.files)
    .filter((entry) => !entry.dir)
    .map((entry) => entry.name)
    .sort();
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'parley-package-'));
  write('package.json', JSON.stringify({ name: 'parley', version: '2.3.4' }));
  write('.gitignore', 'dist/\ndist-firefox/\nrelease/\nnode_modules/\n');
  write('SOURCE-BUILD.md', '# Building\n');
  write('src/background/index.ts', 'export {};\n');
  write('node_modules/left-out/index.js', '');
  write('dist/manifest.json', manifest('2.3.4', { background: { service_worker: 'sw.js' } }));
  write('dist/sw.js', '');
  write(
    'dist-firefox/manifest.json',
    manifest('2.3.4', {
      background: { scripts: ['bg.js'] },
      browser_specific_settings: { gecko: { id: 'parley@example' } },
    }),
  );
  write('dist-firefox/bg.js', '');
  execFileSync('git', ['init', '-q'], { cwd: root });
  execFileSync('git', ['add', 'package.json', '.gitignore', 'src'], { cwd: root });
  // Not added yet, and still a source: SOURCE-BUILD.md is untracked but not ignored.
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('packageRelease', () => {
  it('writes the Chrome, Firefox and source zips named by the version', async () => {
    const files = await packageRelease({ root });
    expect(files).toEqual({
      chrome: join(root, 'release', 'parley-2.3.4-chrome.zip'),
      firefox: join(root, 'release', 'parley-2.3.4-firefox.zip'),
      source: join(root, 'release', 'parley-2.3.4-source.zip'),
    });
    await expect(names(files.chrome)).resolves.toEqual(['manifest.json', 'sw.js']);
    await expect(names(files.firefox)).resolves.toEqual(['bg.js', 'manifest.json']);
    await expect(names(files.source)).resolves.toEqual([
      '.gitignore',
      'SOURCE-BUILD.md',
      'package.json',
      'src/background/index.ts',
    ]);
    const firefox = await JSZip.loadAsync(readFileSync(files.firefox));
    expect(JSON.parse(await firefox.file('manifest.json')!.async('string'))).toMatchObject({
      version: '2.3.4',
      browser_specific_settings: { gecko: { id: 'parley@example' } },
    });
  });

  it('refuses a build whose version is not package.json’s', async () => {
    write('dist-firefox/manifest.json', manifest('2.3.3'));
    await expect(packageRelease({ root })).rejects.toThrow(
      /dist-firefox is version 2\.3\.3, package\.json says 2\.3\.4: run `npm run build:firefox` again/,
    );
  });

  it('refuses to package without a build', async () => {
    rmSync(join(root, 'dist'), { recursive: true });
    await expect(packageRelease({ root })).rejects.toThrow(
      /dist has no build: run `npm run build`/,
    );
  });
});
