import type { ChatModel } from '../models/chat-model';
import { AUTO_PROVIDER } from '../models/chat-model';
import { t } from '../../shared/i18n';

/** A native <select>: option values are provider ids, `auto` for the fallback chain (stable test surface). */
export function ProviderSelect({
  model,
  onChange,
}: {
  model: ChatModel;
  onChange?: (id: string) => void;
}) {
  return (
    <label class="provider-picker">
      <span class="visually-hidden">{t('providerLabel')}</span>
      <select
        data-testid="provider-select"
        value={model.providerId.value}
        disabled={model.streaming.value}
        onChange={(event) => {
          model.pickProvider(event.currentTarget.value);
          onChange?.(event.currentTarget.value);
        }}
      >
        <option value={AUTO_PROVIDER}>{t('providerAuto')}</option>
        {model.providers.value.map((provider) => (
          <option key={provider.id} value={provider.id}>
            {provider.status && !provider.status.working
              ? t('providerOffline', [provider.displayName, provider.status.checked])
              : provider.displayName}
          </option>
        ))}
      </select>
    </label>
  );
}
