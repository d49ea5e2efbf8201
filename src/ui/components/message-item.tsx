import type { ChatModel, MessageState } from '../models/chat-model';
import { t } from '../../shared/i18n';
import { ReplyText } from '../markdown/reply-text';
import './message-actions.css';
import { ErrorFixes } from './error-fixes';
import { ErrorNotice } from './error-notice';
import { MessageActions } from './message-actions';
import { MessageEditor } from './message-editor';
import { MessageReasoning, StreamingNote } from './message-reasoning';

/** One message. It reads only its own signal, so a delta re-renders this message alone. */
export function MessageItem({
  message,
  model,
  isLast,
}: {
  message: MessageState;
  model: ChatModel;
  isLast: boolean;
}) {
  const record = message.record.value;
  const assistant = record.role === 'assistant';
  const canRetry =
    assistant &&
    isLast &&
    (record.status === 'error' || record.status === 'interrupted' || record.status === 'stopped');
  const retry = canRetry ? () => model.retry(record.id) : undefined;
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
          <ErrorFixes model={model} record={record} canRetry={canRetry && !model.streaming.value} />
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
