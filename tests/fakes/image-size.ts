// The pixel size written in a PNG's or a JPEG's header, for tests that check what was sent:
// PNG's IHDR chunk (PNG spec, W3C 3rd edition, §11.2.1: width and height as 4-byte big-endian
// right after the signature and the chunk header) and JPEG's start-of-frame segment (ITU-T T.81,
// B.2.2: SOFn markers 0xFFC0–0xFFCF except C4, C8 and CC, with height then width as 2 bytes).

export function imageSize(bytes: Uint8Array): {
  type: 'png' | 'jpeg';
  width: number;
  height: number;
} {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0) === 0x89504e47 && view.getUint32(4) === 0x0d0a1a0a) {
    return { type: 'png', width: view.getUint32(16), height: view.getUint32(20) };
  }
  if (view.getUint16(0) === 0xffd8) {
    let at = 2;
    while (at + 9 < bytes.length) {
      if (bytes[at] !== 0xff) throw new Error(`JPEG: no marker at ${at}`);
      const marker = bytes[at + 1]!;
      const length = view.getUint16(at + 2);
      if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
        return { type: 'jpeg', height: view.getUint16(at + 5), width: view.getUint16(at + 7) };
      }
      at += 2 + length;
    }
    throw new Error('JPEG: no start-of-frame segment');
  }
  throw new Error('neither PNG nor JPEG');
}

/** Every image a request body carries as a data URL (OpenAI-compatible `image_url`). */
export function sentImages(body: string): { mimeType: string; bytes: Uint8Array }[] {
  const found: { mimeType: string; bytes: Uint8Array }[] = [];
  for (const match of body.matchAll(/data:(image\/[a-z]+);base64,([A-Za-z0-9+/=]+)/g)) {
    found.push({ mimeType: match[1]!, bytes: Buffer.from(match[2]!, 'base64') });
  }
  return found;
}
