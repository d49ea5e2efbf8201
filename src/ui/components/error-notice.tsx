import type { ComponentChildren } from 'preact';
import type { WireError } from '../../shared/errors';
import { t } from '../../shared/i18n';
import { ERROR_KEYS } from './error-text';

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
  return (
    <div class="error-notice" role="alert" data-testid="error-notice" data-code={error.code}>
      <p class="error-summary">{t(ERROR_KEYS[error.code], providerName || t('errorGeneric'))}</p>
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
