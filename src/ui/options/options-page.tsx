// The options page: providers, the Auto chain, context-menu templates, appearance, data.
// `#provider=<id>` in the URL opens that provider's settings (the chat's "open settings" fix).
import { useEffect, useState } from 'preact/hooks';
import { t } from '../../shared/i18n';
import { AppShell } from '../components/app-shell';
import type { OptionsModel } from '../models/options-model';
import { AppearanceSection } from './appearance-section';
import { AutoChainSection } from './auto-chain';
import { DataSection } from './data-section';
import { ProviderCard } from './provider-card';
import { TemplatesSection } from './templates-section';

/** The provider named by `#provider=<id>`, if any. */
export function providerFromHash(hash: string): string | undefined {
  const value = new URLSearchParams(hash.replace(/^#/, '')).get('provider');
  return value || undefined;
}

export function OptionsPage({ model }: { model: OptionsModel }) {
  const [wanted, setWanted] = useState(() => providerFromHash(location.hash));
  useEffect(() => {
    const follow = () => setWanted(providerFromHash(location.hash));
    addEventListener('hashchange', follow);
    return () => removeEventListener('hashchange', follow);
  }, []);

  return (
    <AppShell surface="options">
      <div class="options">
        <nav class="options-nav" aria-label={t('optionsNav')}>
          <a href="#providers-heading">{t('optionsProvidersTitle')}</a>
          <a href="#auto-heading">{t('optionsAutoTitle')}</a>
          <a href="#templates-heading">{t('optionsTemplatesTitle')}</a>
          <a href="#appearance-heading">{t('optionsAppearanceTitle')}</a>
          <a href="#data-heading">{t('optionsDataTitle')}</a>
        </nav>
        {!model.loaded.value ? (
          <p class="hint">{t('historyLoading')}</p>
        ) : (
          <div class="options-content">
            <section class="options-section" aria-labelledby="providers-heading">
              <h2 id="providers-heading">{t('optionsProvidersTitle')}</h2>
              <p class="hint">{t('optionsProvidersHint')}</p>
              {model.loadError.value && (
                <p class="notice notice-danger" role="alert">
                  {model.loadError.value.message}
                </p>
              )}
              {model.providers.value.map((info) => (
                <ProviderCard key={info.id} model={model} info={info} open={wanted === info.id} />
              ))}
            </section>
            <AutoChainSection model={model} />
            <TemplatesSection model={model} />
            <AppearanceSection model={model} />
            <DataSection model={model} />
          </div>
        )}
      </div>
    </AppShell>
  );
}
