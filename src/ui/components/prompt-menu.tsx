// The composer's `/` menu (issue 13): `/` in an empty composer lists the saved prompts; typing
// filters, arrows move, Enter (or a click) inserts the prompt with its variables filled, Escape
// closes and leaves the `/`. A listbox the textarea points into (aria-activedescendant), so the
// focus never leaves the text. The composer adds three lines for it (composer.tsx); the state is
// models/prompt-menu.ts, the list prompt-menu-view.tsx and the filling models/prompt-fill.ts, both
// loaded after the first paint (chat-parts.ts).
import type { JSX, RefObject } from 'preact';
import { useMemo } from 'preact/hooks';
import { computed, signal, useSignalEffect } from '@preact/signals';
import { currentLanguage, t } from '../../shared/i18n';
import { promptsOf } from '../../shared/prompts';
import { variablesIn } from '../../shared/prompt-variables';
import type { ChatModel } from '../models/chat-model';
import { PromptMenuModel } from '../models/prompt-menu';
import type { FillNote } from '../models/prompt-fill';
import { promptMenuView } from './chat-parts';
import './prompt-menu.css';

export const itemId = (id: string) => `prompt-item-${id}`;

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
    // The filling comes with the list's chunk (there already when the list is shown).
    const { fillPrompt } = await import('./prompt-menu-view');
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

  // The list and the notes are a chunk of their own (prompt-menu-view.tsx), fetched when the
  // composer first takes the focus: the keys above work without it, and it shows when it is in.
  const view =
    open || notes.value.length > 0 ? (
      <promptMenuView.View menu={menu} notes={notes} choose={choose} input={input} />
    ) : (
      <></>
    );
  return { onInput: (text) => menu.input(model.draft.peek(), text), onKeyDown, inputProps, view };
}
