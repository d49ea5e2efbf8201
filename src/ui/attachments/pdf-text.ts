// A PDF's text, extracted in the view with PDF.js (Mozilla's PDF library). This module and
// PDF.js are loaded only when a PDF is attached (prepare.ts is a dynamic import); PDF.js parses
// in its own worker, bundled with the extension. The legacy build: it runs on Chrome 116, the
// manifest's minimum (the modern build needs newer engines).
import './with-resolvers';
import type * as PdfJsModule from 'pdfjs-dist/legacy/build/pdf.mjs';
import { ATTACH_LIMITS, AttachError } from './limits';

type PdfJs = typeof PdfJsModule;

/** Loads PDF.js ready to parse (tests inject Node's). */
export type PdfJsLoader = () => Promise<PdfJs>;

let loaded: Promise<PdfJs> | undefined;

/** PDF.js with one worker for the view's lifetime. */
export const loadPdfJs: PdfJsLoader = () =>
  (loaded ??= import('pdfjs-dist/legacy/build/pdf.mjs').then((pdfjs) => {
    pdfjs.GlobalWorkerOptions.workerPort = new Worker(new URL('./pdf-worker.ts', import.meta.url), {
      type: 'module',
    });
    return pdfjs;
  }));

export interface PdfText {
  text: string;
  pages: number;
}

/**
 * The text of every page, pages separated by a blank line. Throws AttachError: `too-big`,
 * `too-long`, `unreadable` (not a PDF, or damaged), `pdf-protected` (needs a password),
 * `pdf-no-text` (no text layer: a scan).
 */
export async function extractPdfText(
  data: Uint8Array,
  name: string,
  signal: AbortSignal,
  load: PdfJsLoader = loadPdfJs,
): Promise<PdfText> {
  if (data.byteLength > ATTACH_LIMITS.pdfBytes)
    throw new AttachError('too-big', name, ATTACH_LIMITS.pdfBytes);
  const pdfjs = await load();
  signal.throwIfAborted();
  // PDF.js takes the buffer over to its worker: a copy keeps the caller's bytes usable.
  // Warnings about fonts and damaged files are not the user's business: what matters is whether
  // text came out.
  const task = pdfjs.getDocument({ data: data.slice(), verbosity: pdfjs.VerbosityLevel.ERRORS });
  const stop = () => void task.destroy();
  signal.addEventListener('abort', stop, { once: true });
  try {
    let doc;
    try {
      doc = await task.promise;
    } catch (error) {
      signal.throwIfAborted();
      const kind = (error as { name?: string } | null)?.name;
      throw new AttachError(kind === 'PasswordException' ? 'pdf-protected' : 'unreadable', name);
    }
    const pages: string[] = [];
    let length = 0;
    for (let n = 1; n <= doc.numPages; n++) {
      signal.throwIfAborted();
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      let text = '';
      for (const item of content.items) {
        if (!('str' in item)) continue;
        text += item.str;
        if (item.hasEOL) text += '\n';
      }
      page.cleanup();
      pages.push(text.trim());
      length += text.length;
      if (length > ATTACH_LIMITS.documentChars)
        throw new AttachError('too-long', name, ATTACH_LIMITS.documentChars);
    }
    const text = pages.filter(Boolean).join('\n\n');
    if (!text.trim()) throw new AttachError('pdf-no-text', name);
    return { text, pages: doc.numPages };
  } finally {
    signal.removeEventListener('abort', stop);
    void task.destroy();
  }
}
