// Where the composer's drafts live in storage.session (docs/protocol.md, "Drafts"): the views write
// them (ui/models/drafts.ts, ui/models/kept-attachments.ts); the worker forgets a conversation's
// once the conversation is gone for good, and all of them with "Delete all data".

/** The draft of a chat not started yet (no conversation). */
export const NEW_CHAT_DRAFT = 'draft/new';

/** Every draft key starts so (and nothing else in storage.session does). */
export const DRAFT_PREFIX = 'draft/';

export const draftKey = (conversationId: string | undefined): string =>
  conversationId ? `${DRAFT_PREFIX}${conversationId}` : NEW_CHAT_DRAFT;

/** The storage key of a draft's attachments, beside the draft's text. */
export const keptAttachmentsKey = (key: string): string => `${key}/attachments`;

/** Every key a conversation's draft may take: its text and its attachments. */
export function draftKeysOf(conversationId: string): string[] {
  const key = draftKey(conversationId);
  return [key, keptAttachmentsKey(key)];
}
