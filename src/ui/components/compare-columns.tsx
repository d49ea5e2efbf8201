// A compared turn: each reply in its own column (side by side on a wide page, stacked in the
// popup and side panel), each with its time to first token, speed and usage, its own Stop, and
// "Continue with this one". Each column holds the usual message (message, message-text,
// error-notice with its fixes), so a reply reads the same as anywhere else.
import type { ChatModel, MessageState } from '../models/chat-model';
import type { MessageRecord } from '../../shared/protocol';
import { t } from '../../shared/i18n';
import { Icon } from './icons';
import { MessageItem } from './message-item';
import { timeToFirstToken, tokensPerSecond } from '../models/compare-metrics';

export function CompareColumns({
  model,
  versions,
}: {
  model: ChatModel;
  versions: readonly MessageState[];
}) {
  return (
    <section
      class={`compare-columns compare-columns-${versions.length}`}
      data-testid="compare-columns"
      aria-label={t('compareColumns')}
    >
      {versions.map((version) => (
        <CompareColumn key={version.id} model={model} version={version} />
      ))}
    </section>
  );
}

function CompareColumn({ model, version }: { model: ChatModel; version: MessageState }) {
  const record = version.record.value;
  const streaming = record.status === 'streaming';
  const stream = model.activeStreams.value.find((a) => a.messageId === record.id);
  const canContinue = !streaming && record.text.trim() !== '' && record.status !== 'error';
  return (
    <div
      class="compare-column"
      data-testid="compare-column"
      data-provider-id={record.providerId}
      data-status={record.status}
    >
      <header class="compare-column-head">
        <span class="compare-column-name">{model.providerName(record.providerId)}</span>
        {record.model && <span class="compare-column-model">{record.model}</span>}
        <div class="compare-column-actions">
          {streaming && stream && (
            <button
              type="button"
              class="button button-quiet"
              data-testid="compare-stop-button"
              onClick={() => model.stop(stream.streamId)}
            >
              <Icon name="stop" size={14} />
              {t('compareStopOne')}
            </button>
          )}
          {canContinue && (
            <button
              type="button"
              class="button"
              data-testid="compare-continue-button"
              onClick={() => model.continueWith(record.id)}
            >
              {t('compareContinue')}
            </button>
          )}
        </div>
      </header>
      <CompareMetrics record={record} />
      <MessageItem
        message={version}
        model={model}
        isLast={true}
        retryProviderId={record.providerId}
      />
    </div>
  );
}

/** Time to first token, output speed and usage: what a comparison is for. */
function CompareMetrics({ record }: { record: MessageRecord }) {
  const ttft = timeToFirstToken(record);
  const speed = tokensPerSecond(record);
  const usage = record.usage;
  if (ttft === undefined && record.status !== 'streaming') return null;
  return (
    <p class="compare-metrics">
      <span data-testid="compare-ttft">
        {ttft !== undefined ? t('compareTtft', ttft.toFixed(2)) : t('compareTtftWaiting')}
      </span>
      {speed && (
        <span data-testid="compare-speed">
          {t(speed.estimated ? 'compareSpeedEstimated' : 'compareSpeed', speed.value.toFixed(1))}
        </span>
      )}
      {usage && (usage.inputTokens !== undefined || usage.outputTokens !== undefined) && (
        <span data-testid="compare-usage">
          {t('usageTokens', [String(usage.inputTokens ?? 0), String(usage.outputTokens ?? 0)])}
        </span>
      )}
    </p>
  );
}
