import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import { useSignalEffect } from '@preact/signals';
import type { ChatModel } from '../models/chat-model';
import { t } from '../../shared/i18n';
import { Icon } from './icons';
import { CompareToggle } from './compare-picker';
import { AttachmentChips } from './attachment-chips';
import { AttachButtons, pasteFiles, useFileDrop } from './attach-controls';

/** The message box: Enter sends, Shift+Enter adds a line; Stop replaces Send while a reply runs. */
export function Composer({ model, autoFocus = true }: { model: ChatModel; autoFocus?: boolean }) {
  const text = model.draft.value;
  const input = useRef<HTMLTextAreaElement>(null);
  const streaming = model.streaming.value;
  const attachments = model.attachments;
  const dropping = useFileDrop(attachments, true).value;
  const canSend =
    (text.trim() !== '' || attachments.ready.value.length > 0) && !attachments.preparing.value;

  const submit = () => {
    // The draft empties once the background has taken the message (chat-model.ts).
    model.send(model.draft.value);
    input.current?.focus();
  };

  // The box grows with its text (CSS caps it at about half the view, then it scrolls).
  useLayoutEffect(() => {
    const el = input.current;
    if (el) fitHeight(el);
  }, [text]);
  useEffect(() => {
    const refit = () => input.current && fitHeight(input.current);
    addEventListener('resize', refit);
    return () => removeEventListener('resize', refit);
  }, []);

  // Focus lands in the composer when the view opens (autofocus alone is not reliable for
  // content rendered after the document loaded).
  useEffect(() => {
    if (autoFocus) input.current?.focus();
  }, [autoFocus]);

  // An ask from the context menu fills the draft: focus it with the cursor at the end.
  useSignalEffect(() => {
    if (model.focusRequest.value === 0) return;
    const el = input.current;
    if (!el) return;
    // The effect may run before Preact re-renders the textarea: set the value it must show.
    el.value = model.draft.peek();
    fitHeight(el);
    el.focus();
    el.setSelectionRange(el.value.length, el.value.length);
    el.scrollTop = el.scrollHeight;
    // The same change may remove the element that had the focus once the view re-renders (a new
    // chat removes the message whose action was focused): take the focus back if it fell out.
    // Retried for a few frames: the textarea may still be disabled or re-rendering then.
    const takeBack = (frames: number) =>
      requestAnimationFrame(() => {
        const current = input.current;
        const focused = document.activeElement;
        if (!current || focused === current || (focused && focused !== document.body)) return;
        current.focus();
        if (document.activeElement !== current && frames > 1) takeBack(frames - 1);
      });
    takeBack(5);
  });

  return (
    <form
      class={dropping ? 'composer composer-drop' : 'composer'}
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <AttachmentChips attachments={attachments} dropping={dropping} />
      <AttachButtons attachments={attachments} />
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
        onInput={(event) => (model.draft.value = event.currentTarget.value)}
        onPaste={(event) => pasteFiles(event, attachments)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
            event.preventDefault();
            submit();
          } else if (
            event.key === 'ArrowUp' &&
            !event.shiftKey &&
            !event.isComposing &&
            event.currentTarget.value === '' &&
            model.editLast()
          ) {
            // Up in an empty composer edits the last message you wrote.
            event.preventDefault();
          }
        }}
      />
      <CompareToggle model={model} />
      {streaming ? (
        <button
          type="button"
          class="button button-stop button-send"
          data-testid="stop-button"
          aria-label={t('stopButton')}
          title={`${t('stopButton')} (Esc)`}
          onClick={() => model.stop()}
        >
          <Icon name="stop" />
        </button>
      ) : (
        <button
          type="submit"
          class="button button-primary button-send"
          data-testid="send-button"
          aria-label={t('sendButton')}
          title={`${t('sendButton')} (Enter)`}
          disabled={!canSend}
        >
          <Icon name="send" />
        </button>
      )}
    </form>
  );
}

/** Sizes a textarea to its text; its CSS max-height takes over beyond that. */
function fitHeight(el: HTMLTextAreaElement): void {
  el.style.height = 'auto';
  el.style.height = `${el.scrollHeight + el.offsetHeight - el.clientHeight}px`;
}
