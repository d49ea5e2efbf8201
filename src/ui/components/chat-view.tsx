import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useSignal, useSignalEffect } from '@preact/signals';
import type { ChatModel } from '../models/chat-model';
import { t } from '../../shared/i18n';
import { AskContextBar, AskNote } from './ask-context';
import { Composer, type ComposerTabs } from './composer';
import { compareColumns, comparePicker, preloadChatParts } from './chat-parts';
import { ErrorNotice } from './error-notice';
import {
  HistoryButton,
  HistoryDrawer,
  TemporaryButton,
  TemporaryNotice,
  type HistoryControl,
} from './history-drawer';
import { Icon } from './icons';
import { MessageItem } from './message-item';
import { ModelSelect, ProviderHint, ProviderSelect } from './provider-select';
import { followScroll, type ScrollFollow } from './scroll-follow';
import { loadMarkdown } from '../markdown/reply-text';

/** The chat used by the popup, the side panel and the full page alike. */
export function ChatView({
  model,
  onProviderChange,
  banner,
  onOpenSidePanel,
  onOpenApp,
  history,
  tabs,
}: {
  model: ChatModel;
  /** Open tabs as context and the context meter (composer.tsx). */
  tabs?: ComposerTabs;
  onProviderChange?: (id: string) => void;
  /** Shown above the messages (the first-run card). */
  banner?: ComponentChildren;
  /** The popup's way to the side panel (the side panel itself has none). */
  onOpenSidePanel?: () => void;
  /** The popup's and side panel's way to the full page (the full page itself has none). */
  onOpenApp?: () => void;
  /** Where the history opens: a drawer over the chat unless the view docks it (the full page). */
  history?: HistoryControl;
}) {
  const rows = model.rows.value;
  const comparing = model.conversation.value?.compare?.enabled === true;
  const list = useRef<HTMLDivElement>(null);
  const content = useRef<HTMLDivElement>(null);
  const drawerOpen = useSignal(false);
  const historyControl = history ?? { open: drawerOpen, drawer: true };
  const [follow, setFollow] = useState<ScrollFollow | undefined>(undefined);

  // Follow the reply while it grows, until the reader scrolls up (scroll-follow.ts). It watches
  // sizes, not signals: a delta must not re-render the whole list.
  useEffect(() => {
    if (!list.current || !content.current) return;
    const following = followScroll(list.current, content.current);
    setFollow(following);
    return () => following.dispose();
  }, []);

  // A conversation opens at its end, and a reply you ask for is followed from its start (a reply
  // ending changes nothing: the reader may be reading above).
  const seen = useRef<{ conversation?: string; stream?: string }>({});
  useSignalEffect(() => {
    const conversation = model.conversation.value?.id;
    const stream = model.active.value?.streamId;
    const before = seen.current;
    seen.current = { ...(conversation ? { conversation } : {}), ...(stream ? { stream } : {}) };
    if (conversation !== before.conversation || (stream && stream !== before.stream))
      follow?.toEnd();
  });

  // Fetch the markdown renderer after the first paint, before the first reply needs it; the
  // parts only some uses need (chat-parts.ts) once the view is idle.
  useEffect(() => {
    void loadMarkdown();
    preloadChatParts();
  }, []);

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
        <div class="chat-toolbar-buttons">
          <button
            type="button"
            class="button button-quiet button-icon"
            data-testid="new-chat-button"
            aria-label={t('newChatButton')}
            title={`${t('newChatButton')} (Ctrl+K)`}
            onClick={() => model.newChat()}
          >
            <Icon name="newChat" />
          </button>
          <HistoryButton control={historyControl} />
          <TemporaryButton model={model} />
          {onOpenSidePanel && (
            <button
              type="button"
              class="button button-quiet button-icon"
              data-testid="open-side-panel-button"
              aria-label={t('openSidePanelButton')}
              title={t('openSidePanelButton')}
              onClick={onOpenSidePanel}
            >
              <Icon name="sidePanel" />
            </button>
          )}
          {onOpenApp && (
            <button
              type="button"
              class="button button-quiet button-icon"
              data-testid="open-app-button"
              aria-label={t('openAppButton')}
              title={t('openAppButton')}
              onClick={onOpenApp}
            >
              <Icon name="fullPage" />
            </button>
          )}
          <button
            type="button"
            class="button button-quiet button-icon"
            data-testid="settings-button"
            aria-label={t('settingsButton')}
            title={t('settingsButton')}
            onClick={() => model.actions.openProviderSettings(undefined)}
          >
            <Icon name="settings" />
          </button>
        </div>
      </div>
      <ProviderHint model={model} />
      {historyControl.drawer && <HistoryDrawer model={model} open={historyControl.open} />}
      {banner}
      <AskContextBar model={model} />
      <div class="message-scroller">
        {/* A log is a polite live region; the streaming message is aria-busy, so a screen reader
            reads a reply once it is complete instead of every delta. */}
        <div
          class="message-list"
          ref={list}
          role="log"
          aria-live="polite"
          aria-label={t('conversationLabel')}
          // Scrollable by keyboard too (PageUp/PageDown), like any long document.
          tabIndex={0}
        >
          <div class="message-list-content" ref={content}>
            {rows.length === 0 && <p class="empty-state">{t('shellEmpty')}</p>}
            {rows.map((row, index) =>
              // The last reply of a conversation in compare: its versions side by side.
              index === rows.length - 1 && row.versions.length > 1 && comparing ? (
                <compareColumns.View
                  key={row.shown.id}
                  model={model}
                  versions={row.versions}
                  fallback={<div class="compare-columns-loading" aria-busy="true" />}
                />
              ) : (
                <MessageItem
                  key={row.shown.id}
                  message={row.shown}
                  versions={row.versions}
                  model={model}
                  isLast={index === rows.length - 1}
                />
              ),
            )}
          </div>
        </div>
        {follow && <JumpToLatest follow={follow} />}
      </div>
      <UsageTotal model={model} />
      <AskNote model={model} />
      {model.notice.value && <ErrorNotice error={model.notice.value} providerName="" />}
      <TemporaryNotice model={model} />
      {model.comparison.enabled.value && (
        <comparePicker.View
          model={model}
          // Compare was just turned on before its chunk came: a line of the picker's height.
          fallback={<div class="compare-picker-loading" role="status" aria-busy="true" />}
        />
      )}
      <Composer model={model} {...(tabs ? { tabs } : {})} />
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

/** Shown while the reader is away from the end; its own component, so only it re-renders. */
function JumpToLatest({ follow }: { follow: ScrollFollow }) {
  if (!follow.away.value) return null;
  return (
    <button
      type="button"
      class="button jump-to-latest"
      data-testid="jump-to-latest"
      onClick={() => follow.toEnd()}
    >
      <Icon name="arrowDown" />
      {t('jumpToLatest')}
    </button>
  );
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
