// The provider and model pickers' state: the providers, the one chosen, their listed models and
// what setup detection found. Apart from the conversation (conversation-model.ts) and the composer
// (composer-state.ts), so a view can pick for several replies (a comparison) or none.
import { signal } from '@preact/signals';
import type { WireError } from '../../shared/errors';
import { t } from '../../shared/i18n';
import type { ProviderInfo } from '../../shared/protocol';
import { providerState, type FoundHere } from '../../shared/provider-state';
import { AUTO_PROVIDER_ID as AUTO_PROVIDER } from '../../shared/records';
import { defaultSettings, providerSettings, type Settings } from '../../shared/settings';
import type { Connection } from './connection';
import type { SettingsSource } from './settings-source';

export interface ModelOption {
  id: string;
  name?: string;
}

/** A provider's models as the service listed them, for the model picker. */
export type ModelList =
  | { status: 'loading'; key: string }
  | { status: 'loaded'; key: string; models: ModelOption[] }
  | { status: 'failed'; key: string; error: WireError };

export class PickerState {
  readonly providers = signal<ProviderInfo[]>([]);
  readonly providerId = signal<string>(AUTO_PROVIDER);
  /** The stored settings, kept current while the view is open. */
  readonly settings = signal<Settings>(defaultSettings());
  /** What setup detection found on this machine (local servers, the browser's model), once known. */
  readonly found = signal<FoundHere>({});
  /** Bumped when the model picker should open (the fix for `model-not-found`). */
  readonly modelPickerRequest = signal(0);
  /** Listed models per provider id (loaded lazily, for the model picker). */
  readonly modelLists = signal<ReadonlyMap<string, ModelList>>(new Map());
  /** The provider a new chat starts with (settings.defaultProviderId; the last one the user picked). */
  defaultProviderId = AUTO_PROVIDER;

  constructor(
    private readonly connection: Connection,
    private readonly settingsSource: SettingsSource | undefined,
  ) {}

  /** The user picked a provider: it becomes the default for new chats too. */
  pickProvider(providerId: string): void {
    this.providerId.value = providerId;
    this.defaultProviderId = providerId;
  }

  /** The model chosen for a provider (settings.providers[id].model); none for Auto. */
  modelFor(providerId: string | undefined): string | undefined {
    if (!providerId || providerId === AUTO_PROVIDER) return undefined;
    return providerSettings(this.settings.value, providerId).model?.trim() || undefined;
  }

  /** The user picked a model for the current provider ('' = the provider's default); remembered. */
  async pickModel(modelId: string): Promise<void> {
    const providerId = this.providerId.value;
    if (providerId === AUTO_PROVIDER) return;
    await this.setModel(providerId, modelId);
  }

  /** Remembers the model a provider answers with ('' = the provider's default). */
  async setModel(providerId: string, modelId: string): Promise<void> {
    const change = (s: Settings): Settings => {
      const { model: _old, ...own } = providerSettings(s, providerId);
      return {
        ...s,
        providers: { ...s.providers, [providerId]: modelId ? { ...own, model: modelId } : own },
      };
    };
    // Shown at once; the stored settings follow (and come back through the watch).
    this.settings.value = change(this.settings.value);
    if (this.settingsSource) this.settings.value = await this.settingsSource.update(change);
  }

  /**
   * Asks the background for a provider's models, once per base URL and key, when the provider
   * lists them and is set up. Never blocks anything: the picker fills in when the list comes.
   */
  loadModels(providerId: string): void {
    const info = this.providers.value.find((p) => p.id === providerId);
    if (!info || info.capabilities.models !== 'listable') return;
    const own = providerSettings(this.settings.value, providerId);
    const state = providerState(info, own, this.found.peek());
    if (state.kind !== 'ready' && state.kind !== 'needs-cookies') return;
    const key = `${own.baseUrl?.trim() ?? ''}\n${own.apiKey?.trim() ?? ''}`;
    // peek(): a view calls this from an effect on the provider and the settings, which must not
    // run again (and ask again) because the list it started changed.
    const known = this.modelLists.peek().get(providerId);
    if (known && known.key === key && known.status !== 'failed') return;
    const set = (list: ModelList) => {
      // A later request (new settings) wins over an older one still on its way.
      const current = this.modelLists.peek().get(providerId);
      if (current && current.key !== list.key && list.status !== 'loading') return;
      const next = new Map(this.modelLists.peek());
      next.set(providerId, list);
      this.modelLists.value = next;
    };
    set({ status: 'loading', key });
    void this.connection
      .request('provider-models', { providerId })
      .then((reply) =>
        set(
          reply.ok
            ? { status: 'loaded', key, models: reply.value.models }
            : { status: 'failed', key, error: reply.error },
        ),
      );
  }

  /** What the model picker offers for a provider: listed models, else the registry's. */
  modelOptions(providerId: string): ModelOption[] {
    const info = this.providers.value.find((p) => p.id === providerId);
    if (!info) return [];
    const list = this.modelLists.value.get(providerId);
    if (list?.status === 'loaded') return list.models;
    return info.models ?? [];
  }

  providerName(id: string | undefined): string {
    if (!id) return '';
    if (id === AUTO_PROVIDER) return t('providerAuto');
    return this.providers.value.find((p) => p.id === id)?.displayName ?? id;
  }
}
