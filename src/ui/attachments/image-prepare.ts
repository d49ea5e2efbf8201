// Makes an image ready to send: decoded, scaled down to what the chosen provider documents as
// useful, and re-encoded. Runs off the main thread where the platform lets it: createImageBitmap
// decodes and resizes on the browser's image threads, and OffscreenCanvas.convertToBlob encodes
// asynchronously. Photos (JPEG sources) become JPEG; graphics and screenshots (PNG, GIF, WebP,
// BMP) become PNG when that is the smaller file, JPEG otherwise. JPEG rather than WebP: every
// provider decodes JPEG, while Ollama's runners (stb_image) do not decode WebP.
import { fitImage, type ImageLimits } from '../../shared/image-cost';
import { ATTACH_LIMITS, AttachError } from './limits';

/** The largest image worth sending to a provider (its documented limits, shared/image-cost.ts). */
export type ImageLimit = Pick<ImageLimits, 'maxLongSide' | 'maxShortSide' | 'maxPixels'> &
  Partial<Pick<ImageLimits, 'maxBytes'>>;

export interface PreparedImage {
  blob: Blob;
  mimeType: 'image/png' | 'image/jpeg';
  width: number;
  height: number;
  sourceWidth: number;
  sourceHeight: number;
}

const JPEG_QUALITY = 0.85;

/**
 * Decodes, scales and re-encodes `source`. Throws AttachError: `too-big` (bytes or pixels over
 * the limits), `unreadable` (not an image the browser decodes).
 */
export async function prepareImage(
  source: Blob,
  name: string,
  limit: ImageLimit,
  signal: AbortSignal,
): Promise<PreparedImage> {
  if (source.size > ATTACH_LIMITS.imageBytes)
    throw new AttachError('too-big', name, ATTACH_LIMITS.imageBytes);
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(source);
  } catch {
    throw new AttachError('unreadable', name);
  }
  try {
    signal.throwIfAborted();
    const { width: sourceWidth, height: sourceHeight } = bitmap;
    if (sourceWidth * sourceHeight > ATTACH_LIMITS.imagePixels)
      throw new AttachError('too-big', name, ATTACH_LIMITS.imageBytes);
    const { width, height } = fitImage(limit, sourceWidth, sourceHeight);
    const photo = source.type === 'image/jpeg';
    // Already small enough and in a format every provider takes: sent as it is.
    if (
      width === sourceWidth &&
      height === sourceHeight &&
      isSendable(source.type) &&
      source.size <= (limit.maxBytes ?? Infinity)
    )
      return {
        blob: source,
        mimeType: source.type as PreparedImage['mimeType'],
        width,
        height,
        sourceWidth,
        sourceHeight,
      };
    const scaled =
      width === sourceWidth && height === sourceHeight
        ? bitmap
        : await createImageBitmap(bitmap, {
            resizeWidth: width,
            resizeHeight: height,
            resizeQuality: 'high',
          });
    try {
      signal.throwIfAborted();
      const jpeg = await encode(scaled, 'image/jpeg');
      let blob = jpeg;
      if (!photo) {
        const png = await encode(scaled, 'image/png');
        if (png.size <= jpeg.size) blob = png;
      }
      signal.throwIfAborted();
      // Over the provider's byte limit (a detailed photo at full size): lower JPEG quality.
      for (const quality of [0.7, 0.5]) {
        if (blob.size <= (limit.maxBytes ?? Infinity)) break;
        blob = await encode(scaled, 'image/jpeg', quality);
      }
      if (blob.size > (limit.maxBytes ?? Infinity))
        throw new AttachError('too-big', name, limit.maxBytes);
      return {
        blob,
        mimeType: blob.type === 'image/png' ? 'image/png' : 'image/jpeg',
        width,
        height,
        sourceWidth,
        sourceHeight,
      };
    } finally {
      if (scaled !== bitmap) scaled.close();
    }
  } finally {
    bitmap.close();
  }
}

function isSendable(type: string): type is PreparedImage['mimeType'] {
  return type === 'image/png' || type === 'image/jpeg';
}

async function encode(
  image: ImageBitmap,
  type: 'image/png' | 'image/jpeg',
  quality = JPEG_QUALITY,
): Promise<Blob> {
  const canvas = new OffscreenCanvas(image.width, image.height);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no 2d context');
  if (type === 'image/jpeg') {
    // JPEG has no transparency: what was transparent becomes white, not black.
    context.fillStyle = '#fff';
    context.fillRect(0, 0, image.width, image.height);
  }
  context.drawImage(image, 0, 0);
  return canvas.convertToBlob(type === 'image/jpeg' ? { type, quality } : { type });
}
