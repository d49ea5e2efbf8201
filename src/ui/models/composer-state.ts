// The composer's state: the draft, where the focus goes, the message being edited, and the page a
// new chat will be about. Apart from the conversation it sends into (conversation-model.ts).
import { signal } from '@preact/signals';
import type { PendingAsk } from '../../shared/pending-ask';
import type { AskContext } from '../../shared/protocol';

export class ComposerState {
  /** The composer's text; the side panel fills it from an ask. */
  readonly draft = signal('');
  /** Bumped when the composer should take focus with the cursor at the end. */
  readonly focusRequest = signal(0);
  /** The user message being edited in place (its Edit button, or Up in an empty composer). */
  readonly editing = signal<string | undefined>(undefined);
  /** The page a new conversation will be about (from an ask), until it is sent. */
  readonly askContext = signal<AskContext | undefined>(undefined);
  /** A note about the last ask: a problem, or that its text was cut. */
  readonly askNote = signal<Pick<PendingAsk, 'problem' | 'cut'> | undefined>(undefined);

  /** Puts text in the composer and the cursor at its end. */
  fill(text: string): void {
    this.draft.value = text;
    this.focusRequest.value++;
  }

  /** The background took a message: the composer's copy of it can go (unless it was changed). */
  taken(text: string): void {
    if (this.draft.peek() === text) this.draft.value = '';
  }
}
