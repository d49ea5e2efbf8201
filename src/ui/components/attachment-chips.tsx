// The composer's pending attachments as chips: a thumbnail or a kind badge, the name, what it
// costs where known, and a remove button. A chip takes the focus (Tab) and Delete or Backspace
// removes it, so the row works without a mouse. The refused-attachment notice shows above them.
// A chunk of its own (chat-parts.ts); its styles (attachments.css) come with the attach buttons.
import type { ComponentChildren } from 'preact';
import type { ComposerAttachments, PendingAttachment } from '../models/composer-attachments';
import { extensionOf } from '../attachments/file-kind';
import { currentLanguage, t } from '../../shared/i18n';
import { Icon } from './icons';
import { attachNoticeText } from './attach-notice';

export function AttachmentChips({
  attachments,
  dropping = false,
  extra,
}: {
  attachments: ComposerAttachments;
  dropping?: boolean;
  /** More on a chip (an open tab's on-device actions, context-tray.tsx). */
  extra?: (item: PendingAttachment) => ComponentChildren;
}) {
  const items = attachments.items.value;
  const notice = attachments.notice.value;
  if (items.length === 0 && !notice && !dropping) return null;
  return (
    <div class="attachments">
      {dropping && <p class="composer-drop-hint">{t('attachDropHint')}</p>}
      {notice && (
        <p class="attach-notice" role="alert" data-testid="attach-notice" data-code={notice.code}>
          <span>{attachNoticeText(notice)}</span>
          <button
            type="button"
            class="button button-quiet attach-notice-close"
            aria-label={t('attachNoticeDismiss')}
            onClick={() => (attachments.notice.value = undefined)}
          >
            <Icon name="close" size={14} />
          </button>
        </p>
      )}
      {items.length > 0 && (
        <ul class="attachment-chips" aria-label={t('attachListLabel')}>
          {items.map((item) => (
            <Chip key={item.id} item={item} attachments={attachments} extra={extra} />
          ))}
        </ul>
      )}
    </div>
  );
}

function Chip({
  item,
  attachments,
  extra,
}: {
  item: PendingAttachment;
  attachments: ComposerAttachments;
  extra?: ((item: PendingAttachment) => ComponentChildren) | undefined;
}) {
  const remove = (fromKeyboard: boolean, chip?: HTMLElement | null) => {
    // The focus goes to the next chip (or the previous, or the message box), not to the page.
    const next = (chip?.nextElementSibling ?? chip?.previousElementSibling) as
      HTMLElement | null | undefined;
    attachments.remove(item.id);
    if (fromKeyboard || chip?.contains(document.activeElement))
      (next ?? document.getElementById('composer-input'))?.focus();
  };
  const detail = chipDetail(item);
  return (
    <li
      class="attachment-chip"
      data-testid="attachment-chip"
      data-kind={item.kind}
      data-status={item.status}
      tabIndex={0}
      title={item.name}
      aria-busy={item.status === 'preparing'}
      onKeyDown={(event) => {
        if (event.target !== event.currentTarget) return;
        if (event.key === 'Delete' || event.key === 'Backspace') {
          event.preventDefault();
          remove(true, event.currentTarget);
        }
      }}
    >
      {item.kind === 'image' && item.thumbUrl ? (
        <img class="attachment-thumb" src={item.thumbUrl} alt="" />
      ) : (
        <span class="attachment-badge" aria-hidden="true">
          {badge(item)}
        </span>
      )}
      <span class="attachment-text">
        <span class="attachment-name">{item.name}</span>
        {detail && <span class="attachment-detail">{detail}</span>}
        {item.note && <span class="attachment-detail attachment-note">{item.note}</span>}
      </span>
      {extra?.(item)}
      <button
        type="button"
        class="attachment-remove"
        data-testid="attachment-remove"
        aria-label={t('attachRemove', item.name)}
        title={t('attachRemove', item.name)}
        onClick={(event) => remove(false, event.currentTarget.closest('li'))}
      >
        <Icon name="close" size={12} />
      </button>
    </li>
  );
}

function badge(item: PendingAttachment): string {
  if (item.kind === 'tab') return 'WEB';
  if (item.kind === 'image') return 'IMG';
  return (extensionOf(item.name) || 'TXT').slice(0, 4).toUpperCase();
}

function chipDetail(item: PendingAttachment): string | undefined {
  if (item.status === 'preparing') return t('attachPreparing');
  if (item.tokens !== undefined)
    return t('attachTokens', item.tokens.toLocaleString(currentLanguage()));
  if (item.pages !== undefined) return t('attachPages', String(item.pages));
  return undefined;
}
