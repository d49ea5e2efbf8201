// What a request body carries as images, and their pixel size (read from the PNG or JPEG header by
// the same code the view uses, src/ui/attachments/image-header.ts).
import { imageHeader, type ImageHeader } from '../../src/ui/attachments/image-header';

export function imageSize(bytes: Uint8Array): ImageHeader {
  const header = imageHeader(bytes);
  if (!header) throw new Error('neither PNG nor JPEG');
  return header;
}

/** Every image a request body carries as a data URL (OpenAI-compatible `image_url`). */
export function sentImages(body: string): { mimeType: string; bytes: Uint8Array }[] {
  const found: { mimeType: string; bytes: Uint8Array }[] = [];
  for (const match of body.matchAll(/data:(image\/[a-z]+);base64,([A-Za-z0-9+/=]+)/g)) {
    found.push({ mimeType: match[1]!, bytes: Buffer.from(match[2]!, 'base64') });
  }
  return found;
}
