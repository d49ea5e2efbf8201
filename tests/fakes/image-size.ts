// The pixel size of a PNG or JPEG a test received, read from its header by the same code the view
// uses (src/ui/attachments/image-header.ts).
import { imageHeader, type ImageHeader } from '../../src/ui/attachments/image-header';

export function imageSize(bytes: Uint8Array): ImageHeader {
  const header = imageHeader(bytes);
  if (!header) throw new Error('neither PNG nor JPEG');
  return header;
}
