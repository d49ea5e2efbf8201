// Every message between the views and the background, declared once, with its direction.
// Everything here is JSON-safe (docs/design.md, "Streaming", point 6): no Error, Map or Date
// objects; times are epoch milliseconds. docs/protocol.md documents the same shapes with JSON
// examples, and protocol.test.ts round-trips a sample of every message through JSON.
import type { WireError } from './errors';
import type { ImportResult } from './backup';
import type { Settings } from './settings';
import type {
  AskContext,
  AttachmentInput,
  ConversationRecord,
  MessageRecord,
  TokenUsage,
} from './records';
import type { InputCapabilities } from './image-cost';

/** The runtime.Port every chat view opens to the background. */
export const CHAT_PORT_NAME = 'chat/v1';

/** Marks a runtime.sendMessage request as ours. */
export const REQUEST_CHANNEL = 'parley/v1';

// ---------------------------------------------------------------------------------------------
// Records: what the store keeps and the views show, declared with their schemas in records.ts.

export type {
  AskContext,
  AttachmentInput,
  AttachmentRecord,
  ConversationRecord,
  MessageRecord,
  MessageRole,
  MessageStatus,
  TokenUsage,
} from './records';

/** A conversation found by the history search. */
export interface ConversationHit {
  conversation: ConversationRecord;
  /** A piece of the first message that matched (absent when only the title did, or no query). */
  snippet?: {
    text: string;
    /** The hit inside `text`: [start, end). */
    start: number;
    end: number;
    messageId: string;
  };
}

/** What the UI needs to know of a provider; JSON-safe (no functions). */
export interface ProviderInfo {
  id: string;
  displayName: string;
  defaultBaseUrl: string;
  capabilities: {
    auth: 'none' | 'api-key' | 'browser-cookies';
    streaming: 'incremental' | 'whole';
    history: 'full' | 'flattened' | 'last-message';
    systemPrompt: boolean;
    models: 'fixed' | 'static' | 'listable';
    /** Images or text only, and the image limits and cost rule (shared/image-cost.ts). */
    input: InputCapabilities;
  };
  status?: { working: boolean; checked: string; note: string };
  models?: { id: string; name?: string }[];
  /** What the provider needs and where to read about it (docs/decisions/provider-contract-additions.md). */
  info?: {
    runs: 'hosted' | 'local-server' | 'browser';
    apiKey: 'required' | 'optional' | 'none';
    baseUrlRequired?: boolean;
    docsUrl?: string;
    keysUrl?: string;
  };
  /** Set on presets: the folder whose adapter this entry configures. */
  presetOf?: string;
}

/** One local server probed for the first-run card. */
export interface SetupProbe {
  providerId: string;
  baseUrl: string;
  /** running: answered; refused: there but said no (a key, or an origin check); absent: nothing. */
  state: 'running' | 'refused' | 'absent';
  models?: string[];
}

export interface SetupDetection {
  local: SetupProbe[];
  /** Chrome's built-in model (Prompt API). */
  builtin: 'unavailable' | 'downloadable' | 'downloading' | 'available';
}

// ---------------------------------------------------------------------------------------------
// Chat port `chat/v1`.

/** view → background, over the chat port. */
export type PortRequest =
  /** Sends a user message and starts a reply. No conversationId: a new conversation. */
  | {
      type: 'chat-send';
      streamId: string;
      conversationId?: string;
      providerId: string;
      text: string;
      /**
       * Images and documents (files, tabs) sent with the text; see docs/protocol.md, "Attachments".
       * Refused before sending (`input-unsupported`) when the provider takes no images.
       */
      attachments?: AttachmentInput[];
      model?: string;
      context?: AskContext;
      /** Only for a new conversation: keep it in memory, never store it (a temporary chat). */
      temporary?: boolean;
    }
  /**
   * Answers again: a new version of the reply `messageId` (the earlier ones stay, see
   * reply-versions.ts); anything after the reply goes.
   */
  | {
      type: 'chat-retry';
      streamId: string;
      conversationId: string;
      messageId: string;
      providerId?: string;
      /** The model to answer with; without it, the conversation's (when the provider is the same). */
      model?: string;
    }
  /**
   * Edits a user message and answers it again: the user message `messageId` and everything after
   * it are replaced by the edited message and a new reply.
   */
  | {
      type: 'chat-edit';
      streamId: string;
      conversationId: string;
      messageId: string;
      text: string;
      providerId?: string;
      /** As for chat-retry. */
      model?: string;
    }
  /** Deletes one message; watchers get a fresh `conversation-state`. Refused while a reply runs. */
  | { type: 'chat-delete'; conversationId: string; messageId: string }
  /**
   * Shows another version of a reply (`messageId`, one of its versions): the conversation goes on
   * from it. Watchers get a fresh `conversation-state`. Refused while a reply runs.
   */
  | { type: 'chat-show-version'; conversationId: string; messageId: string }
  /**
   * Compare: one user message answered by 2–4 providers (or models) at once, each reply a stream of
   * its own and a version of the same reply (one `replyGroup`; the first shown until the user
   * continues with another through chat-show-version). No conversationId: a new conversation.
   */
  | {
      type: 'chat-compare';
      conversationId?: string;
      text: string;
      replies: { streamId: string; providerId: string; model?: string }[];
      /** As for chat-send: each reply gets them (a provider that takes no images refuses its own). */
      attachments?: AttachmentInput[];
      context?: AskContext;
      /** As for chat-send. */
      temporary?: boolean;
    }
  /** Stops a running reply; its partial text is kept with status `stopped`. */
  | { type: 'chat-stop'; streamId: string }
  /** Watches a conversation: the background answers with `conversation-state`, then live parts. */
  | { type: 'chat-attach'; conversationId: string }
  /** Stops watching (the view moved to another conversation). */
  | { type: 'chat-detach'; conversationId: string };

/** A running reply, as a view attaching mid-stream needs to know it. */
export interface ActiveStream {
  streamId: string;
  messageId: string;
  /** The seq of the last part already folded into the snapshot; live parts continue after it. */
  seq: number;
}

/** One piece of a reply. Every stream ends with exactly one terminal part: finish, error or abort. */
export type StreamPart =
  | { type: 'stream-start'; providerId: string; model?: string }
  /** With `auto`: the provider now trying (attribution; may change only before the first text). */
  | { type: 'provider-start'; providerId: string; displayName: string }
  | { type: 'text-delta'; delta: string }
  | { type: 'reasoning-delta'; delta: string }
  /** A local model is still downloading (Chrome's built-in model): `loaded` from 0 to 1. */
  | { type: 'download-progress'; loaded: number }
  | { type: 'usage'; usage: TokenUsage }
  | { type: 'finish'; reason: string }
  | { type: 'error'; error: WireError }
  | { type: 'abort' };

export type TerminalPart = Extract<StreamPart, { type: 'finish' | 'error' | 'abort' }>;

export function isTerminalPart(part: StreamPart): part is TerminalPart {
  return part.type === 'finish' || part.type === 'error' || part.type === 'abort';
}

/** background → view, over the chat port. */
export type PortEvent =
  /**
   * The stored conversation with the live text of its running replies folded in. Several replies
   * may run in one conversation at once (a comparison): one entry each, in the order they began.
   */
  | {
      type: 'conversation-state';
      conversation: ConversationRecord;
      messages: MessageRecord[];
      activeStreams: ActiveStream[];
    }
  | {
      type: 'stream-part';
      streamId: string;
      conversationId: string;
      messageId: string;
      /** 0, 1, 2, … per stream, in order; a view ignores a seq it has already seen. */
      seq: number;
      part: StreamPart;
    }
  /** A request on the port failed before any stream began (e.g. unknown conversation). */
  | { type: 'request-failed'; streamId?: string; conversationId?: string; error: WireError };

// ---------------------------------------------------------------------------------------------
// View notices: background → every open view, one runtime broadcast, no answer (issue 13).

/** Marks a runtime broadcast from the background to the views as ours. */
export const NOTICE_CHANNEL = 'parley/notice/v1';

/** Each notice as `type: fields`; a view's handler table is typed from it (view-notices.ts). */
export interface NoticeMap {
  /**
   * Stored conversations changed (started, renamed, (un)pinned, answered, deleted, restored,
   * imported, all deleted): every open history lists again. `conversationIds` names them; empty
   * for "any" (an import, Delete all data).
   */
  'conversations-changed': { conversationIds: string[] };
}

export type NoticeType = keyof NoticeMap;

export type ViewNotice = {
  [K in NoticeType]: { channel: typeof NOTICE_CHANNEL; type: K } & NoticeMap[K];
}[NoticeType];

export function isViewNotice(value: unknown): value is ViewNotice {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { channel?: unknown }).channel === NOTICE_CHANNEL &&
    typeof (value as { type?: unknown }).type === 'string'
  );
}

// ---------------------------------------------------------------------------------------------
// Request channel: runtime.sendMessage, one answer.

export type Reply<T> = { ok: true; value: T } | { ok: false; error: WireError };

/**
 * view → background, answered by the background. Each entry is `type: { params; result }`; the
 * background's handler table must cover every key (the compiler checks it).
 */
export interface RequestMap {
  /** Liveness and version of the worker. */
  ping: { params: Record<string, never>; result: { version: string } };
  /** Providers with their capabilities and status, in registry order. */
  'providers-list': { params: Record<string, never>; result: ProviderInfo[] };
  /**
   * Sends one message ("Say hello.") through a provider (or `auto`) with the current settings and
   * answers the reply's text, the time it took, and the provider that answered.
   */
  'provider-test': {
    params: { providerId: string };
    result: { latencyMs: number; text: string; providerId: string };
  };
  /** Conversations, newest first. */
  'conversations-list': { params: { limit?: number }; result: ConversationRecord[] };
  /**
   * Moves a conversation to the trash (stopping its reply first); `conversation-restore` brings it
   * back until `undoUntil`, after which it is deleted for good.
   */
  'conversation-delete': {
    params: { conversationId: string };
    result: { deleted: boolean; undoUntil?: number };
  };
  /** The history: matches of every word of `query` (all for ''), pinned first, then newest. */
  'conversations-search': {
    params: { query: string; limit?: number };
    result: { items: ConversationHit[]; total: number };
  };
  /** Renames or (un)pins a conversation. */
  'conversation-update': {
    params: { conversationId: string; title?: string; pinned?: boolean };
    result: ConversationRecord;
  };
  'conversation-restore': { params: { conversationId: string }; result: { restored: boolean } };
  /**
   * Every stored conversation and message (or one conversation's), for export; with `images`,
   * the image attachments' bytes too (base64, for the backup file).
   */
  'data-export': {
    params: { conversationId?: string; images?: boolean };
    result: {
      conversations: ConversationRecord[];
      messages: MessageRecord[];
      images?: { id: string; data: string }[];
    };
  };
  /**
   * A stored image attachment as a data URL, for the message view's thumbnails (asked for when
   * shown, so `conversation-state` carries no image bytes). Fails when the image is gone.
   */
  'attachment-data': { params: { attachmentId: string }; result: { dataUrl: string } };
  /** Imports a backup file's text: validated whole before anything is written (backup.ts). */
  'data-import': { params: { json: string }; result: ImportResult };
  /** Deletes every conversation and the settings (API keys included). */
  'data-delete-all': { params: Record<string, never>; result: { deleted: true } };
  /**
   * The models a provider offers, listed by the service with the provider's current settings (base
   * URL, key) where it can list them (5 s limit), else the registry's list. Errors as the adapter
   * raised them (`auth-missing`, `permission-missing`, `network`, `timeout`, …).
   */
  'provider-models': {
    params: { providerId: string };
    result: { models: { id: string; name?: string }[] };
  };
  /**
   * The one way a view changes the settings (the worker is their only writer): `next` is stored
   * only if the stored settings still equal `base`, the settings the view changed; else nothing
   * is written and `conflict` comes back with the current settings, to apply the change to again.
   */
  'settings-update': {
    params: { base: Settings; next: Settings };
    result: { settings: Settings; conflict?: true };
  };
  /** First run: what can be used right now. Quick (probes in parallel, short timeouts). */
  'setup-detect': { params: Record<string, never>; result: SetupDetection };
}

export type RequestType = keyof RequestMap;

export interface RequestEnvelope<K extends RequestType = RequestType> {
  channel: typeof REQUEST_CHANNEL;
  type: K;
  params: RequestMap[K]['params'];
}

export function isRequestEnvelope(value: unknown): value is RequestEnvelope {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { channel?: unknown }).channel === REQUEST_CHANNEL &&
    typeof (value as { type?: unknown }).type === 'string'
  );
}

/** Every port request type; the compiler requires each one of PortRequest here. */
const PORT_REQUEST_TYPES: Record<PortRequest['type'], true> = {
  'chat-send': true,
  'chat-retry': true,
  'chat-edit': true,
  'chat-delete': true,
  'chat-show-version': true,
  'chat-compare': true,
  'chat-stop': true,
  'chat-attach': true,
  'chat-detach': true,
};

export function isPortRequest(value: unknown): value is PortRequest {
  if (typeof value !== 'object' || value === null) return false;
  const type = (value as { type?: unknown }).type;
  return typeof type === 'string' && Object.hasOwn(PORT_REQUEST_TYPES, type);
}

/** How many replies one comparison may have. */
export const COMPARE_MIN = 2;
export const COMPARE_MAX = 4;
