import { useRef, useState } from 'preact/hooks';
import type { ChatModel } from '../models/chat-model';
import { t } from '../../shared/i18n';

/** The message box: Enter sends, Shift+Enter adds a line; Stop replaces Send while a reply runs. */
export function Composer({ model, autoFocus = true }: { model: ChatModel; autoFocus?: boolean }) {
  const [text, setText] = useState('');
  const input = useRef<HTMLTextAreaElement>(null);
  const streaming = model.streaming.value;

  const submit = () => {
    if (model.send(text)) setText('');
    input.current?.focus();
  };

  return (
    <form
      class="composer"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <label class="visually-hidden" for="composer-input">
        {t('composerLabel')}
      </label>
      <textarea
        id="composer-input"
        ref={input}
        data-testid="composer-input"
        rows={2}
        value={text}
        placeholder={t('composerPlaceholder')}
        autoFocus={autoFocus}
        onInput={(event) => setText(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
            event.preventDefault();
            submit();
          }
        }}
      />
      {streaming ? (
        <button
          type="button"
          class="button button-stop"
          data-testid="stop-button"
          onClick={() => model.stop()}
        >
          {t('stopButton')}
        </button>
      ) : (
        <button
          type="submit"
          class="button button-primary"
          data-testid="send-button"
          disabled={!text.trim()}
        >
          {t('sendButton')}
        </button>
      )}
    </form>
  );
}
