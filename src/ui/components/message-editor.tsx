// Editing a message you wrote, in place: Enter sends (Shift+Enter for a new line), Esc cancels.
// Sending replaces the message and everything after it (chat-edit).
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { MessageRecord } from '../../shared/protocol';
import { t } from '../../shared/i18n';
import type { ChatModel } from '../models/chat-model';

export function MessageEditor({ model, record }: { model: ChatModel; record: MessageRecord }) {
  const [text, setText] = useState(record.text);
  const input = useRef<HTMLTextAreaElement>(null);
  const id = `edit-${record.id}`;
  // A layout effect, right after the render: the editor is ready as soon as it is visible. A plain
  // effect runs after the next paint, and typing that started in between lost its selection.
  useLayoutEffect(() => {
    const el = input.current;
    if (!el) return;
    el.focus();
    el.setSelectionRange(el.value.length, el.value.length);
  }, []);
  const close = () => {
    model.editing.value = undefined;
    model.focusRequest.value++;
  };
  const send = () => {
    if (model.edit(record.id, text)) model.focusRequest.value++;
  };
  return (
    <form
      class="message-editor"
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
    >
      <label class="visually-hidden" for={id}>
        {t('editLabel')}
      </label>
      <textarea
        id={id}
        ref={input}
        data-testid="edit-input"
        rows={3}
        value={text}
        aria-describedby={`${id}-hint`}
        onInput={(event) => setText(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
            event.preventDefault();
            send();
          } else if (event.key === 'Escape') {
            // Handled here, so the view's Esc (stop) does not also act on it.
            event.preventDefault();
            close();
          }
        }}
      />
      <p class="message-editor-hint" id={`${id}-hint`}>
        {t('editHint')}
      </p>
      <div class="message-editor-buttons">
        <button
          type="submit"
          class="button button-small button-primary"
          data-testid="edit-send-button"
          disabled={!text.trim() || model.streaming.value}
        >
          {t('editSendButton')}
        </button>
        <button
          type="button"
          class="button button-small"
          data-testid="edit-cancel-button"
          onClick={close}
        >
          {t('cancelButton')}
        </button>
      </div>
    </form>
  );
}
