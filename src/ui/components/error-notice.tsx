import type { ComponentChildren } from 'preact';
import type { WireError } from '../../shared/errors';
import { t } from '../../shared/i18n';
import { autoFailureLines, ERROR_KEYS, serviceSaid } from './error-text';

/** The id Auto's errors carry when more than one provider failed (provider-runner.ts). */
const AUTO = 'auto';

export function ErrorNotice({
  error,
  providerName,
  onRetry,
  children,
}: {
  error: WireError;
  providerName: string;
  onRetry?: () => void;
  /** The fixes for this error (error-fixes.tsx), shown after Retry. */
  children?: ComponentChildren;
}) {
  const auto = error.providerId === AUTO;
  const said = auto ? undefined : serviceSaid(error);
  return (
    <div class="error-notice" role="alert" data-testid="error-notice" data-code={error.code}>
      <p class="error-summary">
        {auto ? t('errorAllFailed') : t(ERROR_KEYS[error.code], providerName || t('errorGeneric'))}
      </p>
      {said && (
        <p class="error-said" data-testid="error-said">
          {t('errorServiceSaid', said)}
        </p>
      )}
      {auto && (
        <ul class="error-lines" data-testid="error-lines">
          {autoFailureLines(error).map((line, i) => (
            <li key={i}>{line}</li>
          ))}
        </ul>
      )}
      <details class="error-details">
        <summary>{t('errorDetails')}</summary>
        <p>{error.message}</p>
        {error.status !== undefined && <p>HTTP {error.status}</p>}
        {error.detail && <pre>{error.detail}</pre>}
      </details>
      {(onRetry || children) && (
        <div class="error-actions">
          {onRetry && (
            <button type="button" class="button" data-testid="retry-button" onClick={onRetry}>
              {t('retryButton')}
            </button>
          )}
          {children}
        </div>
      )}
    </div>
  );
}
