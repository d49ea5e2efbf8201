import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import { useSignalEffect } from '@preact/signals';
import type { ChatModel } from '../models/chat-model';
import { t } from '../../shared/i18n';
import { Icon } from './icons';
import { usePromptMenu } from './prompt-menu';
import { CompareToggle } from './compare-toggle';
import { AttachButtons, pasteFiles, useFileDrop } from './attach-controls';
import type { ComposerContext } from '../models/composer-context';
import type { TabSource } from '../tabs/tab-source';
import { ContextTray } from './context-tray';
import { attachmentChips, deviceActions, promptMenuView, tabPicker } from './chat-parts';
import { atWordStart } from '../models/tab-trigger';

/** Open tabs as context and the context meter (context-tray.tsx), where the view has tabs. */
export interface ComposerTabs {
  context: ComposerContext;
  source: TabSource;
}

/** The message box: Enter sends, Shift+Enter adds a line; Stop replaces Send while a reply runs. */
export function Composer({
  model,
  autoFocus = true,
  tabs,
}: {
  model: ChatModel;
  autoFocus?: boolean;
  tabs?: ComposerTabs;
}) {
  const text = model.draft.value;
  const input = useRef<HTMLTextAreaElement>(null);
  const streaming = model.streaming.value;
  // `/` in an empty composer: the saved prompts (prompt-menu.tsx).
  const prompts = usePromptMenu(model, input);
  const attachments = model.attachments;
  const dropping = useFileDrop(attachments, true).value;
  // Read here so the Send button follows the meter: a message that does not fit is held.
  const held = tabs ? tabs.context.reading.value.over > 0 : false;
  const canSend =
    (text.trim() !== '' || attachments.ready.value.length > 0) &&
    !attachments.preparing.value &&
    !held;

  const submit = () => {
    // Held until the person trims or drops what does not fit (the meter shows the choice).
    if (tabs?.context.held()) return;
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

  const form = (
    <form
      class={dropping ? 'composer composer-drop' : 'composer'}
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <attachmentChips.View
        attachments={attachments}
        dropping={dropping}
        {...(tabs
          ? {
              extra: (item) =>
                item.kind === 'tab' && item.status === 'ready' ? (
                  <deviceActions.View
                    item={item}
                    lang={tabs.context.tabs.tabOf(item.id)?.lang}
                    attachments={attachments}
                  />
                ) : null,
            }
          : {})}
      />
      <AttachButtons attachments={attachments}>
        {tabs && (
          <button
            type="button"
            class="button button-quiet button-icon tab-picker-button"
            data-testid="tab-picker-button"
            aria-label={t('tabPickerButton')}
            title={`${t('tabPickerButton')} (@)`}
            aria-expanded={tabs.context.picker.value !== false}
            onPointerEnter={() => void tabPicker.load()}
            onFocus={() => void tabPicker.load()}
            onClick={() =>
              (tabs.context.picker.value = tabs.context.picker.peek() ? false : 'button')
            }
          >
            <Icon name="tabs" />
          </button>
        )}
      </AttachButtons>
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
        {...prompts.inputProps}
        // The `/` menu's list and the tab picker (chat-parts.ts) load when the composer is
        // first focused, so the `/` or `@` typed next finds them in.
        onFocus={() => {
          void promptMenuView.load();
          if (tabs) void tabPicker.load();
        }}
        onInput={(event) => {
          const el = event.currentTarget;
          prompts.onInput(el.value);
          model.draft.value = el.value;
          // `@` typed at the start of a word opens the tab picker.
          if (
            tabs &&
            (event as InputEvent).data === '@' &&
            atWordStart(el.value, el.selectionStart)
          )
            tabs.context.picker.value = 'at';
        }}
        onPaste={(event) => pasteFiles(event, attachments)}
        onKeyDown={(event) => {
          if (prompts.onKeyDown(event)) return;
          if (event.key === 'Escape' && tabs?.context.picker.peek()) {
            // Esc before the picker took the focus closes it too (and never stops the reply).
            event.preventDefault();
            event.stopPropagation();
            tabs.context.picker.value = false;
          } else if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
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
      {prompts.view}
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
  if (!tabs) return form;
  return (
    <div class="composer-area">
      <ContextTray
        context={tabs.context}
        source={tabs.source}
        onPicked={(picked, trigger) => {
          const el = input.current;
          if (!el) return;
          // A tab picked from `@`: the `@` that opened the picker goes (Esc keeps it).
          if (picked && trigger === 'at') {
            const at = el.selectionStart;
            if (at > 0 && el.value[at - 1] === '@') {
              model.draft.value = el.value.slice(0, at - 1) + el.value.slice(at);
              requestAnimationFrame(() => el.setSelectionRange(at - 1, at - 1));
            }
          }
          el.focus();
        }}
      />
      {form}
    </div>
  );
}

/** Sizes a textarea to its text; its CSS max-height takes over beyond that. */
function fitHeight(el: HTMLTextAreaElement): void {
  el.style.height = 'auto';
  el.style.height = `${el.scrollHeight + el.offsetHeight - el.clientHeight}px`;
}
