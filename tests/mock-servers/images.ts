// What the emulators make of an image in a request, as the real services do: the base64 must decode
// to an image of the type the request names (PNG or JPEG signatures here; the real APIs answer 400
// otherwise), and the echoed reply names what arrived — "[image/png 2×1]" — so a test (and a person
// looking at an e2e screenshot) sees that the model got the picture, not just that a field was set.

/** `[image/png 2×1]` for a valid image; undefined when the data is not base64 of that type. */
export function imageNote(mimeType: string, base64: string): string | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64) || base64.length % 4 !== 0) return undefined;
  const bytes = Buffer.from(base64, 'base64');
  const size =
    mimeType === 'image/png'
      ? pngSize(bytes)
      : mimeType === 'image/jpeg'
        ? jpegSize(bytes)
        : webpOrGif(bytes, mimeType);
  return size ? `[${mimeType} ${size}]` : undefined;
}

/** `data:image/png;base64,…` → its note; undefined for anything else. */
export function dataUrlNote(url: string): string | undefined {
  const match = /^data:(image\/[a-z]+);base64,(.*)$/s.exec(url);
  return match ? imageNote(match[1] ?? '', match[2] ?? '') : undefined;
}

function pngSize(bytes: Buffer): string | undefined {
  const signature = '89504e470d0a1a0a';
  if (bytes.length < 24 || bytes.subarray(0, 8).toString('hex') !== signature) return undefined;
  return `${bytes.readUInt32BE(16)}×${bytes.readUInt32BE(20)}`;
}

function jpegSize(bytes: Buffer): string | undefined {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return undefined;
  let at = 2;
  while (at + 9 < bytes.length) {
    if (bytes[at] !== 0xff) return undefined;
    const marker = bytes[at + 1] ?? 0;
    const length = bytes.readUInt16BE(at + 2);
    // SOF0–SOF15, less DHT (C4), JPG (C8) and DAC (CC): the frame header carries the size.
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
      return `${bytes.readUInt16BE(at + 7)}×${bytes.readUInt16BE(at + 5)}`;
    }
    at += 2 + length;
  }
  return undefined;
}

function webpOrGif(bytes: Buffer, mimeType: string): string | undefined {
  if (mimeType === 'image/gif' && bytes.subarray(0, 4).toString('latin1') === 'GIF8') {
    return `${bytes.readUInt16LE(6)}×${bytes.readUInt16LE(8)}`;
  }
  if (mimeType === 'image/webp' && bytes.subarray(8, 12).toString('latin1') === 'WEBP')
    return 'webp';
  return undefined;
}
