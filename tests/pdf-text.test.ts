// PDF text extraction (src/ui/attachments/pdf-text.ts) with the real PDF.js, run in Node here (the
// view runs the same code with PDF.js's worker; tests/e2e/attachments.e2e.ts covers that). The PDFs
// are made by tests/fakes/minimal-pdf.ts, written after ISO 32000-1 (PDF 1.7).
import { beforeAll, describe, expect, it } from 'vitest';
import { makePdf } from './fakes/minimal-pdf';
import { extractPdfText, type PdfJsLoader } from '../src/ui/attachments/pdf-text';
import { ATTACH_LIMITS, AttachError } from '../src/ui/attachments/limits';

// In Node, PDF.js runs its worker's code in the same thread (its "fake worker").
const nodePdfJs: PdfJsLoader = () => import('pdfjs-dist/legacy/build/pdf.mjs');
const extract = (bytes: Uint8Array, signal = new AbortController().signal) =>
  extractPdfText(bytes, 'paper.pdf', signal, nodePdfJs);

async function problem(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AttachError);
  return (error as AttachError).code;
}

describe('extractPdfText', () => {
  // PDF.js is a large module: loading it once, here, with room for a busy machine, keeps the first
  // test's five seconds for the test itself (it timed out under load when it paid for the import).
  beforeAll(() => nodePdfJs(), 60_000);

  it('reads every page in order, lines kept, pages apart', async () => {
    const pdf = makePdf([
      { lines: ['Quarterly report (draft)', 'Revenue grew by 12%.'] },
      { lines: ['Page two says hello.'] },
    ]);
    const { text, pages } = await extract(pdf);
    expect(pages).toBe(2);
    expect(text).toBe('Quarterly report (draft)\nRevenue grew by 12%.\n\nPage two says hello.');
  });

  it('skips pages without text and reads the rest', async () => {
    const pdf = makePdf([{ lines: ['first'] }, {}, { lines: ['third'] }]);
    expect(await extract(pdf)).toEqual({ text: 'first\n\nthird', pages: 3 });
  });

  it('says a PDF with no text layer (a scan) has no text', async () => {
    expect(await problem(extract(makePdf([{}, {}])))).toBe('pdf-no-text');
  });

  it('says bytes that are not a PDF are unreadable', async () => {
    const notPdf = new TextEncoder().encode('<html>not a pdf</html>');
    expect(await problem(extract(notPdf))).toBe('unreadable');
  });

  it('refuses a PDF whose text is over the document limit', async () => {
    const line = 'x'.repeat(90);
    const page = { lines: Array.from({ length: 50 }, () => line) }; // 4,500+ characters
    const count = Math.ceil(ATTACH_LIMITS.documentChars / 4_500) + 1;
    const pdf = makePdf(Array.from({ length: count }, () => page));
    expect(await problem(extract(pdf))).toBe('too-long');
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(extract(makePdf([{ lines: ['a'] }]), controller.signal)).rejects.toThrow();
  });
});
