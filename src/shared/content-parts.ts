// Content parts: what a user message carries besides its typed text (images, documents, open tabs),
// in three shapes, each declared once here or in records.ts:
//   - on the wire (`chat-send`'s `attachments`, records.ts AttachmentInput): images as base64 (or a
//     data URL), since a runtime.Port carries JSON in Chrome, never a Blob;
//   - in the store (MessageRecord.attachments, records.ts AttachmentRecord): metadata, image bytes
//     kept apart as Blobs (background/store.ts);
//   - to a provider (ContentPart, in ChatMessage.parts): base64 images and document text.
// The document text block is built here, so the context meter (a view) counts the very text the
// providers receive. Views import this module; it imports no provider code. docs/protocol.md,
// "Attachments"; docs/design.md, "The provider contract".

/** Image types Parley sends (the composer re-encodes anything else to one of them). */
export const IMAGE_MIME_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'] as const;
export type ImageMimeType = (typeof IMAGE_MIME_TYPES)[number];

/** One part of a user message, as a provider adapter receives it. */
export type ContentPart =
  | { type: 'text'; text: string }
  | {
      type: 'image';
      mimeType: ImageMimeType;
      /** The encoded image, base64 without a `data:` prefix. */
      data: string;
      width: number;
      height: number;
      /** The file name, when the image came from a file. */
      name?: string;
    }
  | {
      type: 'document';
      /** A file name (`notes.md`, `report.pdf`) or, for a tab, its title. */
      name: string;
      /** The extracted text (Markdown for a tab). */
      text: string;
      /** Set for an open tab: its title and address. */
      title?: string;
      url?: string;
    };

export type ImagePart = Extract<ContentPart, { type: 'image' }>;
export type DocumentPart = Extract<ContentPart, { type: 'document' }>;

/**
 * A document as text for a model: a header line naming it (and, for a tab, its address), the text,
 * and a closing line, so the model can tell where each document starts and ends. Every provider
 * sends documents this way (the seed providers too), as a text block before the typed text.
 */
export function documentBlock(part: Pick<DocumentPart, 'name' | 'text' | 'title' | 'url'>): string {
  const head =
    part.url !== undefined
      ? `<tab title="${attr(part.title ?? part.name)}" url="${attr(part.url)}">`
      : `<document name="${attr(part.name)}">`;
  const tail = part.url !== undefined ? '</tab>' : '</document>';
  return `${head}\n${part.text}\n${tail}`;
}

/** Quotes and line breaks would end the attribute early; they become spaces and `'`. */
function attr(value: string): string {
  return value.replace(/[\r\n]+/g, ' ').replace(/"/g, "'");
}

/**
 * The text of a message's parts for a provider that takes text only: documents as their blocks,
 * text parts as they are, joined by a blank line; images are left out (the runner refuses a
 * message with an image for such a provider before it gets here).
 */
export function partsText(parts: readonly ContentPart[]): string {
  const out: string[] = [];
  for (const part of parts) {
    if (part.type === 'text') {
      if (part.text !== '') out.push(part.text);
    } else if (part.type === 'document') out.push(documentBlock(part));
  }
  return out.join('\n\n');
}

export function hasImage(parts: readonly ContentPart[] | undefined): boolean {
  return parts?.some((part) => part.type === 'image') ?? false;
}

/** The base64 payload of a data URL (`data:image/png;base64,AAAA`), or the string itself. */
export function base64Of(dataOrUrl: string): string {
  const comma = dataOrUrl.startsWith('data:') ? dataOrUrl.indexOf(',') : -1;
  return comma >= 0 ? dataOrUrl.slice(comma + 1) : dataOrUrl;
}

/** The data URL of an image part (OpenAI-compatible `image_url`, thumbnails). */
export function dataUrlOf(part: Pick<ImagePart, 'mimeType' | 'data'>): string {
  return `data:${part.mimeType};base64,${part.data}`;
}

/**
 * A user turn for the provider contract (ChatMessage in src/providers/types.ts): the typed text
 * alone when there are no attachments (so a plain message costs nothing more); else `parts` in
 * the order models read best (documents, then images, then the question) and `content` their
 * text for text-only adapters.
 */
export function userMessage(
  text: string,
  attachments: readonly Exclude<ContentPart, { type: 'text' }>[] = [],
): { role: 'user'; content: string; parts?: ContentPart[] } {
  if (attachments.length === 0) return { role: 'user', content: text };
  const documents = attachments.filter((part) => part.type === 'document');
  const images = attachments.filter((part) => part.type === 'image');
  const parts: ContentPart[] = [...documents, ...images];
  if (text !== '') parts.push({ type: 'text', text });
  return { role: 'user', content: partsText(parts), parts };
}
