// A hand-written PDF maker for tests and benchmarks: text pages in the standard Helvetica font, or
// pages with only a drawn shape (a "scanned" PDF: no text layer). It writes the file structure of
// ISO 32000-1:2008 (PDF 1.7) §7.5 — header, body of indirect objects, cross-reference table with
// byte offsets, trailer — with a page tree (§7.7.3), content streams using the text operators
// BT/Tf/Td/Tj/ET (§9.4) and a standard Type1 font (§9.6.2.2, no embedding needed). Strings are
// written as literal strings (§7.3.4.2) with \, ( and ) escaped; ASCII only.

export interface PdfPage {
  /** Lines of text, top to bottom; none for a page with only a drawing. */
  lines?: string[];
}

const escapeText = (text: string): string => text.replace(/[\\()]/g, (c) => `\\${c}`);

function contentStream(page: PdfPage): string {
  if (!page.lines?.length) return '0.5 g 72 500 200 150 re f'; // a grey box, no text
  const ops = ['BT', '/F1 12 Tf', '72 720 Td', '14 TL'];
  page.lines.forEach((line, i) => {
    if (i > 0) ops.push('T*');
    ops.push(`(${escapeText(line)}) Tj`);
  });
  ops.push('ET');
  return ops.join('\n');
}

/** The bytes of a PDF with these pages (US Letter, 612x792 points). */
export function makePdf(pages: PdfPage[]): Uint8Array {
  // Objects: 1 catalog, 2 page tree, 3 font, then per page: page object and content stream.
  const objects: string[] = [];
  const pageIds = pages.map((_, i) => 4 + i * 2);
  objects[1] = '<< /Type /Catalog /Pages 2 0 R >>';
  objects[2] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`;
  objects[3] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>';
  pages.forEach((page, i) => {
    const pageId = pageIds[i]!;
    const stream = contentStream(page);
    objects[pageId] =
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] ` +
      `/Resources << /Font << /F1 3 0 R >> >> /Contents ${pageId + 1} 0 R >>`;
    objects[pageId + 1] = `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`;
  });
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  for (let id = 1; id < objects.length; id++) {
    offsets[id] = body.length; // ASCII only: characters are bytes
    body += `${id} 0 obj\n${objects[id]}\nendobj\n`;
  }
  const xrefAt = body.length;
  const count = objects.length;
  body += `xref\n0 ${count}\n0000000000 65535 f \n`;
  for (let id = 1; id < count; id++) body += `${String(offsets[id]).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${count} /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return new TextEncoder().encode(body);
}
