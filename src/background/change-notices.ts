// Live history (issue 13): every write that changes what a history lists tells the open views, so
// a conversation started, renamed or deleted in one view shows in the others without a reload. It
// wraps the store, so no handler has to remember to: the engine and the data requests write
// through it. Writes in one turn go out as one notice (a send creates and updates in a row).
import type { ConversationRecord } from '../shared/protocol';
import type { Store } from './store';

export interface ChangeNoticeDeps {
  /** Sends `conversations-changed` to the views; `[]` means any conversation. */
  notify(conversationIds: string[]): void;
  /** Runs `task` after the current writes (tests run it at once). */
  later?(task: () => void): void;
}

export function withChangeNotices(store: Store, deps: ChangeNoticeDeps): Store {
  const later = deps.later ?? ((task) => void setTimeout(task, 0));
  let pending: Set<string> | undefined;
  let any = false;
  const changed = (id?: string) => {
    if (id === undefined) any = true;
    if (!pending) {
      pending = new Set();
      later(() => {
        const ids = any ? [] : [...(pending ?? [])];
        pending = undefined;
        any = false;
        deps.notify(ids);
      });
    }
    if (id !== undefined) pending.add(id);
  };
  // A temporary chat is never in a history: nothing to tell.
  const stored = (record: ConversationRecord | undefined) => {
    if (record && !record.temporary) changed(record.id);
  };

  return {
    ...store,
    async createConversation(conversation) {
      await store.createConversation(conversation);
      stored(conversation);
    },
    async updateConversation(id, patch) {
      const updated = await store.updateConversation(id, patch);
      stored(updated);
      return updated;
    },
    async deleteConversation(id) {
      const deleted = await store.deleteConversation(id);
      if (deleted) changed(id);
      return deleted;
    },
    async trashConversation(id, now) {
      const trashed = await store.trashConversation(id, now);
      if (trashed) changed(id);
      return trashed;
    },
    async restoreConversation(id) {
      const restored = await store.restoreConversation(id);
      stored(restored);
      return restored;
    },
    async importData(conversations, messages) {
      await store.importData(conversations, messages);
      changed();
    },
    async clearAll() {
      await store.clearAll();
      changed();
    },
  };
}
