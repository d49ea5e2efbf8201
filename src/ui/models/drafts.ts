// Each conversation's half-typed message, kept in storage.session while the browser runs: the popup
// closes on any click outside it, and what was typed must be there when it opens again. A draft
// is written on every change (session storage lives in memory, and a popup gets no chance to save
// on its way out) and removed once the composer is empty again, which is what sending does.
import { effect } from '@preact/signals';
import type { ChatModel } from './chat-model';
import { NEW_CHAT_DRAFT, draftKey } from '../../shared/draft-keys';

/** The part of storage.session drafts need. */
export interface DraftArea {
  get(keys: string | string[]): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(key: string): Promise<void>;
}

/** Which draft a view showed last (a chat view opening goes back to a new chat left unsent). */
const OPEN_DRAFT = 'draft-open';

/**
 * The draft of the chat not started yet, when a view was showing it last: a view opens on it
 * then, rather than on the last conversation.
 */
export async function newChatDraft(area: DraftArea): Promise<string> {
  // One read: the view's first render waits for it (mount-chat.tsx).
  const items = await area.get([OPEN_DRAFT, NEW_CHAT_DRAFT]);
  const stored = items[NEW_CHAT_DRAFT];
  return items[OPEN_DRAFT] === NEW_CHAT_DRAFT && typeof stored === 'string' ? stored : '';
}

/**
 * Keeps `model.draft` per conversation: saved as it changes, and on moving to another
 * conversation (or a new chat) replaced by that one's saved draft. Returns the stop function.
 */
export function keepDrafts(
  model: Pick<ChatModel, 'conversation' | 'draft'>,
  area: DraftArea,
  log: (message: string, detail?: unknown) => void = () => undefined,
): () => void {
  let key: string | undefined;
  let switches = 0;
  const failed = (error: unknown) => log('could not keep the draft', error);
  return effect(() => {
    const next = draftKey(model.conversation.value?.id);
    const text = model.draft.value;
    if (next === key) {
      void (text.trim() ? area.set({ [key]: text }) : area.remove(key)).catch(failed);
      return;
    }
    if (key === undefined && text.trim()) {
      // Text there before drafts were kept (an ask from the page) is newer than any stored draft.
      key = next;
      void area.set({ [key]: text, [OPEN_DRAFT]: key }).catch(failed);
      return;
    }
    // Another conversation: show its draft (the one we leave was saved as it was typed).
    key = next;
    void area.set({ [OPEN_DRAFT]: next }).catch(failed);
    const switched = ++switches;
    void area
      .get(next)
      .then((items) => {
        // Moved on again meanwhile, or typed already: what is on screen now wins.
        if (switched !== switches || model.draft.peek() !== text) return;
        const stored = items[next];
        model.draft.value = typeof stored === 'string' ? stored : '';
      })
      .catch(failed);
  });
}
