// The lazily loaded half of attachments (composer-attachments.ts imports it on the first file):
// turns a picked, pasted or dropped file into what is sent. Nothing here is in a view's first load.
import { AttachError } from './limits';
import { fileKind } from './file-kind';
import { prepareImage, type ImageLimit, type PreparedImage } from './image-prepare';
import { readTextFile } from './text-file';
import { extractPdfText } from './pdf-text';

export type Prepared =
  | ({ kind: 'image' } & PreparedImage)
  | { kind: 'document'; text: string; format: 'text' | 'pdf'; pages?: number };

export async function prepareFile(
  file: Blob,
  name: string,
  limit: ImageLimit,
  signal: AbortSignal,
): Promise<Prepared> {
  switch (fileKind({ name, type: file.type })) {
    case 'image':
      return { kind: 'image', ...(await prepareImage(file, name, limit, signal)) };
    case 'text':
      return { kind: 'document', format: 'text', text: await readTextFile(file, name) };
    case 'pdf': {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const { text, pages } = await extractPdfText(bytes, name, signal);
      return { kind: 'document', format: 'pdf', text, pages };
    }
    case 'unsupported':
      throw new AttachError('unsupported', name);
  }
}

/** Base64 of a blob (for the JSON message that carries it), without the data: prefix. */
export async function blobBase64(blob: Blob): Promise<string> {
  const url = await new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as string);
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(blob);
  });
  return url.slice(url.indexOf(',') + 1);
}

export { prepareImage };
