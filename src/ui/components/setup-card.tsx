// The first-run card (issues 7 and 10): shown while no provider is set up. It offers only what can
// work here: the local servers detection found, the browser's built-in model where its availability
// check says it can run (the download and its size on a click), and "Use a service with an API
// key", a short guided flow (api-key-setup.tsx). Detection runs in the worker in parallel with
// short timeouts; the card shows at once and fills in, so it never blocks the popup.
import { useSignal, useSignalEffect } from '@preact/signals';
import { t } from '../../shared/i18n';
import type { SetupDetection, SetupProbe } from '../../shared/protocol';
import type { SettingsStorage } from '../../shared/settings';
import { updateSettingsInWorker } from '../models/settings-writer';
import type { ChatModel } from '../models/chat-model';
import type { Connection } from '../models/connection';
import { ApiKeySetup } from './api-key-setup';

export interface SetupCardProps {
  model: ChatModel;
  connection: Connection;
  /** storage.local in the extension; a fake in tests. */
  storage: SettingsStorage;
  openOptions(): void;
  /** Called once the user has chosen or skipped. */
  onDone(): void;
}

interface LanguageModelGlobal {
  create(options: { monitor?: (m: EventTarget) => void }): Promise<{ destroy(): void }>;
}

export function SetupCard({ model, connection, storage, openOptions, onDone }: SetupCardProps) {
  const detection = useSignal<SetupDetection | undefined>(undefined);
  const download = useSignal<number | undefined>(undefined);
  const failed = useSignal(false);
  const downloadFailed = useSignal(false);
  const keyFlow = useSignal(false);

  useSignalEffect(() => {
    void connection.request('setup-detect', {}).then((reply) => {
      if (reply.ok) detection.value = reply.value;
      else failed.value = true;
    });
  });

  const choose = async (providerId: string, modelId?: string) => {
    await updateSettingsInWorker(connection, storage, (s) => ({
      ...s,
      onboarded: true,
      defaultProviderId: providerId,
      // Nothing written about "enabled": the state rule already makes what was offered ready.
      providers: modelId
        ? { ...s.providers, [providerId]: { ...s.providers[providerId], model: modelId } }
        : s.providers,
    }));
    model.pickProvider(providerId);
    onDone();
  };

  const skip = async () => {
    await updateSettingsInWorker(connection, storage, (s) => ({ ...s, onboarded: true }));
    onDone();
  };

  // The built-in model downloads only from a page, on a click (the worker has no user gesture).
  const startDownload = async () => {
    const api = (globalThis as { LanguageModel?: LanguageModelGlobal }).LanguageModel;
    if (!api) return;
    download.value = 0;
    downloadFailed.value = false;
    let session: { destroy(): void };
    try {
      session = await api.create({
        monitor: (m) =>
          m.addEventListener(
            'downloadprogress',
            (e) => (download.value = (e as Event & { loaded: number }).loaded),
          ),
      });
    } catch {
      // Not enough disk space, an unsupported device, a policy: say so and let the user try again.
      download.value = undefined;
      downloadFailed.value = true;
      return;
    }
    session.destroy();
    await choose('chrome-builtin');
  };

  const found = detection.value;
  const running = found?.local.filter((p) => p.state === 'running') ?? [];
  const refused = found?.local.filter((p) => p.state === 'refused') ?? [];
  const nothing = found && running.length === 0 && found.builtin === 'unavailable';

  if (keyFlow.value) {
    return (
      <section class="setup-card" data-testid="setup-card" aria-labelledby="setup-title">
        <h2 id="setup-title">{t('setupKeyTitle')}</h2>
        <ApiKeySetup
          model={model}
          connection={connection}
          storage={storage}
          onDone={(providerId) => void choose(providerId)}
          onBack={() => (keyFlow.value = false)}
        />
      </section>
    );
  }

  return (
    <section class="setup-card" data-testid="setup-card" aria-labelledby="setup-title">
      <h2 id="setup-title">{t('setupTitle')}</h2>
      <p class="setup-hint">{t('setupHint')}</p>
      {!found && !failed.value && <p class="setup-looking">{t('setupLooking')}</p>}
      <div class="setup-options">
        {running.map((probe) => (
          <button
            key={probe.providerId}
            type="button"
            class="button button-primary"
            data-testid="setup-option"
            data-provider={probe.providerId}
            onClick={() =>
              void choose(
                probe.providerId,
                probe.providerId === 'ollama' ? undefined : probe.models?.[0],
              )
            }
          >
            {t('setupUseLocal', [model.providerName(probe.providerId), modelsLabel(probe)])}
          </button>
        ))}
        {found?.builtin === 'available' && (
          <button
            type="button"
            class="button button-primary"
            data-testid="setup-option"
            data-provider="chrome-builtin"
            onClick={() => void choose('chrome-builtin')}
          >
            {t('setupBuiltinUse')}
          </button>
        )}
        {(found?.builtin === 'downloadable' || found?.builtin === 'downloading') && (
          <button
            type="button"
            class="button"
            data-testid="setup-option"
            data-provider="chrome-builtin"
            disabled={download.value !== undefined}
            onClick={() => void startDownload()}
          >
            {download.value === undefined
              ? t('setupBuiltinDownload')
              : t('downloadingModel', String(Math.round(download.value * 100)))}
          </button>
        )}
        <button
          type="button"
          class="button"
          data-testid="setup-add-key"
          onClick={() => (keyFlow.value = true)}
        >
          {t('setupAddKey')}
        </button>
      </div>
      {refused.map((probe) => (
        <p key={probe.providerId} class="setup-note">
          {t('setupRefused', model.providerName(probe.providerId))}
        </p>
      ))}
      {downloadFailed.value && (
        <p class="setup-note" role="status" data-testid="setup-download-failed">
          {t('setupBuiltinFailed')}
        </p>
      )}
      {nothing && (
        <p class="setup-note">
          {t(
            'setupNothingFound',
            // Where the registry's local servers were looked for (every entry with detect()).
            (found?.local ?? [])
              .map((probe) => `${model.providerName(probe.providerId)} (${hostOf(probe.baseUrl)})`)
              .join(', '),
          )}
        </p>
      )}
      <div class="setup-footer">
        <button
          type="button"
          class="button button-quiet"
          data-testid="setup-skip"
          onClick={() => void skip()}
        >
          {t('setupSkip')}
        </button>
        <button
          type="button"
          class="button button-quiet"
          data-testid="setup-open-options"
          onClick={() => openOptions()}
        >
          {t('setupAllSettings')}
        </button>
      </div>
    </section>
  );
}

function modelsLabel(probe: SetupProbe): string {
  const models = probe.models ?? [];
  if (models.length === 0) return '';
  return models.length === 1 ? models[0]! : `${models[0]!} +${models.length - 1}`;
}

/** `localhost:11434` for a probe's base URL; the text itself when it is no URL. */
function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return baseUrl;
  }
}
