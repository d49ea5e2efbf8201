// What Parley keeps: the stored records (conversations and messages) and the constant lists the
// settings and the views share (the `auto` id, roles, statuses, themes, languages), each declared
// once with its schema. The message protocol (protocol.ts), the settings (settings.ts) and the
// backup file (backup.ts) derive from these, so a list grows in one place. zod/mini keeps the
// schemas small enough for the popup's first load and the service worker.
import * as z from 'zod/mini';
import { ERROR_CODES } from './errors';

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

export const messageRecordSchema = z.object({
  id: nonEmpty(),
  conversationId: nonEmpty(),
  role: z.enum(MESSAGE_ROLES),
  text: z.string(),
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
