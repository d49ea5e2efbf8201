// The conversation store: IndexedDB through idb, written only by the background (docs/design.md,
// "Layout"). The schema is versioned; each version's migration is a function below, run in order
// inside the upgrade transaction, and each has its own test (store.test.ts).
//
// Besides conversations and messages it keeps, per conversation, the terms the history search
// matches (`search`, see search-text.ts), rewritten in the same transaction as any write that
// changes what is searchable, and a `trash` where deleted conversations wait out the undo window.
//
// Image attachments (docs/protocol.md, "Attachments") are kept apart from their message, as Blobs in
// `attachments` under the attachment's id (the message record lists the ids): messages stay small
// for `conversation-state` and the search, and the bytes are read only to send or to show them.
// They go with their message and conversation (a trashed conversation keeps them until it is
// purged).
import {
  openDB,
  type DBSchema,
  type IDBPDatabase,
  type IDBPTransaction,
  type StoreNames,
} from 'idb';
import { storageFailed } from '../shared/errors';
import type {
  ConversationHit,
  ConversationRecord,
  MessageRecord,
  MessageStatus,
} from '../shared/protocol';
import { byPinnedThenNewest, SearchIndex, type IndexEntry } from './search-index';
import { queryWords, snippetOf, termsOf } from './search-text';

/** A conversation's searchable terms (search-text.ts): its title and every message's text. */
export interface SearchDoc {
  conversationId: string;
  terms: string;
}

/** An image attachment's bytes, under the id its message's record gives it. */
export interface AttachmentBlob {
  id: string;
  blob: Blob;
}

/** How `attachments` keeps one: with its conversation, so a conversation's images go together. */
export interface StoredAttachment extends AttachmentBlob {
  conversationId: string;
}

/** A deleted conversation, kept whole until the undo window has passed. */
export interface TrashEntry {
  conversationId: string;
  deletedAt: number;
  conversation: ConversationRecord;
  messages: MessageRecord[];
}
export interface ParleySchema extends DBSchema {
  conversations: {
    key: string;
    value: ConversationRecord;
    indexes: { updatedAt: number };
  };
  messages: {
    key: string;
    value: MessageRecord;
    indexes: { byConversation: [string, number]; status: MessageStatus };
  };
  search: {
    key: string;
    value: SearchDoc;
  };
  trash: {
    key: string;
    value: TrashEntry;
    indexes: { deletedAt: number };
  };
  attachments: {
    key: string;
    value: StoredAttachment;
    indexes: { byConversation: string };
  };
}

type UpgradeTx = IDBPTransaction<ParleySchema, StoreNames<ParleySchema>[], 'versionchange'>;
/** Changes the schema at once; may go on filling in data (inside the same upgrade transaction). */
type Migration = (db: IDBPDatabase<ParleySchema>, tx: UpgradeTx) => void | Promise<void>;

/** The text a conversation is found by. */
export function searchTerms(
  conversation: ConversationRecord,
  messages: readonly MessageRecord[],
): string {
  return termsOf([conversation.title, ...messages.map((m) => m.text)]);
}

/** migrations[n] takes the database from version n to n + 1. */
export const MIGRATIONS: readonly Migration[] = [
  // 0 → 1: conversations by last update; messages by conversation in time order, and by status
  // (so start-up recovery finds `streaming` messages without a full scan).
  (db) => {
    const conversations = db.createObjectStore('conversations', { keyPath: 'id' });
    conversations.createIndex('updatedAt', 'updatedAt');
    const messages = db.createObjectStore('messages', { keyPath: 'id' });
    messages.createIndex('byConversation', ['conversationId', 'createdAt']);
    messages.createIndex('status', 'status');
  },
  // 1 → 2: the history search's terms per conversation, filled in for every stored conversation;
  // and the trash, by deletion time (so expired entries are purged without a full scan).
  async (db, tx) => {
    db.createObjectStore('search', { keyPath: 'conversationId' });
    db.createObjectStore('trash', { keyPath: 'conversationId' }).createIndex(
      'deletedAt',
      'deletedAt',
    );
    const messages = tx.objectStore('messages').index('byConversation');
    const search = tx.objectStore('search');
    let cursor = await tx.objectStore('conversations').openCursor();
    while (cursor) {
      const conversation = cursor.value;
      const own = await messages.getAll(
        IDBKeyRange.bound([conversation.id, -Infinity], [conversation.id, Infinity]),
      );
      await search.put({ conversationId: conversation.id, terms: searchTerms(conversation, own) });
      cursor = await cursor.continue();
    }
  },
  // 2 → 3: image attachments' bytes, by attachment id, with their conversation (issue 14). No
  // message has attachments before this version: nothing to fill in.
  (db) => {
    db.createObjectStore('attachments', { keyPath: 'id' }).createIndex(
      'byConversation',
      'conversationId',
    );
  },
];

export const DB_VERSION = MIGRATIONS.length;
export const DB_NAME = 'parley';

export interface Store {
  createConversation(conversation: ConversationRecord): Promise<void>;
  getConversation(id: string): Promise<ConversationRecord | undefined>;
  updateConversation(
    id: string,
    patch: Partial<Omit<ConversationRecord, 'id'>>,
  ): Promise<ConversationRecord | undefined>;
  /** Newest first. */
  listConversations(limit?: number): Promise<ConversationRecord[]>;
  /** Deletes the conversation and its messages. */
  deleteConversation(id: string): Promise<boolean>;
  /** Adds a message; `blobs` are its image attachments' bytes, written in the same transaction. */
  addMessage(message: MessageRecord, blobs?: readonly AttachmentBlob[]): Promise<void>;
  /** Image attachments' bytes by id (those there are; a purged one is simply missing). */
  getAttachmentBlobs(ids: readonly string[]): Promise<Map<string, Blob>>;
  getMessage(id: string): Promise<MessageRecord | undefined>;
  updateMessage(
    id: string,
    patch: Partial<Omit<MessageRecord, 'id' | 'conversationId'>>,
  ): Promise<MessageRecord | undefined>;
  /** Oldest first. */
  getMessages(conversationId: string): Promise<MessageRecord[]>;
  /** Deletes one message (and its images); false when there was none. */
  deleteMessage(id: string): Promise<boolean>;
  /** Deletes the conversation's messages created at or after `createdAt`; returns how many. */
  deleteMessagesFrom(conversationId: string, createdAt: number): Promise<number>;
  /** Start-up recovery: every `streaming` message becomes `interrupted`, text kept. Returns them. */
  interruptStreaming(now: number): Promise<MessageRecord[]>;
  /**
   * Conversations matching every word of `query` (all for an empty query), pinned first, then
   * newest; the first `limit`, each with a snippet of the first message that matched.
   */
  searchConversations(
    query: string,
    limit: number,
  ): Promise<{ items: ConversationHit[]; total: number }>;
  /** Moves a conversation and its messages to the trash (undoable); false when there is none. */
  trashConversation(id: string, now: number): Promise<boolean>;
  /** Brings a conversation back from the trash; undefined when it is not there (purged). */
  restoreConversation(id: string): Promise<ConversationRecord | undefined>;
  /** Deletes for good what was trashed at or before `before`; returns how many. */
  purgeTrash(before: number): Promise<number>;
  /** Every stored conversation (newest first) and its messages (oldest first), or just one. */
  exportData(
    conversationId?: string,
  ): Promise<{ conversations: ConversationRecord[]; messages: MessageRecord[] }>;
  /**
   * Writes conversations and messages in one transaction: a conversation already stored is
   * replaced with its messages; if anything fails, nothing is written. The caller validates.
   */
  importData(
    conversations: ConversationRecord[],
    messages: MessageRecord[],
    blobs?: readonly AttachmentBlob[],
  ): Promise<void>;
  /** Deletes every conversation, message, search entry and trashed conversation. */
  clearAll(): Promise<void>;
  close(): void;
}

export async function openStore(name = DB_NAME, version = DB_VERSION): Promise<Store> {
  let supersededBy: number | null | undefined;
  const db = await openDB<ParleySchema>(name, version, {
    upgrade(database, oldVersion, newVersion, tx) {
      // Migrations run one after another in the upgrade transaction (which stays open while they
      // wait on its requests); if one fails, the transaction aborts and the old version stays.
      let chain: Promise<void> = Promise.resolve();
      for (let v = oldVersion; v < (newVersion ?? version); v++) {
        chain = chain.then(() => MIGRATIONS[v]?.(database, tx));
      }
      chain.catch(() => {
        // openDB rejects with the abort; tx.done would reject too, with no one waiting for it.
        tx.done.catch(() => undefined);
        try {
          tx.abort();
        } catch {
          // Already aborted by the failed request itself.
        }
      });
    },
    blocking(_current, blocked, event) {
      // A newer version of the database is waiting on this connection (a newer Parley, or its
      // test double): let it through instead of holding the upgrade forever. What this worker
      // asks of the store afterwards is answered as `storage-failed` (docs/protocol.md).
      supersededBy = blocked;
      (event.target as IDBDatabase).close();
    },
  });
  return refusedOnceSuperseded(createStore(db), () => supersededBy);
}

/**
 * The store, whose calls fail as `storage-failed` once a newer database version closed its
 * connection. Without this, a closed connection's InvalidStateError reached the view as an
 * `unknown` error with no advice (hostile.e2e, "a worker whose storage does not open").
 */
function refusedOnceSuperseded(store: Store, superseded: () => number | null | undefined): Store {
  const refusal = (cause: unknown) =>
    storageFailed(
      `Parley could not use its storage: a newer version of its database (${String(superseded())}) took it over. Restart the browser.`,
      cause,
    );
  return new Proxy(store, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== 'function' || key === 'close') return value;
      return async (...args: unknown[]) => {
        if (superseded() !== undefined) throw refusal('the connection was closed');
        try {
          return await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        } catch (error) {
          // A call the closing cut short fails with the browser's own error: say what happened.
          throw superseded() !== undefined ? refusal(error) : error;
        }
      };
    },
  });
}

/** A write transaction that covers at least conversations, messages and search. */
type Tx = IDBPTransaction<ParleySchema, StoreNames<ParleySchema>[], 'readwrite' | 'versionchange'>;

const messageRange = (conversationId: string, from = -Infinity) =>
  IDBKeyRange.bound([conversationId, from], [conversationId, Infinity]);

/**
 * Runs `body` in `tx` and waits for the commit. If `body` throws (a record IndexedDB cannot store,
 * say), the transaction is aborted, so none of its earlier writes land either.
 */
async function atomically<T, S extends ArrayLike<StoreNames<ParleySchema>>>(
  tx: IDBPTransaction<ParleySchema, S, 'readwrite'>,
  body: () => Promise<T>,
): Promise<T> {
  let result: T;
  try {
    result = await body();
  } catch (error) {
    tx.done.catch(() => undefined);
    try {
      tx.abort();
    } catch {
      // The failed request aborted it already.
    }
    throw error;
  }
  await tx.done;
  return result;
}

/** Rewrites a conversation's search terms inside `tx`; returns its index entry (none if gone). */
async function reindex(tx: Tx, conversationId: string): Promise<IndexEntry | undefined> {
  const conversation = await tx.objectStore('conversations').get(conversationId);
  if (!conversation) {
    await tx.objectStore('search').delete(conversationId);
    return undefined;
  }
  const messages = await tx
    .objectStore('messages')
    .index('byConversation')
    .getAll(messageRange(conversationId));
  const terms = searchTerms(conversation, messages);
  await tx.objectStore('search').put({ conversationId, terms });
  return { conversation, terms };
}

function createStore(db: IDBPDatabase<ParleySchema>): Store {
  const index = new SearchIndex(async () => {
    const tx = db.transaction(['conversations', 'search']);
    const [conversations, docs] = await Promise.all([
      tx.objectStore('conversations').getAll(),
      tx.objectStore('search').getAll(),
    ]);
    const terms = new Map(docs.map((doc) => [doc.conversationId, doc.terms]));
    return conversations.map((conversation) => ({
      conversation,
      terms: terms.get(conversation.id) ?? searchTerms(conversation, []),
    }));
  });

  /** Runs `write` in a transaction over the searchable stores, then reindexes `ids` in it. */
  async function writeAndReindex<T>(
    write: (tx: Tx) => Promise<T>,
    ids: (result: T) => Iterable<string>,
  ): Promise<T> {
    const tx = db.transaction(['conversations', 'messages', 'search', 'attachments'], 'readwrite');
    const entries = new Map<string, IndexEntry | undefined>();
    const result = await atomically(tx, async () => {
      const written = await write(tx);
      for (const id of new Set(ids(written))) entries.set(id, await reindex(tx, id));
      return written;
    });
    for (const [id, entry] of entries) index.set(id, entry);
    return result;
  }

  return {
    async createConversation(conversation) {
      await writeAndReindex(
        (tx) => tx.objectStore('conversations').add(conversation),
        () => [conversation.id],
      );
    },
    getConversation: (id) => db.get('conversations', id),
    async updateConversation(id, patch) {
      // Only a new title changes what the conversation is found by; other fields (updatedAt on
      // every reply, pinned) just update the listing.
      if (patch.title !== undefined) {
        return writeAndReindex(
          async (tx) => {
            const current = await tx.objectStore('conversations').get(id);
            if (!current) return undefined;
            const next = { ...current, ...patch, id };
            await tx.objectStore('conversations').put(next);
            return next;
          },
          (next) => (next ? [id] : []),
        );
      }
      const tx = db.transaction('conversations', 'readwrite');
      const current = await tx.store.get(id);
      if (!current) return undefined;
      const next = { ...current, ...patch, id };
      await tx.store.put(next);
      await tx.done;
      index.updateConversation(next);
      return next;
    },
    async listConversations(limit = Infinity) {
      const out: ConversationRecord[] = [];
      let cursor = await db
        .transaction('conversations')
        .store.index('updatedAt')
        .openCursor(null, 'prev');
      while (cursor && out.length < limit) {
        out.push(cursor.value);
        cursor = await cursor.continue();
      }
      return out;
    },
    async deleteConversation(id) {
      return writeAndReindex(
        async (tx) => {
          const existed = (await tx.objectStore('conversations').count(id)) > 0;
          await tx.objectStore('conversations').delete(id);
          await deleteMessagesIn(tx, id);
          await deleteBlobsOfConversation(tx, id);
          return existed;
        },
        () => [id],
      );
    },
    async addMessage(message, blobs = []) {
      // The empty placeholder of a reply about to stream adds nothing to search.
      if (!message.text && blobs.length === 0) {
        await db.add('messages', message);
        return;
      }
      await writeAndReindex(
        async (tx) => {
          await tx.objectStore('messages').add(message);
          for (const { id, blob } of blobs) {
            await tx
              .objectStore('attachments')
              .put({ id, blob, conversationId: message.conversationId });
          }
        },
        () => [message.conversationId],
      );
    },
    async getAttachmentBlobs(ids) {
      const tx = db.transaction('attachments');
      const found = await Promise.all(ids.map((id) => tx.store.get(id)));
      await tx.done;
      return new Map(found.flatMap((stored) => (stored ? [[stored.id, stored.blob]] : [])));
    },
    getMessage: (id) => db.get('messages', id),
    async updateMessage(id, patch) {
      // A streaming reply is written every few hundred milliseconds: it is indexed when it ends
      // (any status but `streaming`), not on each partial write.
      return writeAndReindex(
        async (tx) => {
          const current = await tx.objectStore('messages').get(id);
          if (!current) return undefined;
          const next = { ...current, ...patch, id, conversationId: current.conversationId };
          await tx.objectStore('messages').put(next);
          return next;
        },
        (next) => (next && next.status !== 'streaming' ? [next.conversationId] : []),
      );
    },
    getMessages: (conversationId) =>
      db.getAllFromIndex('messages', 'byConversation', messageRange(conversationId)),
    async deleteMessage(id) {
      // Its words leave the search with it.
      const deleted = await writeAndReindex(
        async (tx) => {
          const message = await tx.objectStore('messages').get(id);
          if (message) {
            await tx.objectStore('messages').delete(id);
            await deleteBlobsOf(tx, message);
          }
          return message?.conversationId;
        },
        (conversationId) => (conversationId === undefined ? [] : [conversationId]),
      );
      return deleted !== undefined;
    },
    async deleteMessagesFrom(conversationId, createdAt) {
      return writeAndReindex(
        (tx) => deleteMessagesIn(tx, conversationId, createdAt),
        (count) => (count > 0 ? [conversationId] : []),
      );
    },
    async interruptStreaming(now) {
      return writeAndReindex(
        async (tx) => {
          const changed: MessageRecord[] = [];
          let cursor = await tx.objectStore('messages').index('status').openCursor('streaming');
          while (cursor) {
            const next: MessageRecord = { ...cursor.value, status: 'interrupted', updatedAt: now };
            await cursor.update(next);
            changed.push(next);
            cursor = await cursor.continue();
          }
          return changed;
        },
        (changed) => changed.map((m) => m.conversationId),
      );
    },
    async searchConversations(query, limit) {
      if (!index.loaded && queryWords(query).length === 0) {
        // The plain list (the history panel opening) needs no terms: answer from the records
        // alone, then load the terms, so the search typed next finds them ready. (After the read:
        // the big read of the terms would hold this small one up. A failed load is retried, and
        // reported, by that next search.)
        const all = await db.getAll('conversations');
        index.warm(() => undefined);
        const sorted = all.map((conversation) => ({ conversation, terms: '' }));
        sorted.sort(byPinnedThenNewest);
        return {
          items: sorted.slice(0, limit).map(({ conversation }) => ({ conversation })),
          total: sorted.length,
        };
      }
      const { hits, total, words } = await index.query(query, limit);
      if (words.length === 0)
        return { items: hits.map((h) => ({ conversation: h.conversation })), total };
      // Snippets only for the page shown: one read transaction for their messages.
      const tx = db.transaction('messages');
      const byConversation = tx.store.index('byConversation');
      const items = await Promise.all(
        hits.map(async ({ conversation }): Promise<ConversationHit> => {
          const messages = await byConversation.getAll(messageRange(conversation.id));
          for (const message of messages) {
            const snippet = snippetOf(message.text, words);
            if (snippet) return { conversation, snippet: { ...snippet, messageId: message.id } };
          }
          return { conversation };
        }),
      );
      return { items, total };
    },
    async trashConversation(id, now) {
      const tx = db.transaction(['conversations', 'messages', 'search', 'trash'], 'readwrite');
      const trashed = await atomically(tx, async () => {
        const conversation = await tx.objectStore('conversations').get(id);
        if (!conversation) return false;
        const messages = await tx
          .objectStore('messages')
          .index('byConversation')
          .getAll(messageRange(id));
        // A reply cut by the deletion is kept as stopped, so a restored conversation does not
        // show a reply that nothing streams any more.
        const kept = messages.map((m): MessageRecord =>
          m.status === 'streaming' ? { ...m, status: 'stopped', updatedAt: now } : m,
        );
        await tx
          .objectStore('trash')
          .put({ conversationId: id, deletedAt: now, conversation, messages: kept });
        await tx.objectStore('conversations').delete(id);
        // Its images stay until the trash is purged: the conversation may come back.
        await deleteMessagesIn(tx, id, -Infinity, { keepBlobs: true });
        await tx.objectStore('search').delete(id);
        return true;
      });
      if (trashed) index.set(id, undefined);
      return trashed;
    },
    async restoreConversation(id) {
      const tx = db.transaction(['conversations', 'messages', 'search', 'trash'], 'readwrite');
      const restored = await atomically(tx, async () => {
        const entry = await tx.objectStore('trash').get(id);
        if (!entry) return undefined;
        await tx.objectStore('conversations').put(entry.conversation);
        for (const message of entry.messages) await tx.objectStore('messages').put(message);
        await tx.objectStore('trash').delete(id);
        return { conversation: entry.conversation, indexed: await reindex(tx, id) };
      });
      if (!restored) return undefined;
      index.set(id, restored.indexed);
      return restored.conversation;
    },
    async purgeTrash(before) {
      const tx = db.transaction(['trash', 'attachments'], 'readwrite');
      let count = 0;
      let cursor = await tx
        .objectStore('trash')
        .index('deletedAt')
        .openCursor(IDBKeyRange.upperBound(before));
      while (cursor) {
        await deleteBlobsOfConversation(tx, cursor.value.conversationId);
        await cursor.delete();
        count++;
        cursor = await cursor.continue();
      }
      await tx.done;
      return count;
    },
    async exportData(conversationId) {
      const tx = db.transaction(['conversations', 'messages']);
      if (conversationId !== undefined) {
        const conversation = await tx.objectStore('conversations').get(conversationId);
        const messages = conversation
          ? await tx
              .objectStore('messages')
              .index('byConversation')
              .getAll(messageRange(conversationId))
          : [];
        return { conversations: conversation ? [conversation] : [], messages };
      }
      const [conversations, messages] = await Promise.all([
        tx.objectStore('conversations').index('updatedAt').getAll(),
        // byConversation orders by conversation, then time: each conversation's messages in order.
        tx.objectStore('messages').index('byConversation').getAll(),
      ]);
      return { conversations: conversations.reverse(), messages };
    },
    async importData(conversations, messages, blobs = []) {
      const tx = db.transaction(
        ['conversations', 'messages', 'search', 'trash', 'attachments'],
        'readwrite',
      );
      const entries = await atomically(tx, () => importInto(tx, conversations, messages, blobs));
      for (const entry of entries) index.set(entry.conversation.id, entry);
    },
    async clearAll() {
      const tx = db.transaction(
        ['conversations', 'messages', 'search', 'trash', 'attachments'],
        'readwrite',
      );
      await Promise.all([
        tx.objectStore('conversations').clear(),
        tx.objectStore('messages').clear(),
        tx.objectStore('search').clear(),
        tx.objectStore('trash').clear(),
        tx.objectStore('attachments').clear(),
        tx.done,
      ]);
      index.clear();
    },
    close: () => db.close(),
  };
}

/** Writes imported records (see Store.importData); returns their index entries. */
async function importInto(
  tx: Tx,
  conversations: ConversationRecord[],
  messages: MessageRecord[],
  blobs: readonly AttachmentBlob[],
): Promise<IndexEntry[]> {
  const messageStore = tx.objectStore('messages');
  const attachmentStore = tx.objectStore('attachments');
  // Messages are stored by id across conversations: an imported message that reuses the id of a
  // message of a conversation the file does not replace would move that message out of its own
  // conversation. Such a message gets a new id; stored conversations are never touched.
  const replaced = new Set(conversations.map((c) => c.id));
  const holders = await Promise.all(messages.map((m) => messageStore.get(m.id)));
  // The same for image attachments, by their own ids.
  const bytes = new Map(blobs.map((b) => [b.id, b.blob]));
  const images = messages.flatMap((m) => (m.attachments ?? []).filter((a) => a.kind === 'image'));
  const imageHolders = await Promise.all(images.map((a) => attachmentStore.get(a.id)));
  const renamed = new Map<string, string>();
  images.forEach((attachment, i) => {
    const holder = imageHolders[i];
    if (holder && !replaced.has(holder.conversationId))
      renamed.set(attachment.id, crypto.randomUUID());
  });
  const newBlobs: StoredAttachment[] = [];
  const own = new Map<string, MessageRecord[]>();
  messages.forEach((original, i) => {
    const holder = holders[i];
    let imported = original;
    if (original.attachments?.some((a) => renamed.has(a.id))) {
      imported = {
        ...original,
        attachments: original.attachments.map((a) => ({ ...a, id: renamed.get(a.id) ?? a.id })),
      };
    }
    original.attachments?.forEach((a, n) => {
      const blob = bytes.get(a.id);
      const id = imported.attachments?.[n]?.id ?? a.id;
      if (a.kind === 'image' && blob)
        newBlobs.push({ id, blob, conversationId: original.conversationId });
    });
    const message =
      holder && !replaced.has(holder.conversationId)
        ? { ...imported, id: crypto.randomUUID() }
        : imported;
    const list = own.get(message.conversationId) ?? [];
    list.push(message);
    own.set(message.conversationId, list);
  });
  // The imported conversation replaces a stored one with the same id, whole: its old messages go.
  const oldKeys = await Promise.all(
    conversations.map((c) => messageStore.index('byConversation').getAllKeys(messageRange(c.id))),
  );
  const oldBlobKeys = await Promise.all(
    conversations.map((c) => attachmentStore.index('byConversation').getAllKeys(c.id)),
  );
  // Every write is queued at once rather than awaited one by one: IndexedDB runs a transaction's
  // requests in the order they were made (so a delete lands before a put of the same key), and
  // not waiting for each makes a 5,000-conversation import many times faster
  // (docs/performance.md). Any failure rejects here and aborts the whole transaction.
  const writes: Promise<unknown>[] = [];
  const write = (request: Promise<unknown>) => {
    // Once the transaction aborts, every queued request rejects too; Promise.all reports the
    // first, and this keeps the others from surfacing as unhandled.
    request.catch(() => undefined);
    writes.push(request);
  };
  const entries: IndexEntry[] = [];
  conversations.forEach((conversation, i) => {
    for (const key of oldKeys[i] ?? []) write(messageStore.delete(key));
    for (const key of oldBlobKeys[i] ?? []) write(attachmentStore.delete(key));
    write(tx.objectStore('trash').delete(conversation.id));
    write(tx.objectStore('conversations').put(conversation));
    const list = own.get(conversation.id) ?? [];
    for (const message of list) write(messageStore.put(message));
    const terms = searchTerms(conversation, list);
    write(tx.objectStore('search').put({ conversationId: conversation.id, terms }));
    entries.push({ conversation, terms });
  });
  for (const stored of newBlobs) write(attachmentStore.put(stored));
  await Promise.all(writes);
  return entries;
}

/**
 * Deletes a conversation's messages created at or after `from`, with their images unless
 * `keepBlobs` (the trash keeps them); returns how many.
 */
async function deleteMessagesIn(
  tx: Tx,
  conversationId: string,
  from = -Infinity,
  { keepBlobs = false } = {},
): Promise<number> {
  let count = 0;
  let cursor = await tx
    .objectStore('messages')
    .index('byConversation')
    .openCursor(messageRange(conversationId, from));
  while (cursor) {
    if (!keepBlobs) await deleteBlobsOf(tx, cursor.value);
    await cursor.delete();
    count++;
    cursor = await cursor.continue();
  }
  return count;
}

/** Deletes a message's image bytes (its record lists them). */
async function deleteBlobsOf(tx: Tx, message: MessageRecord): Promise<void> {
  for (const attachment of message.attachments ?? []) {
    if (attachment.kind === 'image') await tx.objectStore('attachments').delete(attachment.id);
  }
}

/** Deletes every image of a conversation (deleted for good, purged, or replaced by an import). */
async function deleteBlobsOfConversation(
  tx: IDBPTransaction<ParleySchema, StoreNames<ParleySchema>[], 'readwrite' | 'versionchange'>,
  conversationId: string,
): Promise<void> {
  const store = tx.objectStore('attachments');
  for (const key of await store.index('byConversation').getAllKeys(conversationId)) {
    await store.delete(key);
  }
}
