// The conversation store: IndexedDB through idb, written only by the background (design.md,
// "Layout"). The schema is versioned; each version's migration is a function below, run in order
// inside the upgrade transaction, and each has its own test (store.test.ts).
import {
  openDB,
  type DBSchema,
  type IDBPDatabase,
  type IDBPTransaction,
  type StoreNames,
} from 'idb';
import type { ConversationRecord, MessageRecord, MessageStatus } from '../shared/protocol';

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
}

type UpgradeTx = IDBPTransaction<ParleySchema, StoreNames<ParleySchema>[], 'versionchange'>;
type Migration = (db: IDBPDatabase<ParleySchema>, tx: UpgradeTx) => void;

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
  addMessage(message: MessageRecord): Promise<void>;
  getMessage(id: string): Promise<MessageRecord | undefined>;
  updateMessage(
    id: string,
    patch: Partial<Omit<MessageRecord, 'id' | 'conversationId'>>,
  ): Promise<MessageRecord | undefined>;
  /** Oldest first. */
  getMessages(conversationId: string): Promise<MessageRecord[]>;
  /** Deletes one message; false when there was none. */
  deleteMessage(id: string): Promise<boolean>;
  /** Deletes the conversation's messages created at or after `createdAt`; returns how many. */
  deleteMessagesFrom(conversationId: string, createdAt: number): Promise<number>;
  /** Start-up recovery: every `streaming` message becomes `interrupted`, text kept. Returns them. */
  interruptStreaming(now: number): Promise<MessageRecord[]>;
  close(): void;
}

export async function openStore(name = DB_NAME, version = DB_VERSION): Promise<Store> {
  const db = await openDB<ParleySchema>(name, version, {
    upgrade(database, oldVersion, newVersion, tx) {
      for (let v = oldVersion; v < (newVersion ?? version); v++) MIGRATIONS[v]?.(database, tx);
    },
  });
  return createStore(db);
}

function createStore(db: IDBPDatabase<ParleySchema>): Store {
  const messageRange = (conversationId: string, from = -Infinity) =>
    IDBKeyRange.bound([conversationId, from], [conversationId, Infinity]);

  return {
    async createConversation(conversation) {
      await db.add('conversations', conversation);
    },
    getConversation: (id) => db.get('conversations', id),
    async updateConversation(id, patch) {
      const tx = db.transaction('conversations', 'readwrite');
      const current = await tx.store.get(id);
      if (!current) return undefined;
      const next = { ...current, ...patch, id };
      await tx.store.put(next);
      await tx.done;
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
      const tx = db.transaction(['conversations', 'messages'], 'readwrite');
      const existed = (await tx.objectStore('conversations').count(id)) > 0;
      await tx.objectStore('conversations').delete(id);
      let cursor = await tx
        .objectStore('messages')
        .index('byConversation')
        .openCursor(messageRange(id));
      while (cursor) {
        await cursor.delete();
        cursor = await cursor.continue();
      }
      await tx.done;
      return existed;
    },
    async addMessage(message) {
      await db.add('messages', message);
    },
    getMessage: (id) => db.get('messages', id),
    async updateMessage(id, patch) {
      const tx = db.transaction('messages', 'readwrite');
      const current = await tx.store.get(id);
      if (!current) return undefined;
      const next = { ...current, ...patch, id, conversationId: current.conversationId };
      await tx.store.put(next);
      await tx.done;
      return next;
    },
    getMessages: (conversationId) =>
      db.getAllFromIndex('messages', 'byConversation', messageRange(conversationId)),
    async deleteMessage(id) {
      const tx = db.transaction('messages', 'readwrite');
      const existed = (await tx.store.count(id)) > 0;
      await tx.store.delete(id);
      await tx.done;
      return existed;
    },
    async deleteMessagesFrom(conversationId, createdAt) {
      const tx = db.transaction('messages', 'readwrite');
      let count = 0;
      let cursor = await tx.store
        .index('byConversation')
        .openCursor(messageRange(conversationId, createdAt));
      while (cursor) {
        await cursor.delete();
        count++;
        cursor = await cursor.continue();
      }
      await tx.done;
      return count;
    },
    async interruptStreaming(now) {
      const tx = db.transaction('messages', 'readwrite');
      const changed: MessageRecord[] = [];
      let cursor = await tx.store.index('status').openCursor('streaming');
      while (cursor) {
        const next: MessageRecord = { ...cursor.value, status: 'interrupted', updatedAt: now };
        await cursor.update(next);
        changed.push(next);
        cursor = await cursor.continue();
      }
      await tx.done;
      return changed;
    },
    close: () => db.close(),
  };
}
