import type { ChatModel, MessageState } from '../models/chat-model';
import { t } from '../../shared/i18n';
import { ReplyText } from '../markdown/reply-text';
import './message-actions.css';
// The attachments' styles stay in the first load though the part is lazy (chat-parts.ts): the
// cascade order is kept and a part never shows unstyled.
import './message-attachments.css';
import { ErrorNotice } from './error-notice';
import { MessageActions } from './message-actions';
import { MessageEditor } from './message-editor';
import { MessageReasoning, StreamingNote } from './message-reasoning';
import { Icon } from './icons';
import { errorFixes, messageAttachments } from './chat-parts';
import { acceptsInput } from '../../shared/provider-state';

/** One message. It reads only its own signal, so a delta re-renders this message alone. */
export function MessageItem({
  message,
  versions = [message],
  model,
  isLast,
  retryProviderId,
}: {
  message: MessageState;
  /** Every version of this reply, oldest first (reply-versions.ts). */
  versions?: readonly MessageState[];
  model: ChatModel;
  isLast: boolean;
  /**
   * Where a plain Retry goes: the conversation's provider unless set (a compared reply's column
   * retries its own provider).
   */
  retryProviderId?: string | undefined;
}) {
  const record = message.record.value;
  const assistant = record.role === 'assistant';
  const canRetry =
    assistant &&
    isLast &&
    (record.status === 'error' || record.status === 'interrupted' || record.status === 'stopped');
  const retryTo = retryProviderId ?? model.conversation.value?.providerId;
  const retry =
    canRetry && !refusedAgain(model, record, retryTo)
      ? () => model.retry(record.id, retryProviderId)
      : undefined;
  return (
    <article
      class={`message message-${record.role}`}
      data-testid="message"
      data-role={record.role}
      data-status={record.status}
      aria-busy={record.status === 'streaming'}
    >
      <header class="message-meta">
        <span class="message-author">{assistant ? t('roleAssistant') : t('roleUser')}</span>
        {assistant && record.providerId && (
          <span class="message-provider">
            {t('answeredBy', model.providerName(record.providerId))}
          </span>
        )}
        {versions.length > 1 && <ReplyVersions model={model} shown={message} versions={versions} />}
      </header>
      {assistant && record.reasoning && (
        <MessageReasoning text={record.reasoning} answering={record.text !== ''} />
      )}
      {assistant ? (
        // Model output: markdown, sanitised, rendered incrementally while it streams.
        <ReplyText text={record.text} streaming={record.status === 'streaming'} />
      ) : model.editing.value === record.id ? (
        <MessageEditor model={model} record={record} />
      ) : (
        // What the user wrote stays plain text.
        <div class="message-text" data-testid="message-text">
          {record.text}
        </div>
      )}
      {record.attachments && record.attachments.length > 0 && (
        <messageAttachments.View model={model} attachments={record.attachments} />
      )}
      {record.status === 'streaming' && !record.text && !record.reasoning && (
        <StreamingNote model={model} />
      )}
      {record.usage &&
        (record.usage.inputTokens !== undefined || record.usage.outputTokens !== undefined) && (
          <p class="message-usage" data-testid="message-usage">
            {t('usageTokens', [
              String(record.usage.inputTokens ?? 0),
              String(record.usage.outputTokens ?? 0),
            ])}
            {record.usage.reasoningTokens
              ? ` · ${t('usageReasoning', String(record.usage.reasoningTokens))}`
              : ''}
          </p>
        )}
      {record.status === 'stopped' && <p class="message-note">{t('statusStopped')}</p>}
      {record.finishReason === 'ended-without-marker' && (
        <p class="message-note">{t('endedWithoutMarker')}</p>
      )}
      {record.status === 'interrupted' && (
        <div class="message-note">
          <p>{t('statusInterrupted')}</p>
          {retry && (
            <button type="button" class="button" data-testid="retry-button" onClick={retry}>
              {t('retryButton')}
            </button>
          )}
        </div>
      )}
      {record.status === 'error' && record.error && (
        <ErrorNotice
          error={record.error}
          providerName={model.providerName(record.error.providerId ?? record.providerId)}
          {...(retry ? { onRetry: retry } : {})}
        >
          <errorFixes.View
            model={model}
            record={record}
            canRetry={canRetry && !model.streaming.value}
          />
        </ErrorNotice>
      )}
      {record.status === 'stopped' && retry && (
        <button
          type="button"
          class="button button-quiet"
          data-testid="retry-button"
          onClick={retry}
        >
          {t('retryButton')}
        </button>
      )}
      {model.editing.value !== record.id && (
        <MessageActions model={model} record={record} isLast={isLast} />
      )}
    </article>
  );
}

/**
 * After `input-unsupported`, a plain Retry to a provider that takes no images would be refused
 * again (Auto skips such providers, so it is not). Retry with, which offers only image takers,
 * stays (error-fixes.tsx).
 */
function refusedAgain(
  model: ChatModel,
  record: { error?: { code: string } | undefined },
  retryTo: string | undefined,
): boolean {
  if (record.error?.code !== 'input-unsupported') return false;
  const target = model.providers.value.find((p) => p.id === retryTo);
  return target !== undefined && !acceptsInput(target, { images: true });
}

/** "‹ 2/3 ›": which version of a reply is shown, and the way to the others. */
function ReplyVersions({
  model,
  shown,
  versions,
}: {
  model: ChatModel;
  shown: MessageState;
  versions: readonly MessageState[];
}) {
  const index = versions.indexOf(shown);
  const busy = model.streaming.value;
  const go = (step: number) => {
    const target = versions[index + step];
    if (target) model.showVersion(target.id);
  };
  const position = t('replyVersionOf', [String(index + 1), String(versions.length)]);
  return (
    <span
      class="reply-versions"
      role="group"
      aria-label={t('replyVersions')}
      data-testid="reply-versions"
    >
      <button
        type="button"
        class="button button-quiet button-tiny"
        data-testid="reply-version-prev"
        aria-label={t('replyVersionPrev')}
        title={t('replyVersionPrev')}
        disabled={busy || index <= 0}
        onClick={() => go(-1)}
      >
        <Icon name="chevronLeft" size={14} />
      </button>
      <span class="reply-version-position" aria-label={position} title={position}>
        {index + 1}/{versions.length}
      </span>
      <button
        type="button"
        class="button button-quiet button-tiny"
        data-testid="reply-version-next"
        aria-label={t('replyVersionNext')}
        title={t('replyVersionNext')}
        disabled={busy || index >= versions.length - 1}
        onClick={() => go(1)}
      >
        <Icon name="chevronRight" size={14} />
      </button>
    </span>
  );
}
