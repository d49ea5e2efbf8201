// The `/` menu's list and the notes a filled prompt leaves (prompt-menu.tsx has the keys and the
// state): a chunk of its own (chat-parts.ts), rendered only while the menu is open or a note shows.
import type { RefObject } from 'preact';
import type { Signal } from '@preact/signals';
import { t, type MessageKey } from '../../shared/i18n';
import type { PromptMenuModel } from '../models/prompt-menu';
import type { FillNote, FillProblem } from '../models/prompt-fill';
import { itemId } from './prompt-menu';

export { fillPrompt } from '../models/prompt-fill';

const NOTE_KEYS: Record<FillProblem, MessageKey> = {
  'no-selection': 'promptNoteSelection',
  'no-page': 'promptNotePage',
  'clipboard-refused': 'promptNoteClipboardRefused',
  'clipboard-empty': 'promptNoteClipboardEmpty',
};

export function PromptMenuView({
  menu,
  notes,
  choose,
  input,
}: {
  menu: PromptMenuModel;
  notes: Signal<FillNote[]>;
  /** Inserts the item at `index` (prompt-menu.tsx). */
  choose(index: number): Promise<void>;
  input: RefObject<HTMLTextAreaElement | null>;
}) {
  const open = menu.open.value;
  const active = menu.activeItem.value;
  return (
    <>
      {open && (
        <div class="prompt-popover">
          <ul
            id="prompt-menu"
            class="prompt-menu"
            role="listbox"
            data-testid="prompt-menu"
            aria-label={t('promptMenuLabel')}
          >
            {menu.items.value.map((prompt, index) => (
              <li
                key={prompt.id}
                id={itemId(prompt.id)}
                role="option"
                class="prompt-item"
                data-testid="prompt-item"
                data-prompt-id={prompt.id}
                aria-selected={prompt.id === active?.id}
                // The focus stays in the composer.
                onMouseDown={(event) => event.preventDefault()}
                onMouseMove={() => menu.highlight(index)}
                onClick={() => {
                  void choose(index);
                  input.current?.focus();
                }}
              >
                <span class="prompt-item-title">{prompt.title}</span>
                <span class="prompt-item-text">{prompt.text}</span>
              </li>
            ))}
          </ul>
          {menu.items.value.length === 0 && (
            <p class="prompt-menu-empty" role="status">
              {t('promptMenuEmpty', menu.query.value)}
            </p>
          )}
          <p class="prompt-menu-hint" aria-hidden="true">
            {t('promptMenuHint')}
          </p>
        </div>
      )}
      {!open && notes.value.length > 0 && (
        <div class="prompt-popover prompt-notes" role="status" data-testid="prompt-note">
          {notes.value.map((note) => (
            <p key={note.variable} data-variable={note.variable} data-problem={note.problem}>
              {t(NOTE_KEYS[note.problem], `{{${note.variable}}}`)}
            </p>
          ))}
          <button type="button" class="button button-quiet" onClick={() => (notes.value = [])}>
            {t('dismissButton')}
          </button>
        </div>
      )}
    </>
  );
}
