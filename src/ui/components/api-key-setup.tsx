// The first-run card's "Use a service with an API key": choose a service (where to get its key is
// beside it), paste the key, Test — which saves it and asks for the host permission inside the
// click, then sends one short message — then Done chooses the provider for the chat.
import { useState } from 'preact/hooks';
import type { WireError } from '../../shared/errors';
import { t } from '../../shared/i18n';
import type { ProviderInfo } from '../../shared/protocol';
import { keyRequired } from '../../shared/provider-state';
import type { SettingsStorage } from '../../shared/settings';
import { updateSettingsInWorker } from '../models/settings-writer';
import type { ChatModel } from '../models/chat-model';
import type { Connection } from '../models/connection';
import { httpOrigin } from '../../shared/base-url';
import { ERROR_KEYS, serviceSaid } from './error-text';

/** The hosted services that take an API key, in registry order. */
export function keyServices(providers: readonly ProviderInfo[]): ProviderInfo[] {
  return providers.filter(
    (p) => p.info?.runs === 'hosted' && keyRequired(p) && p.status?.working !== false,
  );
}

type Step =
  | { kind: 'edit' }
  | { kind: 'testing' }
  | { kind: 'failed'; error: WireError }
  | { kind: 'passed'; text: string };

export function ApiKeySetup({
  model,
  connection,
  storage,
  onDone,
  onBack,
}: {
  model: ChatModel;
  connection: Connection;
  storage: SettingsStorage;
  /** The provider is saved and tested: choose it. */
  onDone(providerId: string): void;
  onBack(): void;
}) {
  const services = keyServices(model.providers.value);
  const [chosen, setChosen] = useState(services[0]?.id ?? '');
  const [key, setKey] = useState('');
  const [baseUrl, setBaseUrl] = useState('');
  const [step, setStep] = useState<Step>({ kind: 'edit' });
  const info = services.find((s) => s.id === chosen);
  const edit = (apply: () => void) => {
    apply();
    setStep({ kind: 'edit' });
  };

  const test = () => {
    if (!info || !key.trim()) return;
    const address = baseUrl.trim().replace(/\/+$/, '') || info.defaultBaseUrl;
    const origin = httpOrigin(address);
    if (!origin) {
      setStep({
        kind: 'failed',
        error: {
          code: 'config-missing',
          message: t('optionsBaseUrlInvalid'),
          retryable: false,
          providerId: info.id,
        },
      });
      return;
    }
    // Both inside the click, before anything is awaited: the write is handed to the worker (the
    // settings' only writer) at once, so the key is kept even if the permission prompt closes the
    // popup, and the prompt needs this user gesture. The settings the view holds are current
    // (they follow storage).
    const saved = updateSettingsInWorker(
      connection,
      storage,
      (current) => {
        const own = { ...current.providers[info.id], apiKey: key.trim() };
        if (baseUrl.trim()) own.baseUrl = address;
        return { ...current, providers: { ...current.providers, [info.id]: own } };
      },
      model.settings.peek(),
    ).catch((error: unknown) => error as WireError);
    const access = model.actions.requestHostAccess(origin);
    setStep({ kind: 'testing' });
    void (async () => {
      const granted = await access.catch(() => false);
      const written = await saved;
      if ('code' in written) {
        setStep({ kind: 'failed', error: written });
        return;
      }
      if (!granted) {
        setStep({
          kind: 'failed',
          error: {
            code: 'permission-missing',
            message: t('optionsSavedNoHost', new URL(origin).host),
            retryable: false,
            providerId: info.id,
          },
        });
        return;
      }
      const reply = await connection.request('provider-test', { providerId: info.id });
      setStep(
        reply.ok
          ? { kind: 'passed', text: reply.value.text.replace(/\s+/g, ' ').trim().slice(0, 80) }
          : { kind: 'failed', error: reply.error },
      );
    })();
  };

  return (
    <div class="key-setup" data-testid="key-setup">
      <label class="key-setup-label" for="key-setup-service">
        {t('setupKeyService')}
      </label>
      <select
        id="key-setup-service"
        data-testid="key-setup-service"
        value={chosen}
        onChange={(event) => edit(() => setChosen(event.currentTarget.value))}
      >
        {services.map((s) => (
          <option key={s.id} value={s.id}>
            {s.displayName}
          </option>
        ))}
      </select>
      {info?.info?.keysUrl && (
        <p class="setup-note">
          <a
            href={info.info.keysUrl}
            target="_blank"
            rel="noopener noreferrer"
            data-testid="key-setup-get-key"
          >
            {t('setupKeyWhere', info.displayName)}
          </a>
        </p>
      )}
      <label class="key-setup-label" for="key-setup-key">
        {t('setupKeyPaste')}
      </label>
      <input
        id="key-setup-key"
        type="password"
        data-testid="key-setup-key"
        autoComplete="off"
        spellcheck={false}
        value={key}
        onInput={(event) => edit(() => setKey(event.currentTarget.value))}
      />
      <details class="key-setup-more">
        <summary>{t('setupKeyAddress')}</summary>
        <input
          type="url"
          data-testid="key-setup-base-url"
          aria-label={t('optionsBaseUrl')}
          placeholder={info?.defaultBaseUrl}
          spellcheck={false}
          value={baseUrl}
          onInput={(event) => edit(() => setBaseUrl(event.currentTarget.value))}
        />
      </details>
      <p
        class="key-setup-status"
        role="status"
        data-testid="key-setup-status"
        data-step={step.kind}
      >
        {step.kind === 'testing' && t('optionsTesting')}
        {step.kind === 'passed' && t('setupKeyPassed', [info?.displayName ?? '', step.text])}
        {step.kind === 'failed' && (
          <>
            {t(ERROR_KEYS[step.error.code], info?.displayName ?? '')}{' '}
            {serviceSaid(step.error) ?? ''}
          </>
        )}
      </p>
      <div class="setup-options">
        {step.kind === 'passed' ? (
          <button
            type="button"
            class="button button-primary"
            data-testid="key-setup-done"
            onClick={() => onDone(chosen)}
          >
            {t('setupKeyDone', info?.displayName ?? '')}
          </button>
        ) : (
          <button
            type="button"
            class="button button-primary"
            data-testid="key-setup-test"
            disabled={!key.trim() || step.kind === 'testing'}
            onClick={test}
          >
            {t('setupKeyTest')}
          </button>
        )}
        <button type="button" class="button button-quiet" onClick={onBack}>
          {t('setupKeyBack')}
        </button>
      </div>
    </div>
  );
}
