// The history (loaded on demand, see history-drawer.tsx): search over every message, the
// conversations pinned first then newest, and per conversation: open, pin, rename, export as
// Markdown, delete (with undo).
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { currentLanguage, t } from '../../shared/i18n';
import type { ConversationHit, ConversationRecord } from '../../shared/protocol';
import type { ChatModel } from '../models/chat-model';
import { HistoryModel } from '../models/history-model';
import { conversationMarkdown, markdownFileName } from '../models/markdown-export';
import { downloadText } from './download';
import { ERROR_KEYS } from './error-text';
import { Icon } from './icons';
import './history-panel.css';
import { groupHits, type HistoryGroup } from '../models/history-groups';
import type { MessageKey } from '../../shared/i18n';

const GROUP_KEYS: Record<HistoryGroup, MessageKey> = {
  pinned: 'historyGroupPinned',
  today: 'historyGroupToday',
  yesterday: 'historyGroupYesterday',
  week: 'historyGroupWeek',
  older: 'historyGroupOlder',
};

export function HistoryPanel({
  id,
  chat,
  onClose,
  docked = false,
}: {
  id: string;
  chat: ChatModel;
  /**
   * 'button': the panel's close button or Esc (a drawer closes; a docked sidebar collapses only by
   * its button); 'composer': a conversation was opened.
   */
  onClose(focus: 'button' | 'composer'): void;
  /** A sidebar beside the chat (the full page) rather than a drawer over it. */
  docked?: boolean;
}) {
  const history = useMemo(() => new HistoryModel({ connection: chat.connection, chat }), [chat]);
  useEffect(() => {
    void history.refresh();
    return () => history.dispose();
  }, [history]);

  // The drawer covers the chat below its toolbar, whose height changes with zoom and wrapping.
  const root = useRef<HTMLElement>(null);
  useLayoutEffect(() => {
    if (docked) return;
    const el = root.current;
    const toolbar = el?.parentElement?.querySelector<HTMLElement>('.chat-toolbar');
    if (!el || !toolbar) return;
    const place = () => (el.style.top = `${toolbar.offsetTop + toolbar.offsetHeight}px`);
    place();
    const observer = new ResizeObserver(place);
    observer.observe(toolbar);
    return () => observer.disconnect();
  }, [docked]);

  const items = history.items.value;
  const total = history.total.value;
  const query = history.query.value;
  const openId = chat.conversation.value?.id;
  const undo = history.undo.value;
  const error = history.error.value;

  // Deleting removes the focused button, and undoing removes the Undo button: keep the focus in
  // the panel (on Undo, then back on the search box), so the keyboard and Escape still work here.
  const search = useRef<HTMLInputElement>(null);
  const undoButton = useRef<HTMLButtonElement>(null);
  const focusLater = (target: { current: HTMLElement | null }) =>
    requestAnimationFrame(() => (target.current ?? search.current)?.focus());

  const exportMarkdown = async (conversationId: string) => {
    const loaded = await history.load(conversationId);
    if (!loaded) return;
    const date = new Intl.DateTimeFormat(currentLanguage(), {
      dateStyle: 'long',
      timeStyle: 'short',
    });
    const text = conversationMarkdown(loaded.conversation, loaded.messages, {
      user: t('roleUser'),
      assistant: t('roleAssistant'),
      system: t('roleSystem'),
      via: (name) => t('answeredBy', name),
      providerName: (pid) => chat.providerName(pid),
      date: (ms) => date.format(ms),
    });
    downloadText(markdownFileName(loaded.conversation.title), text, 'text/markdown');
  };

  return (
    <section
      ref={root}
      id={id}
      class={docked ? 'history history-docked' : 'history'}
      aria-label={t('historyTitle')}
      data-testid="history-panel"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && !event.defaultPrevented) {
          event.preventDefault();
          // A sidebar stays: Esc goes back to typing.
          onClose(docked ? 'composer' : 'button');
        }
      }}
    >
      <div class="history-head">
        <label class="visually-hidden" for="history-search">
          {t('historySearchLabel')}
        </label>
        <input
          ref={search}
          id="history-search"
          type="search"
          class="history-search"
          data-testid="history-search"
          placeholder={t('historySearchPlaceholder')}
          value={query}
          autoFocus={!docked}
          autoComplete="off"
          onInput={(event) => history.search(event.currentTarget.value)}
        />
        <button
          type="button"
          class="button button-quiet button-icon"
          data-testid={docked ? 'sidebar-collapse-button' : 'history-close-button'}
          aria-label={docked ? t('appSidebarHide') : t('historyClose')}
          title={docked ? t('appSidebarHide') : t('historyClose')}
          onClick={() => onClose('button')}
        >
          <Icon name={docked ? 'chevronLeft' : 'close'} />
        </button>
      </div>

      {undo && (
        <div class="history-undo" role="status" data-testid="undo-notice">
          <span>{t('historyDeleted', undo.conversation.title)}</span>
          <button
            ref={undoButton}
            type="button"
            class="button"
            data-testid="undo-delete"
            onClick={() => {
              // This button goes away: the search box takes the focus now, not a frame later.
              search.current?.focus();
              void history.restore();
            }}
          >
            {t('historyUndo')}
          </button>
        </div>
      )}
      {error && (
        <p class="history-error" role="alert">
          {t(ERROR_KEYS[error.code], t('errorGeneric'))} {error.message}
        </p>
      )}

      <p class="history-count" aria-live="polite">
        {!history.loaded.value
          ? t('historyLoading')
          : total === 0
            ? query.trim()
              ? t('historyNoMatch', query.trim())
              : t('historyEmpty')
            : query.trim()
              ? t('historyMatches', String(total))
              : t('historyCount', String(total))}
      </p>

      <div class="history-list">
        {groupHits(items, Date.now()).map((run) => (
          <section
            key={`${run.group}-${run.hits[0]!.conversation.id}`}
            class="history-group"
            aria-label={t(GROUP_KEYS[run.group])}
          >
            <h3 class="history-group-title" data-testid="history-group">
              {t(GROUP_KEYS[run.group])}
            </h3>
            <ul class="history-group-list">
              {run.hits.map((hit) => (
                <HistoryItem
                  key={hit.conversation.id}
                  hit={hit}
                  current={hit.conversation.id === openId}
                  onOpen={() => {
                    history.open(hit.conversation.id);
                    onClose('composer');
                  }}
                  onPin={() =>
                    void history.setPinned(hit.conversation.id, !hit.conversation.pinned)
                  }
                  onRename={(title) => history.rename(hit.conversation.id, title)}
                  onExport={() => void exportMarkdown(hit.conversation.id)}
                  onDelete={() =>
                    void history.remove(hit.conversation).then(() => focusLater(undoButton))
                  }
                />
              ))}
            </ul>
          </section>
        ))}
      </div>
      {items.length < total && (
        <button
          type="button"
          class="button history-more"
          data-testid="history-more"
          onClick={() => void history.showMore()}
        >
          {t('historyShowMore')}
        </button>
      )}
    </section>
  );
}

function HistoryItem({
  hit,
  current,
  onOpen,
  onPin,
  onRename,
  onExport,
  onDelete,
}: {
  hit: ConversationHit;
  current: boolean;
  onOpen(): void;
  onPin(): void;
  onRename(title: string): Promise<boolean>;
  onExport(): void;
  onDelete(): void;
}) {
  const { conversation, snippet } = hit;
  const [editing, setEditing] = useState(false);
  const renameButton = useRef<HTMLButtonElement>(null);
  const pinned = conversation.pinned === true;
  const stopEditing = () => {
    setEditing(false);
    requestAnimationFrame(() => renameButton.current?.focus());
  };

  return (
    <li
      class="history-item"
      data-testid="conversation-item"
      data-conversation-id={conversation.id}
      data-pinned={pinned}
      aria-current={current ? 'true' : undefined}
    >
      {editing ? (
        <RenameForm conversation={conversation} onRename={onRename} onDone={stopEditing} />
      ) : (
        <button type="button" class="history-open" onClick={onOpen}>
          <span class="history-title">
            {pinned && (
              <span class="history-pinned" title={t('historyPinned')}>
                <Icon name="pin" size={12} />
                <span class="visually-hidden">{t('historyPinned')}</span>
              </span>
            )}
            <span data-testid="conversation-title">{conversation.title}</span>
          </span>
          <span class="history-date">{formatWhen(conversation.updatedAt)}</span>
          {snippet && (
            <span class="history-snippet" data-testid="conversation-snippet">
              {snippet.text.slice(0, snippet.start)}
              <mark>{snippet.text.slice(snippet.start, snippet.end)}</mark>
              {snippet.text.slice(snippet.end)}
            </span>
          )}
        </button>
      )}
      <div class="history-actions">
        <ActionButton
          icon="pin"
          label={pinned ? t('historyUnpin') : t('historyPin')}
          testId="conversation-pin-button"
          pressed={pinned}
          onClick={onPin}
        />
        <ActionButton
          icon="rename"
          label={t('historyRename')}
          testId="conversation-rename-button"
          buttonRef={renameButton}
          onClick={() => setEditing(true)}
        />
        <ActionButton
          icon="download"
          label={t('historyExportMarkdown')}
          testId="conversation-export-button"
          onClick={onExport}
        />
        <ActionButton
          icon="trash"
          label={t('historyDelete')}
          testId="conversation-delete-button"
          onClick={onDelete}
        />
      </div>
    </li>
  );
}

function RenameForm({
  conversation,
  onRename,
  onDone,
}: {
  conversation: ConversationRecord;
  onRename(title: string): Promise<boolean>;
  onDone(): void;
}) {
  const [title, setTitle] = useState(conversation.title);
  const inputId = `rename-${conversation.id}`;
  return (
    <form
      class="history-rename"
      onSubmit={(event) => {
        event.preventDefault();
        if (!title.trim()) return;
        void onRename(title).then((ok) => ok && onDone());
      }}
    >
      <label class="visually-hidden" for={inputId}>
        {t('historyRenameLabel')}
      </label>
      <input
        id={inputId}
        data-testid="conversation-rename-input"
        value={title}
        maxLength={200}
        autoFocus
        onInput={(event) => setTitle(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            // Cancel the rename only, not close the whole panel.
            event.preventDefault();
            onDone();
          }
        }}
      />
      <button type="submit" class="button" disabled={!title.trim()}>
        {t('historyRenameSave')}
      </button>
    </form>
  );
}

function ActionButton({
  icon,
  label,
  testId,
  pressed,
  buttonRef,
  onClick,
}: {
  icon: 'pin' | 'rename' | 'download' | 'trash';
  label: string;
  testId: string;
  pressed?: boolean;
  buttonRef?: { current: HTMLButtonElement | null };
  onClick(): void;
}) {
  return (
    <button
      type="button"
      ref={buttonRef}
      class="button button-quiet button-icon"
      data-testid={testId}
      aria-label={label}
      title={label}
      {...(pressed === undefined ? {} : { 'aria-pressed': pressed })}
      onClick={onClick}
    >
      <Icon name={icon} size={14} />
    </button>
  );
}

/** Today: the time; this year: day and month; before: the full date. */
function formatWhen(ms: number): string {
  const date = new Date(ms);
  const now = new Date();
  const locale = currentLanguage();
  if (date.toDateString() === now.toDateString()) {
    return date.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
  }
  if (date.getFullYear() === now.getFullYear()) {
    return date.toLocaleDateString(locale, { day: 'numeric', month: 'short' });
  }
  return date.toLocaleDateString(locale, { dateStyle: 'medium' });
}
