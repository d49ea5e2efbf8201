// Temporary chats: a conversation created with `temporary: true` lives in the worker's memory only.
// It is never written to IndexedDB, so it is not in the history, the search or an export, and it is
// gone when the worker stops. The engine (jobs.ts) does not need to know: it gets this store, which
// sends every operation on a temporary conversation (or one of its messages) to the memory, and
// everything else to the persistent store.
import type { ConversationRecord, MessageRecord } from '../shared/protocol';
import type { Store } from './store';

/** At most this many temporary chats are kept; the least recently active is forgotten first. */
export const MAX_TEMPORARY_CONVERSATIONS = 20;

interface Held {
  conversation: ConversationRecord;
  messages: MessageRecord[];
}

const copy = <T>(value: T): T => structuredClone(value);

export function withTemporaryChats(persistent: Store, max = MAX_TEMPORARY_CONVERSATIONS): Store {
  const held = new Map<string, Held>();
  const messageOwner = new Map<string, string>();
  /** A temporary chat's images, in memory with it (Blobs are immutable: no copy needed). */
  const blobs = new Map<string, Blob>();
  const dropBlobs = (messages: readonly MessageRecord[]) => {
    for (const message of messages) for (const a of message.attachments ?? []) blobs.delete(a.id);
  };

  const ordered = (messages: MessageRecord[]) => messages.sort((a, b) => a.createdAt - b.createdAt);

  const forget = (id: string) => {
    const entry = held.get(id);
    if (!entry) return false;
    for (const message of entry.messages) messageOwner.delete(message.id);
    dropBlobs(entry.messages);
    held.delete(id);
    return true;
  };

  const evictBeyond = () => {
    while (held.size > max) {
      let oldest: Held | undefined;
      for (const entry of held.values()) {
        if (!oldest || entry.conversation.updatedAt < oldest.conversation.updatedAt) oldest = entry;
      }
      if (!oldest) return;
      forget(oldest.conversation.id);
    }
  };

  const heldMessage = (id: string) => {
    const owner = messageOwner.get(id);
    return owner === undefined ? undefined : held.get(owner);
  };

  return {
    ...persistent,
    async createConversation(conversation) {
      if (!conversation.temporary) return persistent.createConversation(conversation);
      if (held.has(conversation.id)) throw new Error(`Conversation ${conversation.id} exists.`);
      held.set(conversation.id, { conversation: copy(conversation), messages: [] });
      evictBeyond();
    },
    async getConversation(id) {
      const entry = held.get(id);
      return entry ? copy(entry.conversation) : persistent.getConversation(id);
    },
    async updateConversation(id, patch) {
      const entry = held.get(id);
      if (!entry) return persistent.updateConversation(id, patch);
      entry.conversation = { ...entry.conversation, ...copy(patch), id, temporary: true };
      return copy(entry.conversation);
    },
    async deleteConversation(id) {
      return forget(id) || persistent.deleteConversation(id);
    },
    async trashConversation(id, now) {
      // Nothing of a temporary chat is kept, so there is nothing to undo either.
      return forget(id) || persistent.trashConversation(id, now);
    },
    async addMessage(message, images = []) {
      const entry = held.get(message.conversationId);
      if (!entry) return persistent.addMessage(message, images);
      if (messageOwner.has(message.id)) throw new Error(`Message ${message.id} exists.`);
      for (const { id, blob } of images) blobs.set(id, blob);
      entry.messages.push(copy(message));
      ordered(entry.messages);
      messageOwner.set(message.id, message.conversationId);
    },
    async getAttachmentBlobs(ids) {
      const found = new Map<string, Blob>();
      const rest: string[] = [];
      for (const id of ids) {
        const blob = blobs.get(id);
        if (blob) found.set(id, blob);
        else rest.push(id);
      }
      if (rest.length > 0)
        for (const [id, blob] of await persistent.getAttachmentBlobs(rest)) found.set(id, blob);
      return found;
    },
    async getMessage(id) {
      const entry = heldMessage(id);
      if (!entry) return persistent.getMessage(id);
      const found = entry.messages.find((m) => m.id === id);
      return found && copy(found);
    },
    async updateMessage(id, patch) {
      const entry = heldMessage(id);
      if (!entry) return persistent.updateMessage(id, patch);
      const index = entry.messages.findIndex((m) => m.id === id);
      const current = entry.messages[index];
      if (!current) return undefined;
      const next = { ...current, ...copy(patch), id, conversationId: current.conversationId };
      entry.messages[index] = next;
      return copy(next);
    },
    async getMessages(conversationId) {
      const entry = held.get(conversationId);
      return entry ? copy(entry.messages) : persistent.getMessages(conversationId);
    },
    async deleteMessage(id) {
      const entry = heldMessage(id);
      if (!entry) return persistent.deleteMessage(id);
      dropBlobs(entry.messages.filter((m) => m.id === id));
      entry.messages = entry.messages.filter((m) => m.id !== id);
      messageOwner.delete(id);
      return true;
    },
    async deleteMessagesFrom(conversationId, createdAt) {
      const entry = held.get(conversationId);
      if (!entry) return persistent.deleteMessagesFrom(conversationId, createdAt);
      const removed = entry.messages.filter((m) => m.createdAt >= createdAt);
      for (const message of removed) messageOwner.delete(message.id);
      dropBlobs(removed);
      entry.messages = entry.messages.filter((m) => m.createdAt < createdAt);
      return removed.length;
    },
    async clearAll() {
      held.clear();
      messageOwner.clear();
      blobs.clear();
      await persistent.clearAll();
    },
  };
}
