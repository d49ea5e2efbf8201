// The actions under a message: copy, regenerate (the last reply), edit (your messages), delete
// (asks first). None is offered while a reply runs in the conversation, except copy.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { MessageRecord } from '../../shared/protocol';
import { t } from '../../shared/i18n';
import type { ChatModel } from '../models/chat-model';
import { copyText } from './clipboard';

export function MessageActions({
  model,
  record,
  isLast,
}: {
  model: ChatModel;
  record: MessageRecord;
  isLast: boolean;
}) {
  const [confirming, setConfirming] = useState(false);
  const [copied, setCopied] = useState<boolean | undefined>(undefined);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const busy = model.streaming.value;
  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
  }, [confirming]);
  useEffect(() => {
    if (copied === undefined) return;
    const timer = setTimeout(() => setCopied(undefined), 1500);
    return () => clearTimeout(timer);
  }, [copied]);

  if (record.status === 'streaming') return null;
  if (confirming) {
    return (
      <div
        class="message-actions message-actions-confirm"
        role="group"
        aria-label={t('messageActions')}
      >
        <span>{t('deleteConfirm')}</span>
        <button
          type="button"
          ref={confirmButton}
          class="button button-small button-danger"
          data-testid="delete-confirm-button"
          onClick={() => {
            setConfirming(false);
            model.deleteMessage(record.id);
            model.focusRequest.value++;
          }}
        >
          {t('deleteButton')}
        </button>
        <button
          type="button"
          class="button button-small"
          data-testid="delete-cancel-button"
          onClick={() => setConfirming(false)}
        >
          {t('cancelButton')}
        </button>
      </div>
    );
  }
  const assistant = record.role === 'assistant';
  return (
    <div class="message-actions" role="group" aria-label={t('messageActions')}>
      {record.text && (
        <button
          type="button"
          class="button button-small button-quiet"
          data-testid="copy-button"
          onClick={() => void copyText(record.text).then(setCopied)}
        >
          {copied === undefined
            ? t('copyMessageButton')
            : copied
              ? t('copiedLabel')
              : t('copyFailedLabel')}
        </button>
      )}
      {assistant && isLast && record.status === 'done' && !busy && (
        <button
          type="button"
          class="button button-small button-quiet"
          data-testid="regenerate-button"
          onClick={() => model.retry(record.id)}
        >
          {t('regenerateButton')}
        </button>
      )}
      {record.role === 'user' && !busy && (
        <button
          type="button"
          class="button button-small button-quiet"
          data-testid="edit-button"
          onClick={() => (model.editing.value = record.id)}
        >
          {t('editButton')}
        </button>
      )}
      {!busy && (
        <button
          type="button"
          class="button button-small button-quiet"
          data-testid="delete-button"
          onClick={() => setConfirming(true)}
        >
          {t('deleteButton')}
        </button>
      )}
    </div>
  );
}
