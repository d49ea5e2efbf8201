// What Parley keeps: the stored records (conversations and messages) and the constant lists the
// settings and the views share (the `auto` id, roles, statuses, themes, languages), each declared
// once with its schema. The message protocol (protocol.ts), the settings (settings.ts) and the
// backup file (backup.ts) derive from these, so a list grows in one place. zod/mini keeps the
// schemas small enough for the popup's first load and the service worker.
import * as z from 'zod/mini';
import { ERROR_CODES } from './errors';
import { IMAGE_MIME_TYPES } from './content-parts';

/** The provider id of the fallback chain (docs/providers/legacy-providers.md, section 6). */
export const AUTO_PROVIDER_ID = 'auto';

export const MESSAGE_ROLES = ['system', 'user', 'assistant'] as const;
export type MessageRole = (typeof MESSAGE_ROLES)[number];

export const MESSAGE_STATUSES = ['streaming', 'done', 'error', 'stopped', 'interrupted'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

/** The languages the settings offer; `system` follows the browser. */
export const LANGUAGES = ['system', 'en', 'ru'] as const;
export type Language = (typeof LANGUAGES)[number];

const finite = () => z.number().check(z.refine(Number.isFinite, 'expected a finite number'));
const nonEmpty = () => z.string().check(z.minLength(1));

export const tokenUsageSchema = z.object({
  inputTokens: z.optional(z.number()),
  outputTokens: z.optional(z.number()),
  totalTokens: z.optional(z.number()),
  reasoningTokens: z.optional(z.number()),
});
export type TokenUsage = z.infer<typeof tokenUsageSchema>;

/** Where an ask about a page came from (context menu), kept with the conversation. */
export const askContextSchema = z.object({ pageUrl: z.string(), title: z.string() });
export type AskContext = z.infer<typeof askContextSchema>;

/** A WireError (errors.ts) as it is stored on a message. */
export const wireErrorSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  retryable: z.boolean(),
  providerId: z.optional(z.string()),
  status: z.optional(z.number()),
  detail: z.optional(z.string()),
  retryAfterMs: z.optional(z.number()),
  said: z.optional(z.string()),
});

export const conversationRecordSchema = z.object({
  id: nonEmpty(),
  title: z.string(),
  createdAt: finite(),
  updatedAt: finite(),
  /** The provider chosen for the conversation: a provider id or `auto`. */
  providerId: nonEmpty(),
  model: z.optional(z.string()),
  pinned: z.optional(z.boolean()),
  context: z.optional(askContextSchema),
  /** A temporary chat: kept in the worker's memory only, never stored, never in the history. */
  temporary: z.optional(z.boolean()),
  /**
   * Compare (one prompt answered by several providers at once): the providers picked for it, and
   * whether the next message is compared too. Kept when turned off, so turning it on again
   * offers the same picks.
   */
  compare: z.optional(z.object({ enabled: z.boolean(), providerIds: z.array(nonEmpty()) })),
});
export type ConversationRecord = z.infer<typeof conversationRecordSchema>;

// Attachments (docs/protocol.md, "Attachments"; the shapes a provider receives are in
// content-parts.ts).

/** What one message may carry; the background refuses more with a clear error. */
export const ATTACHMENT_LIMITS = {
  /** Attachments on one message. */
  count: 20,
  /** One image's encoded bytes (before base64): 20 MB, the most any provider takes. */
  imageBytes: 20 * 1024 * 1024,
  /** One document's text, in characters (a 300-page book is about 1.5 M). */
  documentChars: 2_000_000,
} as const;

const dimension = () => z.int().check(z.positive(), z.lte(100_000));

/**
 * An attachment as a view sends it with `chat-send`. Ports carry JSON in Chrome (no Blobs), so an
 * image is its base64 (a `data:` URL is accepted too), already scaled and re-encoded by the view.
 * A tab is a document with its `title` and `url`.
 */
export const attachmentInputSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('image'),
    name: z.optional(z.string()),
    mimeType: z.enum(IMAGE_MIME_TYPES),
    /** base64 (or a data URL) of the encoded image. */
    data: nonEmpty(),
    width: dimension(),
    height: dimension(),
  }),
  z.object({
    kind: z.literal('document'),
    name: nonEmpty(),
    text: z.string().check(z.maxLength(ATTACHMENT_LIMITS.documentChars)),
    title: z.optional(z.string()),
    url: z.optional(z.string()),
  }),
]);
export type AttachmentInput = z.infer<typeof attachmentInputSchema>;

/**
 * An attachment as a message keeps it. An image's bytes are stored apart, as a Blob under its `id`
 * (background/store.ts); views ask for them with `attachment-data`. A document keeps its text.
 */
export const attachmentRecordSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('image'),
    id: nonEmpty(),
    name: z.optional(z.string()),
    mimeType: z.enum(IMAGE_MIME_TYPES),
    width: dimension(),
    height: dimension(),
    /** The encoded image's size in bytes. */
    bytes: z.int().check(z.gte(0)),
  }),
  z.object({
    kind: z.literal('document'),
    id: nonEmpty(),
    name: nonEmpty(),
    text: z.string(),
    title: z.optional(z.string()),
    url: z.optional(z.string()),
  }),
]);
export type AttachmentRecord = z.infer<typeof attachmentRecordSchema>;

/** The `data-kind` a view shows an attachment with: `image`, `document`, or `tab` (has a url). */
export function attachmentKind(
  attachment: Pick<AttachmentInput, 'kind'> & { url?: string },
): 'image' | 'document' | 'tab' {
  if (attachment.kind === 'image') return 'image';
  return attachment.url !== undefined ? 'tab' : 'document';
}

export const messageRecordSchema = z.object({
  id: nonEmpty(),
  conversationId: nonEmpty(),
  role: z.enum(MESSAGE_ROLES),
  /** What the person typed (a user message) or the answer; attachments are apart, never searched. */
  text: z.string(),
  /** A user message's images and documents, in the order they were attached. */
  attachments: z.optional(z.array(attachmentRecordSchema)),
  /** Reasoning text shown apart from the answer, for models that send it. */
  reasoning: z.optional(z.string()),
  status: z.enum(MESSAGE_STATUSES),
  /** For assistant messages: the provider that answered (with `auto`, the one that got through). */
  providerId: z.optional(z.string()),
  model: z.optional(z.string()),
  error: z.optional(wireErrorSchema),
  usage: z.optional(tokenUsageSchema),
  /** Why the reply ended, as the provider said (`stop`, `length`, `ended-without-marker`, …). */
  finishReason: z.optional(z.string()),
  /**
   * Versions of one reply (Regenerate; later, one prompt answered by several providers) share a
   * `replyGroup`, set on every version; a message without one is a reply of its own. See
   * reply-versions.ts.
   */
  replyGroup: z.optional(z.string()),
  /** A version that is not the one shown: the conversation continues from the shown one. */
  inactive: z.optional(z.boolean()),
  /** When the first text (or reasoning) of a reply came, epoch ms: its time to first token. */
  firstTokenAt: z.optional(finite()),
  createdAt: finite(),
  updatedAt: finite(),
});
export type MessageRecord = z.infer<typeof messageRecordSchema>;

/**
 * A saved prompt of the prompt library (issue 13): kept in `settings.prompts`, carried by the
 * backup with the settings. Its text may hold the variables of shared/prompt-variables.ts.
 */
export const promptRecordSchema = z.object({
  id: nonEmpty(),
  title: z.string(),
  text: z.string(),
  /** Listed in the context menu on selected text. */
  inMenu: z.boolean(),
});
export type PromptRecord = z.infer<typeof promptRecordSchema>;
