// The worker's in-memory view of the history, for listing and search: each conversation's record
// with its terms (search-text.ts). Built lazily on the first search from the `search` store (one
// read of two object stores), then kept current by the store itself, which is the only writer
// (docs/design.md). A change that lands while the first load is still reading is queued and
// replayed on the loaded map, so the view never misses a write.
import type { ConversationRecord } from '../shared/protocol';
import { matchesTerms, queryWords } from './search-text';

export interface IndexEntry {
  conversation: ConversationRecord;
  /** " term term … " as made by termsOf(). */
  terms: string;
}

type Change = (entries: Map<string, IndexEntry>) => void;

export class SearchIndex {
  private entries: Map<string, IndexEntry> | undefined;
  private loading: Promise<Map<string, IndexEntry>> | undefined;
  private pending: Change[] = [];

  constructor(private readonly load: () => Promise<IndexEntry[]>) {}

  /** Records a conversation's new entry (or its removal) once its write has committed. */
  set(id: string, entry: IndexEntry | undefined): void {
    this.change((entries) => {
      if (entry) entries.set(id, entry);
      else entries.delete(id);
    });
  }

  /** A conversation record changed without its text (updatedAt, pinned): its terms stay. */
  updateConversation(conversation: ConversationRecord): void {
    this.change((entries) => {
      const current = entries.get(conversation.id);
      if (current) entries.set(conversation.id, { ...current, conversation });
    });
  }

  /** Everything was deleted. */
  clear(): void {
    this.change((entries) => entries.clear());
  }

  /**
   * Conversations whose terms match every word of `query` (all of them for an empty query),
   * pinned first, then newest first; `total` counts every match, `hits` holds the first `limit`.
   */
  async query(
    query: string,
    limit: number,
  ): Promise<{ hits: IndexEntry[]; total: number; words: string[] }> {
    const entries = await this.ready();
    const words = queryWords(query);
    const matching: IndexEntry[] = [];
    for (const entry of entries.values()) {
      if (words.length === 0 || matchesTerms(entry.terms, words)) matching.push(entry);
    }
    matching.sort(byPinnedThenNewest);
    return { hits: matching.slice(0, Math.max(0, limit)), total: matching.length, words };
  }

  get loaded(): boolean {
    return this.entries !== undefined;
  }

  /** Starts loading (if not loaded yet) without waiting for it. */
  warm(onError: (error: unknown) => void): void {
    this.ready().catch(onError);
  }

  private change(change: Change): void {
    if (this.entries) change(this.entries);
    else if (this.loading) this.pending.push(change);
    // Not loaded and not loading: the first load will read the committed state anyway.
  }

  private ready(): Promise<Map<string, IndexEntry>> {
    if (this.entries) return Promise.resolve(this.entries);
    this.loading ??= this.load().then(
      (list) => {
        const entries = new Map(list.map((entry) => [entry.conversation.id, entry]));
        for (const change of this.pending.splice(0)) change(entries);
        this.entries = entries;
        this.loading = undefined;
        return entries;
      },
      (error: unknown) => {
        this.pending = [];
        this.loading = undefined;
        throw error;
      },
    );
    return this.loading;
  }
}

export function byPinnedThenNewest(a: IndexEntry, b: IndexEntry): number {
  const pinned = Number(Boolean(b.conversation.pinned)) - Number(Boolean(a.conversation.pinned));
  return pinned || b.conversation.updatedAt - a.conversation.updatedAt;
}
