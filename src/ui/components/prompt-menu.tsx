// The composer's `/` menu (issue 13): `/` in an empty composer lists the saved prompts; typing
// filters, arrows move, Enter (or a click) inserts the prompt with its variables filled, Escape
// closes and leaves the `/`. A listbox the textarea points into (aria-activedescendant), so the
// focus never leaves the text. The composer adds three lines for it (composer.tsx); the state is
// models/prompt-menu.ts, the filling models/prompt-fill.ts.
import type { JSX, RefObject } from 'preact';
import { useMemo } from 'preact/hooks';
import { computed, signal, useSignalEffect } from '@preact/signals';
import { currentLanguage, t, type MessageKey } from '../../shared/i18n';
import { promptsOf } from '../../shared/prompts';
import { variablesIn } from '../../shared/prompt-variables';
import type { ChatModel } from '../models/chat-model';
import { PromptMenuModel } from '../models/prompt-menu';
import { fillPrompt, type FillNote, type FillProblem } from '../models/prompt-fill';
import './prompt-menu.css';

const NOTE_KEYS: Record<FillProblem, MessageKey> = {
  'no-selection': 'promptNoteSelection',
  'no-page': 'promptNotePage',
  'clipboard-refused': 'promptNoteClipboardRefused',
  'clipboard-empty': 'promptNoteClipboardEmpty',
};

const itemId = (id: string) => `prompt-item-${id}`;

interface InputProps {
  'aria-autocomplete': 'list';
  'aria-controls'?: string;
  'aria-activedescendant'?: string;
}

export interface PromptMenuHook {
  /** Call in the textarea's input event, before the draft takes the new text. */
  onInput(text: string): void;
  /** Call first in the textarea's keydown; true when the menu took the key. */
  onKeyDown(event: KeyboardEvent): boolean;
  /** The textarea's accessibility attributes while the menu is open. */
  inputProps: InputProps;
  /** The menu and the notes, rendered inside the composer. */
  view: JSX.Element;
}

export function usePromptMenu(
  model: ChatModel,
  input: RefObject<HTMLTextAreaElement | null>,
): PromptMenuHook {
  const state = useMemo(() => {
    const prompts = computed(() => promptsOf(model.settings.value, t, currentLanguage()));
    return { menu: new PromptMenuModel(prompts), notes: signal<FillNote[]>([]) };
  }, [model]);
  const { menu, notes } = state;

  // Typing is followed synchronously (onInput); a draft set by the view (an ask) closes the menu.
  // A note goes once its variable is no longer in the text (filled in by hand, or sent).
  useSignalEffect(() => {
    const draft = model.draft.value;
    if (!draft.startsWith('/') || draft.includes('\n')) menu.close();
    const left = new Set(variablesIn(draft));
    const kept = notes.peek().filter((note) => left.has(note.variable));
    if (kept.length !== notes.peek().length) notes.value = kept;
  });

  const choose = async (index = menu.active.peek()) => {
    const prompt = menu.items.peek()[index];
    if (!prompt) return;
    menu.close();
    const filled = await fillPrompt(prompt.text, {
      ask: () => ({
        selection: model.askSelection.peek(),
        url: model.context.peek()?.pageUrl,
        title: model.context.peek()?.title,
      }),
      activeTab: model.actions.readActiveTab?.bind(model.actions),
      clipboard: model.actions.readClipboard?.bind(model.actions),
      uiLanguage: currentLanguage(),
    });
    notes.value = filled.notes;
    model.draft.value = filled.text;
    // The composer takes the focus with the cursor at the end (composer.tsx).
    model.focusRequest.value++;
  };

  const onKeyDown = (event: KeyboardEvent): boolean => {
    if (event.isComposing) return false;
    const result = menu.key(event.key);
    if (result === undefined) return false;
    event.preventDefault();
    if (result === 'chosen') void choose();
    if (result === 'moved') {
      const active = menu.activeItem.peek();
      if (active)
        // (jsdom has no scrollIntoView.)
        document.getElementById(itemId(active.id))?.scrollIntoView?.({ block: 'nearest' });
    }
    return true;
  };

  const open = menu.open.value;
  const active = menu.activeItem.value;
  const inputProps: InputProps = {
    'aria-autocomplete': 'list',
    ...(open ? { 'aria-controls': 'prompt-menu' } : {}),
    ...(active ? { 'aria-activedescendant': itemId(active.id) } : {}),
  };

  const view = (
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
  return { onInput: (text) => menu.input(model.draft.peek(), text), onKeyDown, inputProps, view };
}
