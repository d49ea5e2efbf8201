// Request handlers for the history and the user's data: search, rename and pin, delete with undo,
// export, import, delete everything. index.ts spreads them into its handler table.
import { mergeImportedSettings, parseBackup } from '../shared/backup';
import { SETTINGS_KEY, updateSettings, type SettingsStorage } from '../shared/settings';
import type { RequestHandlers } from './requests';
import type { AttachmentBlob, Store } from './store';
import { blobToBase64, decodeBase64, imageIds } from './attachments';
import type { Backup } from '../shared/backup';
import type { PromptRecord } from '../shared/prompts';
import { DRAFT_PREFIX, draftKeysOf } from '../shared/draft-keys';

/** How long a deleted conversation can be brought back. */
export const UNDO_WINDOW_MS = 10_000;
export const DEFAULT_SEARCH_LIMIT = 50;
export const MAX_SEARCH_LIMIT = 500;
export const MAX_TITLE_LENGTH = 200;

export interface DataDeps {
  /** The store and engine, once the worker is ready. */
  ready: Promise<{
    store: Store;
    engine: { stopConversation(id: string): void; stopAll(): void };
  }>;
  settings: SettingsStorage & { remove(key: string): Promise<void> };
  now(): number;
  /** Runs `task` later (setTimeout in the worker; tests run it by hand). */
  later(task: () => void, ms: number): void;
  log?(message: string, detail?: unknown): void;
  undoWindowMs?: number;
  /** The default prompts in the UI's language: an old backup's templates join them on import. */
  defaultPrompts?(): Promise<PromptRecord[]>;
  /**
   * storage.session, where the views keep drafts (shared/draft-keys.ts): a conversation gone for
   * good takes its draft and kept attachments with it, and "Delete all data" every draft.
   */
  drafts?: {
    get(keys: null): Promise<Record<string, unknown>>;
    remove(keys: string[]): Promise<void>;
  };
}

export type DataHandlers = Pick<
  RequestHandlers,
  | 'conversation-delete'
  | 'conversation-restore'
  | 'conversation-update'
  | 'conversations-search'
  | 'data-export'
  | 'data-import'
  | 'attachment-data'
  | 'data-delete-all'
>;

/** Deletes for good what waited in the trash longer than the undo window. */
export function purgeExpired(store: Store, now: number, undoWindowMs = UNDO_WINDOW_MS) {
  return store.purgeTrash(now - undoWindowMs);
}

export function createDataHandlers(deps: DataDeps): DataHandlers {
  const undoWindowMs = deps.undoWindowMs ?? UNDO_WINDOW_MS;
  const requireId = (value: unknown, what = 'conversationId'): string => {
    if (typeof value !== 'string' || value === '') throw new TypeError(`${what} is required.`);
    return value;
  };

  return {
    async 'conversation-delete'(params) {
      const conversationId = requireId(params?.conversationId);
      const { store, engine } = await deps.ready;
      engine.stopConversation(conversationId);
      const deletedAt = deps.now();
      const deleted = await store.trashConversation(conversationId, deletedAt);
      if (!deleted) return { deleted };
      // Purged when the window closes; if the worker sleeps first, at its next start (index.ts).
      deps.later(() => {
        purgeExpired(store, deps.now(), undoWindowMs)
          .then(async () => {
            // Not brought back: its draft (text and attachments) goes too.
            if (deps.drafts && !(await store.getConversation(conversationId)))
              await deps.drafts.remove(draftKeysOf(conversationId));
          })
          .catch((error: unknown) => deps.log?.('could not empty the trash', error));
      }, undoWindowMs + 50);
      return { deleted, undoUntil: deletedAt + undoWindowMs };
    },

    async 'conversation-restore'(params) {
      const conversationId = requireId(params?.conversationId);
      const { store } = await deps.ready;
      return { restored: (await store.restoreConversation(conversationId)) !== undefined };
    },

    async 'conversation-update'(params) {
      const conversationId = requireId(params?.conversationId);
      const patch: { title?: string; pinned?: boolean } = {};
      if (params.title !== undefined) {
        const title =
          typeof params.title === 'string' ? params.title.replace(/\s+/g, ' ').trim() : '';
        if (!title) throw new TypeError('A conversation needs a title.');
        patch.title = title.slice(0, MAX_TITLE_LENGTH);
      }
      if (params.pinned !== undefined) patch.pinned = params.pinned === true;
      const { store } = await deps.ready;
      const updated = await store.updateConversation(conversationId, patch);
      if (!updated) throw new Error(`No conversation ${conversationId}; it may have been deleted.`);
      return updated;
    },

    async 'conversations-search'(params) {
      const query = typeof params?.query === 'string' ? params.query : '';
      const wanted = Number(params?.limit ?? DEFAULT_SEARCH_LIMIT);
      const limit = Number.isFinite(wanted)
        ? Math.min(MAX_SEARCH_LIMIT, Math.max(1, Math.floor(wanted)))
        : DEFAULT_SEARCH_LIMIT;
      const { store } = await deps.ready;
      return store.searchConversations(query, limit);
    },

    async 'data-export'(params) {
      const { store } = await deps.ready;
      const id = params?.conversationId;
      const data = await store.exportData(typeof id === 'string' ? id : undefined);
      if (params?.images !== true) return data;
      const blobs = await store.getAttachmentBlobs(imageIds(data.messages));
      const images: { id: string; data: string }[] = [];
      for (const [imageId, blob] of blobs)
        images.push({ id: imageId, data: await blobToBase64(blob) });
      return { ...data, images };
    },

    async 'attachment-data'(params) {
      const attachmentId = requireId(params?.attachmentId, 'attachmentId');
      const { store } = await deps.ready;
      const blob = (await store.getAttachmentBlobs([attachmentId])).get(attachmentId);
      if (!blob) throw new Error('That image is no longer stored; it may have been deleted.');
      return { dataUrl: `data:${blob.type};base64,${await blobToBase64(blob)}` };
    },

    async 'data-import'(params) {
      if (typeof params?.json !== 'string')
        throw new TypeError('json (the file text) is required.');
      // Everything is checked before anything is written (backup.ts).
      const parsed = parseBackup(params.json);
      if ('rejected' in parsed) return parsed;
      const { backup } = parsed;
      const { store, engine } = await deps.ready;
      // A conversation being replaced must not have a reply still writing into it.
      for (const conversation of backup.conversations) engine.stopConversation(conversation.id);
      await store.importData(backup.conversations, backup.messages, importedBlobs(backup));
      // Settings after the conversations: if the one transaction above failed, nothing changed.
      const imported = backup.settings;
      const keysDropped: string[] = [];
      if (imported) {
        const defaults = (await deps.defaultPrompts?.()) ?? [];
        await updateSettings(deps.settings, (s) =>
          mergeImportedSettings(s, imported, keysDropped, defaults),
        );
      }
      return {
        imported: {
          conversations: backup.conversations.length,
          messages: backup.messages.length,
          settings: imported !== undefined,
          ...(keysDropped.length > 0 ? { keysDropped } : {}),
        },
      };
    },

    async 'data-delete-all'() {
      const { store, engine } = await deps.ready;
      engine.stopAll();
      await store.clearAll();
      await deps.settings.remove(SETTINGS_KEY);
      if (deps.drafts) {
        const keys = Object.keys(await deps.drafts.get(null));
        await deps.drafts.remove(keys.filter((key) => key.startsWith(DRAFT_PREFIX)));
      }
      return { deleted: true };
    },
  };
}

/** The file's image bytes as Blobs of their attachment's type (parseBackup checked each is there). */
function importedBlobs(backup: Backup): AttachmentBlob[] {
  const data = new Map((backup.images ?? []).map((image) => [image.id, image.data]));
  const blobs: AttachmentBlob[] = [];
  for (const message of backup.messages) {
    for (const attachment of message.attachments ?? []) {
      if (attachment.kind !== 'image') continue;
      const bytes = decodeBase64(data.get(attachment.id) ?? '');
      if (bytes)
        blobs.push({ id: attachment.id, blob: new Blob([bytes], { type: attachment.mimeType }) });
    }
  }
  return blobs;
}
