// What the composer accepts as an attachment, and the one place its limits live (issue 14). The
// numbers keep a view responsive and a message within what providers take: an image is scaled
// down anyway (image-prepare.ts), so its input limit only guards decoding; a document's text is
// sent whole, so its limit is on the text kept.

export const ATTACH_LIMITS = {
  /** Attachments on one message. */
  maxAttachments: 10,
  /** An image file as picked, pasted or dropped. */
  imageBytes: 40 * 1024 * 1024,
  /** Decoded pixels of an image (a 12-megapixel photo is fine; a 200-megapixel scan is not). */
  imagePixels: 80_000_000,
  /** A text file (txt, md, csv, json, source code). */
  textBytes: 2 * 1024 * 1024,
  /** A PDF file. */
  pdfBytes: 64 * 1024 * 1024,
  /** The text kept from one document (a text file or a PDF), in characters. */
  documentChars: 400_000,
} as const;

/** Why an attachment was not added; each has a message in en and ru (attachProblem* keys). */
export type AttachProblem =
  | 'too-big'
  | 'too-long'
  | 'too-many'
  | 'unreadable'
  | 'unsupported'
  | 'pdf-no-text'
  | 'pdf-protected'
  | 'screenshot-denied'
  | 'screenshot-failed';

/** A refused attachment: which one and why (`limit` for the size problems, in bytes or characters). */
export class AttachError extends Error {
  constructor(
    readonly code: AttachProblem,
    readonly fileName: string,
    readonly limit?: number,
  ) {
    super(`${fileName}: ${code}`);
    this.name = 'AttachError';
  }
}
