// The order in which Auto tries providers (settings.auto.order) and whether it shuffles them.
// Buttons rather than drag and drop: they work with a keyboard and a screen reader alike.
import { t } from '../../shared/i18n';
import { providerSettings } from '../../shared/settings';
import type { OptionsModel } from '../models/options-model';
import { isUsable, providerState } from '../../shared/provider-state';

export function AutoChainSection({ model }: { model: OptionsModel }) {
  const chain = model.autoChain();
  const settings = model.settings.value;
  return (
    <section class="options-section" aria-labelledby="auto-heading">
      <h2 id="auto-heading">{t('optionsAutoTitle')}</h2>
      <p class="hint">{t('optionsAutoHint')}</p>
      <label class="check">
        <input
          type="checkbox"
          data-testid="auto-shuffle"
          checked={settings.auto.shuffle}
          onChange={(event) => void model.setShuffle(event.currentTarget.checked)}
        />
        {t('optionsAutoShuffle')}
      </label>
      <ol class="auto-chain">
        {chain.map((info, index) => {
          // The rule Auto itself uses (the worker has no detection: a local server is tried).
          const on = isUsable(providerState(info, providerSettings(settings, info.id)));
          return (
            <li
              key={info.id}
              class={on ? undefined : 'auto-off'}
              data-testid="auto-item"
              data-provider-id={info.id}
            >
              <span class="auto-name">{info.displayName}</span>
              {!on && <span class="provider-state state-off">{t('optionsAutoSkipped')}</span>}
              <button
                type="button"
                class="button button-quiet"
                disabled={index === 0}
                aria-label={t('optionsMoveUp', info.displayName)}
                title={t('optionsMoveUp', info.displayName)}
                onClick={() => void model.moveInAuto(info.id, -1)}
              >
                ↑
              </button>
              <button
                type="button"
                class="button button-quiet"
                disabled={index === chain.length - 1}
                aria-label={t('optionsMoveDown', info.displayName)}
                title={t('optionsMoveDown', info.displayName)}
                onClick={() => void model.moveInAuto(info.id, 1)}
              >
                ↓
              </button>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
