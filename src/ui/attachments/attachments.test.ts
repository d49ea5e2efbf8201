import { describe, expect, it } from 'vitest';
import { fileKind } from './file-kind';
import { fitWithin } from './image-prepare';
import { decodeText, readTextFile } from './text-file';
import { ATTACH_LIMITS, AttachError } from './limits';

describe('fileKind', () => {
  it('tells images, PDFs, text and the rest apart by type, else by extension', () => {
    expect(fileKind({ name: 'a.png', type: 'image/png' })).toBe('image');
    expect(fileKind({ name: 'photo', type: 'image/jpeg' })).toBe('image');
    expect(fileKind({ name: 'x.webp', type: '' })).toBe('image');
    expect(fileKind({ name: 'paper.PDF', type: '' })).toBe('pdf');
    expect(fileKind({ name: 'p', type: 'application/pdf' })).toBe('pdf');
    expect(fileKind({ name: 'notes.md', type: '' })).toBe('text');
    expect(fileKind({ name: 'data.csv', type: 'text/csv' })).toBe('text');
    expect(fileKind({ name: 'x.json', type: 'application/json' })).toBe('text');
    expect(fileKind({ name: 'main.rs', type: '' })).toBe('text');
    // Linux reports .ts as MPEG transport streams: the source extension wins.
    expect(fileKind({ name: 'app.ts', type: 'video/mp2t' })).toBe('text');
    expect(fileKind({ name: 'Makefile', type: '' })).toBe('text');
    expect(fileKind({ name: 'song.mp3', type: 'audio/mpeg' })).toBe('unsupported');
    expect(fileKind({ name: 'archive.zip', type: '' })).toBe('unsupported');
    // SVG is XML source: read as text (providers take raster images only).
    expect(fileKind({ name: 'pic.svg', type: 'image/svg+xml' })).toBe('text');
  });
});

describe('fitWithin', () => {
  it('scales the long side down to the limit, keeping the aspect', () => {
    expect(fitWithin(4000, 3000, { maxLongSide: 1568 })).toEqual({ width: 1568, height: 1176 });
    expect(fitWithin(3000, 4000, { maxLongSide: 1568 })).toEqual({ width: 1176, height: 1568 });
  });
  it('never enlarges', () => {
    expect(fitWithin(800, 600, { maxLongSide: 1568 })).toEqual({ width: 800, height: 600 });
  });
  it('keeps the short side and the pixel count within their limits too', () => {
    // OpenAI high detail: within 2048 square, short side at most 768.
    expect(fitWithin(4000, 3000, { maxLongSide: 2048, maxShortSide: 768 })).toEqual({
      width: 1024,
      height: 768,
    });
    const size = fitWithin(4000, 3000, { maxLongSide: 1568, maxPixels: 1_150_000 });
    expect(size.width * size.height).toBeLessThanOrEqual(1_150_000);
    expect(size.width / size.height).toBeCloseTo(4 / 3, 2);
  });
  it('keeps at least a pixel on a very thin image', () => {
    expect(fitWithin(100_000, 10, { maxLongSide: 1000 })).toEqual({ width: 1000, height: 1 });
  });
});

describe('text files', () => {
  const file = (bytes: Uint8Array<ArrayBuffer> | string) => new Blob([bytes]);

  it('reads UTF-8 (with or without a byte-order mark) and UTF-16', async () => {
    expect(await readTextFile(file('привет, world'), 'a.txt')).toBe('привет, world');
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('x,y\n1,2')]);
    expect(await readTextFile(file(bom), 'a.csv')).toBe('x,y\n1,2');
    const utf16 = new Uint8Array([0xff, 0xfe, 0x68, 0, 0x69, 0]);
    expect(decodeText(utf16)).toBe('hi');
  });

  it('refuses binary content as unreadable', async () => {
    const binary = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]);
    const error = await readTextFile(file(binary), 'x.txt').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AttachError);
    expect((error as AttachError).code).toBe('unreadable');
    const latin1 = new Uint8Array(400).fill(0xe9); // not UTF-8 at all
    expect(decodeText(latin1)).toBeUndefined();
  });

  it('refuses a file over the size limit, naming the limit', async () => {
    const big = new Blob([new Uint8Array(ATTACH_LIMITS.textBytes + 1).fill(0x61)]);
    const error = (await readTextFile(big, 'big.log').catch((e: unknown) => e)) as AttachError;
    expect([error.code, error.fileName, error.limit]).toEqual([
      'too-big',
      'big.log',
      ATTACH_LIMITS.textBytes,
    ]);
  });
});
