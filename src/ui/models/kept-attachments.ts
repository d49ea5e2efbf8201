// The composer's pending attachments, kept with the text draft in storage.session while the browser
// runs (drafts.ts): the popup closes on any click outside it — to copy something from the page, to
// take another screenshot — and an image pasted a moment ago must still be there when it opens.
// Only what is ready is kept, as it would be sent (an image's scaled base64, a document's text),
// up to a budget per draft that leaves the session area (10 MB in Chrome, shared with the text
// drafts) room; what does not fit, or finds the area full, stays in the open view only.
import { attachmentInputSchema, type AttachmentInput } from '../../shared/records';
import type { AttachmentKind, PendingAttachment } from './composer-attachments';

export { keptAttachmentsKey } from '../../shared/draft-keys';

/**
 * At most this many characters of kept attachments per draft: chrome.storage.session holds 10 MB
 * in all (https://developer.chrome.com/docs/extensions/reference/api/storage#property-session).
 */
export const KEPT_BUDGET_CHARS = 3_000_000;

/** A ready attachment as storage.session keeps it (JSON). */
export interface KeptAttachment {
  id: string;
  kind: AttachmentKind;
  name: string;
  input: AttachmentInput;
  tokens?: number;
  pages?: number;
  note?: string;
  preparedFor?: string;
}

/** The ready attachments of a list that fit the budget, in order, as they are kept. */
export function toKept(list: readonly PendingAttachment[], budget = KEPT_BUDGET_CHARS) {
  const kept: KeptAttachment[] = [];
  let used = 0;
  for (const item of list) {
    if (item.status !== 'ready' || !item.input) continue;
    const size = item.input.kind === 'image' ? item.input.data.length : item.input.text.length;
    if (used + size > budget) continue;
    used += size;
    kept.push({
      id: item.id,
      kind: item.kind,
      name: item.name,
      input: item.input,
      ...(item.tokens !== undefined ? { tokens: item.tokens } : {}),
      ...(item.pages !== undefined ? { pages: item.pages } : {}),
      ...(item.note !== undefined ? { note: item.note } : {}),
      ...(item.preparedFor !== undefined ? { preparedFor: item.preparedFor } : {}),
    });
  }
  return kept;
}

/**
 * What storage held, as pending attachments again: each checked as `chat-send` would check it
 * (anything else is dropped), an image given back its thumbnail and its bytes as the source to
 * scale again for another provider.
 */
export function fromKept(
  stored: unknown,
  objectUrl: { create(blob: Blob): string },
): PendingAttachment[] {
  if (!Array.isArray(stored)) return [];
  const out: PendingAttachment[] = [];
  for (const entry of stored as Partial<KeptAttachment>[]) {
    const input = attachmentInputSchema.safeParse(entry?.input);
    if (!input.success || typeof entry.id !== 'string' || typeof entry.name !== 'string') continue;
    const item: PendingAttachment = {
      id: entry.id,
      kind: entry.kind === 'tab' || entry.kind === 'document' ? entry.kind : 'image',
      name: entry.name,
      status: 'ready',
      input: input.data,
      ...(typeof entry.tokens === 'number' ? { tokens: entry.tokens } : {}),
      ...(typeof entry.pages === 'number' ? { pages: entry.pages } : {}),
      ...(typeof entry.note === 'string' ? { note: entry.note } : {}),
      ...(typeof entry.preparedFor === 'string' ? { preparedFor: entry.preparedFor } : {}),
    };
    if (input.data.kind === 'image') {
      const blob = base64Blob(input.data.data, input.data.mimeType);
      if (!blob) continue;
      item.kind = 'image';
      item.source = blob;
      item.thumbUrl = objectUrl.create(blob);
    }
    out.push(item);
  }
  return out;
}

function base64Blob(data: string, mimeType: string): Blob | undefined {
  try {
    const base64 = data.startsWith('data:') ? data.slice(data.indexOf(',') + 1) : data;
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    return new Blob([bytes], { type: mimeType });
  } catch {
    return undefined;
  }
}
