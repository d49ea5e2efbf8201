// A user message's attachments in the worker (docs/protocol.md, "Attachments"): what a view sent
// with `chat-send` checked and split into the message's records and the image bytes the store
// keeps as Blobs; and the way back, from stored records and Blobs to the parts a provider gets.
import * as z from 'zod/mini';
import { base64Of, userMessage, type ContentPart } from '../shared/content-parts';
import {
  ATTACHMENT_LIMITS,
  attachmentInputSchema,
  type AttachmentInput,
  type AttachmentRecord,
  type MessageRecord,
} from '../shared/records';
import type { AttachmentBlob } from './store';

/** Bad attachments: a message for the person, nothing stored. */
export class AttachmentError extends Error {
  readonly code = 'unknown' as const;
  readonly retryable = false;
}

const MB = 1024 * 1024;

/**
 * Checks what a view sent (shape, count, sizes, real base64) and splits it: the records the message
 * keeps, in order, and the images' bytes. Throws AttachmentError, saying which attachment and what
 * to do.
 */
export function acceptAttachments(
  input: unknown,
  newId: () => string,
): { records: AttachmentRecord[]; blobs: AttachmentBlob[] } {
  if (input === undefined) return { records: [], blobs: [] };
  const parsed = z.array(attachmentInputSchema).safeParse(input);
  if (!parsed.success) {
    throw new AttachmentError(
      'An attachment could not be read (not an image or a document Parley knows). Remove it and attach it again.',
    );
  }
  const list = parsed.data;
  if (list.length > ATTACHMENT_LIMITS.count) {
    throw new AttachmentError(
      `A message can carry up to ${ATTACHMENT_LIMITS.count} attachments; this one has ${list.length}. Remove some, or send them in two messages.`,
    );
  }
  const records: AttachmentRecord[] = [];
  const blobs: AttachmentBlob[] = [];
  for (const attachment of list) {
    const id = newId();
    if (attachment.kind === 'document') {
      records.push({ ...attachment, id });
      continue;
    }
    const bytes = decodeBase64(base64Of(attachment.data));
    const label = attachment.name ? `“${attachment.name}”` : 'An image';
    if (!bytes) {
      throw new AttachmentError(
        `${label} could not be read (its data is not base64). Attach it again.`,
      );
    }
    if (bytes.length > ATTACHMENT_LIMITS.imageBytes) {
      throw new AttachmentError(
        `${label} is ${(bytes.length / MB).toFixed(1)} MB; Parley sends images up to ${ATTACHMENT_LIMITS.imageBytes / MB} MB. Attach a smaller one.`,
      );
    }
    const record: AttachmentRecord = {
      kind: 'image',
      id,
      mimeType: attachment.mimeType,
      width: attachment.width,
      height: attachment.height,
      bytes: bytes.length,
    };
    if (attachment.name !== undefined) record.name = attachment.name;
    records.push(record);
    blobs.push({ id, blob: new Blob([bytes], { type: attachment.mimeType }) });
  }
  return { records, blobs };
}

/** The image ids a history needs for its prompt. */
export function imageIds(messages: readonly MessageRecord[]): string[] {
  return messages.flatMap((m) =>
    (m.attachments ?? []).flatMap((a) => (a.kind === 'image' ? [a.id] : [])),
  );
}

/**
 * A stored user message as a provider turn: plain text when it has no attachments, else parts —
 * documents as they were, images from `images` (base64 by id; an image whose bytes are gone is
 * left out rather than failing the whole reply).
 */
export function userTurn(
  message: MessageRecord,
  images: ReadonlyMap<string, string>,
): ReturnType<typeof userMessage> {
  const parts: Exclude<ContentPart, { type: 'text' }>[] = [];
  for (const attachment of message.attachments ?? []) {
    if (attachment.kind === 'document') {
      const part: Extract<ContentPart, { type: 'document' }> = {
        type: 'document',
        name: attachment.name,
        text: attachment.text,
      };
      if (attachment.title !== undefined) part.title = attachment.title;
      if (attachment.url !== undefined) part.url = attachment.url;
      parts.push(part);
      continue;
    }
    const data = images.get(attachment.id);
    if (data === undefined) continue;
    const part: Extract<ContentPart, { type: 'image' }> = {
      type: 'image',
      mimeType: attachment.mimeType,
      data,
      width: attachment.width,
      height: attachment.height,
    };
    if (attachment.name !== undefined) part.name = attachment.name;
    parts.push(part);
  }
  return userMessage(message.text, parts);
}

/** base64 of a Blob's bytes (the worker has no FileReader). */
export async function blobToBase64(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  // In slices: String.fromCharCode takes its bytes as arguments, and their number is limited.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** The bytes of a base64 string; undefined when it is not base64. */
export function decodeBase64(base64: string): Uint8Array<ArrayBuffer> | undefined {
  const clean = base64.replace(/\s+/g, '');
  if (clean === '' || clean.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(clean))
    return undefined;
  try {
    const binary = atob(clean);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return undefined;
  }
}

export type { AttachmentInput };
