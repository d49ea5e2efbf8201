import { describe, expect, it } from 'vitest';
import { fileKind } from './file-kind';
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
