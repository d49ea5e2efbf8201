// The browser lookup shared by find-chromium and find-firefox, on files made here.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { findExecutable } from '../scripts/find-executable.mjs';

const root = mkdtempSync(join(tmpdir(), 'parley-find-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const file = (path: string) => {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), '');
  return join(root, path);
};
const first = file('a/firefox');
const esr = file('b/firefox-esr');
const preferred = file('usr/bin/firefox-esr');
const what = { envVar: 'FIREFOX_PATH', names: ['firefox-esr', 'firefox'] };
const PATH = [join(root, 'a'), join(root, 'b')].join(delimiter);

describe('findExecutable', () => {
  it('takes the environment variable, and only it, when set', () => {
    expect(findExecutable({ ...what, preferred }, { FIREFOX_PATH: first, PATH })).toBe(first);
    expect(
      findExecutable({ ...what, preferred }, { FIREFOX_PATH: join(root, 'none'), PATH }),
    ).toBeUndefined();
  });

  it('prefers the preferred path, then the names in order across PATH', () => {
    expect(findExecutable({ ...what, preferred }, { PATH })).toBe(preferred);
    const missing = join(root, 'missing');
    expect(findExecutable({ ...what, preferred: missing }, { PATH })).toBe(esr);
    expect(findExecutable({ ...what, preferred: missing, names: ['firefox'] }, { PATH })).toBe(
      first,
    );
    expect(findExecutable({ ...what, preferred: missing }, { PATH: '' })).toBeUndefined();
  });
});
