// The options page: providers, the Auto chain, context-menu templates, appearance, data.
// `#provider=<id>` in the URL opens that provider's settings (the chat's "open settings" fix).
import { useEffect, useState } from 'preact/hooks';
import { t } from '../../shared/i18n';
import { AppShell } from '../components/app-shell';
import type { OptionsModel } from '../models/options-model';
import { AppearanceSection } from './appearance-section';
import { AutoChainSection } from './auto-chain';
import { DataSection } from './data-section';
import { KeyboardSection } from './keyboard-section';
import { ProviderCard } from './provider-card';
import { TemplatesSection } from './templates-section';
import { isLegacy } from '../../shared/provider-state';
import { Icon } from '../components/icons';

/** The provider named by `#provider=<id>`, if any. */
export function providerFromHash(hash: string): string | undefined {
  const value = new URLSearchParams(hash.replace(/^#/, '')).get('provider');
  return value || undefined;
}

export function OptionsPage({
  model,
  onOpenApp,
}: {
  model: OptionsModel;
  /** Opens the full-page chat (a header button). */
  onOpenApp?: () => void;
}) {
  const [wanted, setWanted] = useState(() => providerFromHash(location.hash));
  useEffect(() => {
    const follow = () => setWanted(providerFromHash(location.hash));
    addEventListener('hashchange', follow);
    return () => removeEventListener('hashchange', follow);
  }, []);

  // The seed services whose public sites went offline: kept, working with a mirror, out of the way.
  const legacy = model.providers.value.filter(isLegacy);
  const current = model.providers.value.filter((p) => !isLegacy(p));
  return (
    <AppShell
      surface="options"
      actions={
        onOpenApp && (
          <button type="button" class="button" data-testid="open-app-button" onClick={onOpenApp}>
            <Icon name="fullPage" />
            {t('openAppButton')}
          </button>
        )
      }
    >
      <div class="options">
        <nav class="options-nav" aria-label={t('optionsNav')}>
          <a href="#providers-heading">{t('optionsProvidersTitle')}</a>
          <a href="#auto-heading">{t('optionsAutoTitle')}</a>
          <a href="#templates-heading">{t('optionsTemplatesTitle')}</a>
          <a href="#keyboard-heading">{t('optionsKeyboardTitle')}</a>
          <a href="#appearance-heading">{t('optionsAppearanceTitle')}</a>
          <a href="#data-heading">{t('optionsDataTitle')}</a>
        </nav>
        {!model.loaded.value ? (
          <p class="hint">{t('historyLoading')}</p>
        ) : (
          <div class="options-content">
            <section class="options-section" aria-labelledby="providers-heading">
              <h2 id="providers-heading">{t('optionsProvidersTitle')}</h2>
              <div class="options-guide" data-testid="options-guide">
                <p>{t('optionsGuide')}</p>
                <ul>
                  <li>{t('optionsGuideLocal')}</li>
                  <li>{t('optionsGuideBrowser')}</li>
                  <li>{t('optionsGuideKey')}</li>
                </ul>
                <p class="hint">{t('optionsProvidersHint')}</p>
              </div>
              {model.loadError.value && (
                <p class="notice notice-danger" role="alert">
                  {model.loadError.value.message}
                </p>
              )}
              {current.map((info) => (
                <ProviderCard key={info.id} model={model} info={info} open={wanted === info.id} />
              ))}
              {legacy.length > 0 && (
                <details
                  class="legacy-group"
                  data-testid="legacy-group"
                  open={legacy.some((p) => p.id === wanted)}
                >
                  <summary>{t('providerGroupLegacy')}</summary>
                  <p class="hint">{t('optionsLegacyHint')}</p>
                  {legacy.map((info) => (
                    <ProviderCard
                      key={info.id}
                      model={model}
                      info={info}
                      open={wanted === info.id}
                    />
                  ))}
                </details>
              )}
            </section>
            <AutoChainSection model={model} />
            <TemplatesSection model={model} />
            <KeyboardSection model={model} />
            <AppearanceSection model={model} />
            <DataSection model={model} />
          </div>
        )}
      </div>
    </AppShell>
  );
}
