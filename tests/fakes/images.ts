// Real images for tests: a 2×1 PNG (one red, one blue pixel), small enough to read in a fixture, real
// enough that the emulators decode it (tests/mock-servers/images.ts) and a browser draws it.
import { userMessage, type ContentPart } from '../../src/shared/content-parts';

export const TINY_PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAIAAAB7QOjdAAAAD0lEQVR4nGP4z8DAwPAfAAcAAf9+CLHQAAAAAElFTkSuQmCC';

/** The PNG as a file picked through an `<input type=file>` (Playwright's setInputFiles). */
export const tinyPngFile = () => ({
  name: 'pixels.png',
  mimeType: 'image/png',
  buffer: Buffer.from(TINY_PNG_BASE64, 'base64'),
});

export const tinyPng: Extract<ContentPart, { type: 'image' }> = {
  type: 'image',
  mimeType: 'image/png',
  data: TINY_PNG_BASE64,
  width: 2,
  height: 1,
};

/** A user turn with a document and the PNG, as the background builds it. */
export const imageTurn = (text = 'What is in it?') =>
  userMessage(text, [tinyPng, { type: 'document', name: 'notes.md', text: '# Notes' }]);
