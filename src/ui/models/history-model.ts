// The history panel's state: the search box, the page of matching conversations, and the undo of
// the last deletion. Every change goes to the background (the only writer) as a request; the list
// is then asked for again, so it always shows what is stored.
import { batch, signal } from '@preact/signals';
import type { WireError } from '../../shared/errors';
import type { ConversationHit, ConversationRecord, MessageRecord } from '../../shared/protocol';
import type { ChatModel } from './chat-model';
import type { Connection } from './connection';

/** How many conversations a page shows; "Show more" adds another page. */
export const HISTORY_PAGE = 50;

export interface HistoryModelOptions {
  connection: Connection;
  chat: ChatModel;
  /** Typing waits this long before searching (and a change elsewhere before listing again). */
  debounceMs?: number;
  now?: () => number;
}

export interface PendingUndo {
  conversation: ConversationRecord;
  undoUntil: number;
  /** The chat showed it when it was deleted: undo shows it again. */
  wasOpen: boolean;
}

export class HistoryModel {
  readonly query = signal('');
  readonly items = signal<ConversationHit[]>([]);
  readonly total = signal(0);
  /** False until the first answer, so the view can tell "loading" from "empty". */
  readonly loaded = signal(false);
  readonly error = signal<WireError | undefined>(undefined);
  readonly undo = signal<PendingUndo | undefined>(undefined);

  private readonly connection: Connection;
  private readonly chat: ChatModel;
  private readonly debounceMs: number;
  private readonly now: () => number;
  private limit = HISTORY_PAGE;
  /** Answers can arrive out of order while the user types: only the latest request's counts. */
  private requestSeq = 0;
  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  private undoTimer: ReturnType<typeof setTimeout> | undefined;
  private changeTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly unwatch: (() => void) | undefined;

  constructor(options: HistoryModelOptions) {
    this.connection = options.connection;
    this.chat = options.chat;
    this.debounceMs = options.debounceMs ?? 120;
    this.now = options.now ?? Date.now;
    // Live history: a conversation started, renamed or deleted in another view (or by this one's
    // chat) is listed again here, with the search and the page as they are.
    this.unwatch = this.connection.watchNotices?.((notice) => {
      if (notice.type !== 'conversations-changed') return;
      clearTimeout(this.changeTimer);
      this.changeTimer = setTimeout(() => void this.refresh(), this.debounceMs);
    });
  }

  /** Asks for the current query's first `limit` matches. */
  async refresh(): Promise<void> {
    const seq = ++this.requestSeq;
    const reply = await this.connection.request('conversations-search', {
      query: this.query.value,
      limit: this.limit,
    });
    if (seq !== this.requestSeq) return;
    batch(() => {
      this.loaded.value = true;
      if (reply.ok) {
        this.items.value = reply.value.items;
        this.total.value = reply.value.total;
        this.error.value = undefined;
      } else {
        this.error.value = reply.error;
      }
    });
  }

  /** The search box changed: search again shortly (the first page). */
  search(query: string): void {
    this.query.value = query;
    this.limit = HISTORY_PAGE;
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => void this.refresh(), this.debounceMs);
  }

  showMore(): Promise<void> {
    this.limit += HISTORY_PAGE;
    return this.refresh();
  }

  open(conversationId: string): void {
    if (this.chat.conversation.value?.id !== conversationId) this.chat.attach(conversationId);
  }

  async rename(conversationId: string, title: string): Promise<boolean> {
    const reply = await this.connection.request('conversation-update', { conversationId, title });
    return this.after(reply);
  }

  async setPinned(conversationId: string, pinned: boolean): Promise<boolean> {
    const reply = await this.connection.request('conversation-update', { conversationId, pinned });
    return this.after(reply);
  }

  /** Deletes (to the trash); the undo lasts until the background's undo window closes. */
  async remove(conversation: ConversationRecord): Promise<boolean> {
    const wasOpen = this.chat.conversation.value?.id === conversation.id;
    const reply = await this.connection.request('conversation-delete', {
      conversationId: conversation.id,
    });
    if (reply.ok && reply.value.deleted) {
      if (wasOpen) this.chat.newChat();
      const undoUntil = reply.value.undoUntil ?? this.now();
      this.undo.value = { conversation, undoUntil, wasOpen };
      clearTimeout(this.undoTimer);
      this.undoTimer = setTimeout(
        () => {
          if (this.undo.value?.conversation.id === conversation.id) this.undo.value = undefined;
        },
        Math.max(0, undoUntil - this.now()),
      );
    }
    return this.after(reply);
  }

  async restore(): Promise<boolean> {
    const pending = this.undo.value;
    if (!pending) return false;
    this.undo.value = undefined;
    clearTimeout(this.undoTimer);
    const reply = await this.connection.request('conversation-restore', {
      conversationId: pending.conversation.id,
    });
    const restored = reply.ok && reply.value.restored;
    // Show it again only if the user has not started something else meanwhile.
    if (restored && pending.wasOpen && !this.chat.conversation.value) {
      this.chat.attach(pending.conversation.id);
    }
    await this.after(reply);
    return restored;
  }

  /** The conversation with its messages, for an export. */
  async load(
    conversationId: string,
  ): Promise<{ conversation: ConversationRecord; messages: MessageRecord[] } | undefined> {
    const reply = await this.connection.request('data-export', { conversationId });
    if (!reply.ok) {
      this.error.value = reply.error;
      return undefined;
    }
    const conversation = reply.value.conversations[0];
    return conversation && { conversation, messages: reply.value.messages };
  }

  dispose(): void {
    clearTimeout(this.searchTimer);
    clearTimeout(this.undoTimer);
    clearTimeout(this.changeTimer);
    this.unwatch?.();
  }

  private async after(reply: { ok: boolean; error?: WireError }): Promise<boolean> {
    if (!reply.ok) {
      this.error.value = reply.error;
      return false;
    }
    await this.refresh();
    return true;
  }
}
