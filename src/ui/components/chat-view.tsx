import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { useSignal, useSignalEffect } from '@preact/signals';
import type { ChatModel } from '../models/chat-model';
import { t } from '../../shared/i18n';
import { AskContextBar, AskNote } from './ask-context';
import { Composer } from './composer';
import { ErrorNotice } from './error-notice';
import { HistoryButton, HistoryDrawer, TemporaryButton, TemporaryNotice } from './history-drawer';
import { MessageItem } from './message-item';
import { ModelSelect, ProviderHint, ProviderSelect } from './provider-select';
import { loadMarkdown } from '../markdown/reply-text';

/** The chat used by the popup and the side panel alike. */
export function ChatView({
  model,
  onProviderChange,
  banner,
}: {
  model: ChatModel;
  onProviderChange?: (id: string) => void;
  /** Shown above the messages (the first-run card). */
  banner?: ComponentChildren;
}) {
  const messages = model.messages.value;
  const list = useRef<HTMLDivElement>(null);
  const historyOpen = useSignal(false);

  // Follow the reply while it grows, unless the user scrolled up to read. An effect on the signals,
  // not a render: a delta must not re-render the whole list.
  useSignalEffect(() => {
    const last = model.messages.value.at(-1)?.record.value;
    void last?.text;
    void last?.reasoning;
    const el = list.current;
    if (!el) return;
    requestAnimationFrame(() => {
      if (el.scrollHeight - el.scrollTop - el.clientHeight < 160) el.scrollTop = el.scrollHeight;
    });
  });

  // Fetch the markdown renderer after the first paint, before the first reply needs it.
  useEffect(() => void loadMarkdown(), []);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => chatShortcut(model, event);
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [model]);

  return (
    <div class="chat">
      <div class="chat-toolbar">
        <ProviderSelect
          model={model}
          {...(onProviderChange ? { onChange: onProviderChange } : {})}
        />
        <ModelSelect model={model} />
        <button
          type="button"
          class="button button-quiet"
          data-testid="new-chat-button"
          onClick={() => model.newChat()}
        >
          {t('newChatButton')}
        </button>
        <HistoryButton open={historyOpen} />
        <TemporaryButton model={model} />
      </div>
      <ProviderHint model={model} />
      <HistoryDrawer model={model} open={historyOpen} />
      {banner}
      <AskContextBar model={model} />
      {/* A log is a polite live region; the streaming message is aria-busy, so a screen reader
          reads a reply once it is complete instead of every delta. */}
      <div
        class="message-list"
        ref={list}
        role="log"
        aria-live="polite"
        aria-label={t('conversationLabel')}
      >
        {messages.length === 0 && <p class="empty-state">{t('shellEmpty')}</p>}
        {messages.map((message, index) => (
          <MessageItem
            key={message.id}
            message={message}
            model={model}
            isLast={index === messages.length - 1}
          />
        ))}
      </div>
      <UsageTotal model={model} />
      <AskNote model={model} />
      {model.notice.value && <ErrorNotice error={model.notice.value} providerName="" />}
      <TemporaryNotice model={model} />
      <Composer model={model} />
    </div>
  );
}

/**
 * View-wide keys: Esc stops a running reply, Ctrl/Cmd+K starts a new chat. (Enter, Shift+Enter
 * and Up live in the composer; Esc in the message editor cancels the edit first.)
 */
export function chatShortcut(model: ChatModel, event: KeyboardEvent): void {
  if (event.defaultPrevented || event.isComposing) return;
  if (event.key === 'Escape' && model.streaming.value) {
    event.preventDefault();
    model.stop();
  } else if (
    (event.ctrlKey || event.metaKey) &&
    !event.altKey &&
    !event.shiftKey &&
    // `code` too: with a Russian layout the K key types "л".
    (event.key.toLowerCase() === 'k' || event.code === 'KeyK')
  ) {
    event.preventDefault();
    model.newChat();
    model.focusRequest.value++;
  }
}

/** Token total of the conversation; its own component so only it re-renders when the total changes. */
function UsageTotal({ model }: { model: ChatModel }) {
  const total = model.usageTotal.value;
  if (total === 0) return null;
  return (
    <p class="usage-total" data-testid="usage-total">
      {t('usageTotal', String(total))}
    </p>
  );
}
