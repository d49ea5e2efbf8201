// An image's pixel size from its first bytes, without decoding it: PNG's IHDR chunk (PNG, W3C 3rd
// edition, §11.2.1: width and height as 4-byte big-endian right after the signature and the chunk
// header) and JPEG's start-of-frame segment (ITU-T T.81, B.2.2: markers 0xFFC0–0xFFCF but C4, C8
// and CC, height then width as 2 bytes), turned as its Exif orientation says (Exif 2.3, tag 0x0112
// in IFD0 of the APP1 segment: values 5–8 swap width and height). image-prepare.ts uses it to
// decode straight at the size it sends (and to refuse a decompression bomb before decoding).

export interface ImageHeader {
  type: 'png' | 'jpeg';
  /** As shown: after the Exif orientation. */
  width: number;
  height: number;
}

export function imageHeader(bytes: Uint8Array): ImageHeader | undefined {
  if (bytes.length < 24) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0) === 0x89504e47 && view.getUint32(4) === 0x0d0a1a0a) {
    return { type: 'png', width: view.getUint32(16), height: view.getUint32(20) };
  }
  if (view.getUint16(0) !== 0xffd8) return undefined;
  let turned = false;
  let at = 2;
  while (at + 9 < bytes.length) {
    if (bytes[at] !== 0xff) return undefined;
    const marker = bytes[at + 1]!;
    const length = view.getUint16(at + 2);
    if (marker === 0xe1) turned = exifSwapsSides(view, at + 4, length - 2);
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
      const height = view.getUint16(at + 5);
      const width = view.getUint16(at + 7);
      return turned
        ? { type: 'jpeg', width: height, height: width }
        : { type: 'jpeg', width, height };
    }
    at += 2 + length;
  }
  return undefined;
}

/** Whether an APP1 segment's Exif orientation is one of the four that turn the image by 90°. */
function exifSwapsSides(view: DataView, start: number, length: number): boolean {
  const end = Math.min(start + length, view.byteLength);
  // "Exif\0\0", then a TIFF header: byte order, 42, offset of IFD0.
  if (end - start < 14 || view.getUint32(start) !== 0x45786966) return false;
  const tiff = start + 6;
  const little = view.getUint16(tiff) === 0x4949;
  const u16 = (at: number) => view.getUint16(at, little);
  const ifd = tiff + view.getUint32(tiff + 4, little);
  if (ifd + 2 > end) return false;
  const count = u16(ifd);
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > end) return false;
    if (u16(entry) === 0x0112) return u16(entry + 8) >= 5 && u16(entry + 8) <= 8;
  }
  return false;
}
