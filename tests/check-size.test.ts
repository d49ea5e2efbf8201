import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  BUDGETED_PAGES,
  checkLazy,
  checkPages,
  initialScripts,
  LAZY_CHUNKS,
  measure,
} from '../scripts/check-size.mjs';

let dist: string;
afterEach(() => rmSync(dist, { recursive: true, force: true }));

function write(files: Record<string, string>) {
  dist = mkdtempSync(join(tmpdir(), 'parley-size-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dist, path)), { recursive: true });
    writeFileSync(join(dist, path), content);
  }
}

describe('scripts/check-size', () => {
  it('counts the scripts, modulepreloads and their static imports, not dynamic import() chunks', () => {
    write({
      'src/ui/popup/index.html':
        '<script type="module" crossorigin src="/assets/a.js"></script>' +
        '<link rel="modulepreload" crossorigin href="/assets/p.js">' +
        '<link rel="stylesheet" href="/assets/s.css">',
      'assets/a.js':
        'import{x as y}from"./b.js";import"./c.js";export{z}from"./d.js";const l=()=>import("./lazy.js");',
      'assets/b.js': 'import{q}from"./c.js";export const x=1;',
      'assets/c.js': 'console.log("c")',
      'assets/d.js': 'export const z=2',
      'assets/p.js': 'export const p=3',
      'assets/lazy.js': 'x'.repeat(100_000),
    });
    const files = initialScripts(dist, 'src/ui/popup/index.html').map((f) =>
      f.slice(dist.length + 1),
    );
    expect(files.sort()).toEqual(
      ['assets/a.js', 'assets/b.js', 'assets/c.js', 'assets/d.js', 'assets/p.js'].sort(),
    );
    const { gzip } = measure(dist);
    expect(gzip).toBeGreaterThan(0);
    expect(gzip).toBeLessThan(1_000);
  });

  it('fails loudly on a referenced chunk that is missing', () => {
    write({ 'src/ui/popup/index.html': '<script type="module" src="/assets/gone.js"></script>' });
    expect(() => measure(dist)).toThrow(/gone\.js/);
  });

  it('holds the side panel and the full page to the same budget as the popup, and fails when either is over', () => {
    expect(BUDGETED_PAGES.map((p) => p.html)).toEqual([
      'src/ui/popup/index.html',
      'src/ui/sidepanel/index.html',
      'src/ui/app/index.html',
    ]);
    const pages = BUDGETED_PAGES.filter((p) => p.name !== 'side panel');
    const page = (src: string) => `<script type="module" src="${src}"></script>`;
    // Random bytes barely compress: the gzip size is about the length.
    const bulky = (n: number) =>
      Array.from({ length: n }, (_, i) =>
        String.fromCharCode(33 + (((i * 7919) % 89) ** 2 % 89)),
      ).join('');
    write({
      'src/ui/popup/index.html': page('/assets/popup.js'),
      'src/ui/app/index.html': page('/assets/app.js'),
      'assets/popup.js': 'export const a=1',
      'assets/app.js': `import"./big.js";const later=()=>import("./lazy.js")`,
      'assets/big.js': bulky(3_000),
      'assets/lazy.js': bulky(50_000),
    });
    const lines: string[] = [];
    expect(checkPages(dist, (line) => lines.push(line), pages, 100_000)).toBe(true);
    expect(lines.filter((l) => l.includes('before first paint'))).toEqual([
      expect.stringMatching(/^popup JS .* within/),
      expect.stringMatching(/^full page JS .* within/),
    ]);
    // The full page alone over a budget the popup fits: the check fails, naming the full page.
    const { gzip: popup } = measure(dist, 'src/ui/popup/index.html');
    lines.length = 0;
    expect(checkPages(dist, (line) => lines.push(line), pages, popup + 10)).toBe(false);
    expect(lines.filter((l) => l.includes('OVER'))).toEqual([
      expect.stringMatching(/^full page JS/),
    ]);
  });

  describe('the lazy parts', () => {
    const pages = [
      { name: 'popup', html: 'src/ui/popup/index.html' },
      { name: 'side panel', html: 'src/ui/sidepanel/index.html' },
    ];
    const lazy = ['tab-picker', 'compare-columns'];
    const page = (src: string) => `<script type="module" src="${src}"></script>`;
    const views = {
      'src/ui/popup/index.html': page('/assets/popup-Aa1_bC2d.js'),
      'src/ui/sidepanel/index.html': page('/assets/sidepanel-Zz9-yY8x.js'),
      'assets/popup-Aa1_bC2d.js': 'import"./chat-Qq3_Ww4e.js";',
      'assets/sidepanel-Zz9-yY8x.js': 'import"./chat-Qq3_Ww4e.js";',
      'assets/compare-columns-Ee5-Rr6t.js': 'export const c=1',
    };

    it('passes when each lazy chunk is its own and only reached by import()', () => {
      write({
        ...views,
        'assets/chat-Qq3_Ww4e.js':
          'const a=()=>import("./tab-picker-Hh7_Jj8k.js"),b=()=>import("./compare-columns-Ee5-Rr6t.js")',
        'assets/tab-picker-Hh7_Jj8k.js': 'export const t=1',
      });
      const lines: string[] = [];
      expect(checkLazy(dist, (line) => lines.push(line), pages, lazy)).toBe(true);
      expect(lines).toEqual(['2 lazy chunks, none in the first load of popup, side panel']);
    });

    it('fails when a lazy chunk is imported statically by a first load, naming the view', () => {
      write({
        ...views,
        'assets/sidepanel-Zz9-yY8x.js':
          'import"./chat-Qq3_Ww4e.js";import{t}from"./tab-picker-Hh7_Jj8k.js";',
        'assets/chat-Qq3_Ww4e.js': 'const b=()=>import("./compare-columns-Ee5-Rr6t.js")',
        'assets/tab-picker-Hh7_Jj8k.js': 'export const t=1',
      });
      const lines: string[] = [];
      expect(checkLazy(dist, (line) => lines.push(line), pages, lazy)).toBe(false);
      expect(lines).toEqual([
        'lazy chunk tab-picker: IN THE FIRST LOAD of the side panel (assets/tab-picker-Hh7_Jj8k.js)',
      ]);
    });

    it('fails when a lazy part has no chunk of its own (bundled into the first load)', () => {
      write({ ...views, 'assets/chat-Qq3_Ww4e.js': 'export const tabPicker=1' });
      const lines: string[] = [];
      expect(checkLazy(dist, (line) => lines.push(line), pages, lazy)).toBe(false);
      expect(lines).toEqual([expect.stringMatching(/^lazy chunk tab-picker: MISSING/)]);
    });

    it('names the compare, prompt menu, tab picker and on-device parts', () => {
      expect(LAZY_CHUNKS).toEqual(
        expect.arrayContaining([
          'compare-columns',
          'compare-picker',
          'prompt-menu-view',
          'tab-picker',
          'device-actions',
        ]),
      );
    });
  });
});
