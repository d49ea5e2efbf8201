// One provider in the options page: enable, base URL, API key, model, temperature, system prompt,
// timeout; Save and Test connection. Saving asks for the host permission of the provider's base URL
// when it is not granted yet; the request is made in the click itself, because the browser shows
// its prompt only during a user gesture (docs/design.md, "Headers and cookies").
import { useEffect, useRef, useState } from 'preact/hooks';
import type { WireError } from '../../shared/errors';
import { t, type MessageKey } from '../../shared/i18n';
import type { ProviderInfo } from '../../shared/protocol';
import { providerSettings } from '../../shared/settings';
import { ERROR_KEYS } from '../components/error-text';
import type { OptionsModel, ProviderTestResult } from '../models/options-model';
import { isUsable, providerState, type ProviderState as State } from '../../shared/provider-state';
import { effectiveBaseUrl, originPattern } from '../../shared/base-url';
import {
  draftFrom,
  hasBaseUrl,
  settingsFromDraft,
  takesApiKey,
  TEMPERATURE_MAX,
  TIMEOUT_MAX_SECONDS,
  CONTEXT_WINDOW_MIN,
  CONTEXT_WINDOW_MAX,
  type DraftField,
  type ProviderDraft,
} from './provider-form';

type Status =
  | { kind: 'saved' }
  | { kind: 'invalid'; field: DraftField; error: MessageKey }
  | { kind: 'no-permission'; origin: string }
  | { kind: 'testing' }
  | { kind: 'tested'; result: ProviderTestResult }
  | { kind: 'test-failed'; error: WireError };

export function ProviderCard({
  model,
  info,
  open,
}: {
  model: OptionsModel;
  info: ProviderInfo;
  /** Opened from the URL (#provider=<id>): expand, scroll to it, focus it. */
  open: boolean;
}) {
  const own = providerSettings(model.settings.value, info.id);
  const [draft, setDraft] = useState<ProviderDraft>(() => draftFrom(info, own));
  const [status, setStatus] = useState<Status | undefined>(undefined);
  const [showKey, setShowKey] = useState(false);
  const [expanded, setExpanded] = useState(open);
  const [hostMissing, setHostMissing] = useState<string | undefined>(undefined);
  const details = useRef<HTMLDetailsElement>(null);
  const id = (field: string) => `${info.id}-${field}`;

  // Settings changed elsewhere (another tab, an import): show them, unless the user is editing.
  const edited = useRef(false);
  const stored = JSON.stringify(own);
  useEffect(() => {
    if (!edited.current) setDraft(draftFrom(info, own));
    // `stored` stands for `own`, which is a new object on every render.
  }, [stored, info]);

  useEffect(() => {
    if (!open) return;
    setExpanded(true);
    const el = details.current;
    el?.scrollIntoView({ block: 'start' });
    el?.querySelector<HTMLElement>('summary')?.focus();
  }, [open]);

  // Tell the user when an enabled provider's host is not granted (requests would fail).
  const state = providerState(info, own);
  const enabled = sendsAnywhere(state);

  // The Model field offers what the service lists, asked with the saved URL and key (as a chat
  // would send them); free text still goes. Asked again when those change.
  const [listed, setListed] = useState<{ id: string; name?: string }[] | undefined>(undefined);
  const listable = info.capabilities.models === 'listable' && isUsable(state);
  const listKey = `${own.baseUrl ?? ''}\n${own.apiKey ?? ''}`;
  useEffect(() => {
    if (!expanded || !listable) return;
    let live = true;
    void model.connection.request('provider-models', { providerId: info.id }).then((reply) => {
      if (live && reply.ok) setListed(reply.value.models);
    });
    return () => {
      live = false;
    };
  }, [expanded, listable, listKey, info.id, model]);
  const models = listed ?? info.models ?? [];
  const origin = originPattern(effectiveBaseUrl(info, own));
  useEffect(() => {
    if (!expanded || !enabled || !origin) {
      setHostMissing(undefined);
      return;
    }
    let live = true;
    void model.permissions
      .contains([origin])
      .catch(() => false)
      .then((granted) => live && setHostMissing(granted ? undefined : origin));
    return () => {
      live = false;
    };
  }, [expanded, enabled, origin, model]);

  const set = (field: DraftField, value: string | boolean) => {
    edited.current = true;
    setDraft((d) => ({ ...d, [field]: value }));
    setStatus(undefined);
  };

  /** Validates and saves; the permission request happens synchronously, inside the click. */
  const save = (after?: () => void) => {
    const result = settingsFromDraft(info, draft, own);
    if (!result.ok) {
      setStatus({ kind: 'invalid', field: result.field, error: result.error });
      document.getElementById(id(result.field))?.focus();
      return;
    }
    const wanted = sendsAnywhere(providerState(info, result.settings))
      ? originPattern(effectiveBaseUrl(info, result.settings))
      : undefined;
    const permission = wanted
      ? model.permissions.request([wanted]).catch(() => false)
      : Promise.resolve(true);
    void (async () => {
      const granted = await permission;
      await model.saveProvider(info.id, result.settings);
      edited.current = false;
      setDraft(draftFrom(info, result.settings));
      setHostMissing(granted ? undefined : wanted);
      setStatus(granted || !wanted ? { kind: 'saved' } : { kind: 'no-permission', origin: wanted });
      if (granted) after?.();
    })();
  };

  const test = () =>
    save(() => {
      setStatus({ kind: 'testing' });
      void model
        .testProvider(info.id)
        .then((reply) =>
          setStatus(
            reply.ok
              ? { kind: 'tested', result: reply.value }
              : { kind: 'test-failed', error: reply.error },
          ),
        );
    });

  const grant = () => {
    if (!hostMissing) return;
    void model.permissions
      .request([hostMissing])
      .catch(() => false)
      .then((granted) => granted && setHostMissing(undefined));
  };

  const invalid = status?.kind === 'invalid' ? status : undefined;
  const fieldProps = (field: DraftField) => ({
    id: id(field),
    'aria-invalid': invalid?.field === field ? true : undefined,
    'aria-describedby': invalid?.field === field ? id('status') : undefined,
  });

  return (
    <details
      ref={details}
      class="provider-card"
      id={`provider-${info.id}`}
      data-testid="provider-card"
      data-provider-id={info.id}
      open={expanded}
      onToggle={(event) => setExpanded(event.currentTarget.open)}
    >
      <summary>
        <span class="provider-name">{info.displayName}</span>
        <ProviderState info={info} model={model} />
      </summary>
      <form
        class="provider-form"
        onSubmit={(event) => {
          event.preventDefault();
          save();
        }}
      >
        <label class="check">
          <input
            type="checkbox"
            data-testid="provider-enabled"
            checked={draft.enabled}
            onChange={(event) => set('enabled', event.currentTarget.checked)}
          />
          {t('optionsEnabled')}
        </label>

        {hasBaseUrl(info) && (
          <>
            <label for={id('baseUrl')}>{t('optionsBaseUrl')}</label>
            <input
              {...fieldProps('baseUrl')}
              type="url"
              data-testid="provider-base-url"
              placeholder={info.defaultBaseUrl}
              required={info.info?.baseUrlRequired === true && draft.enabled}
              value={draft.baseUrl}
              spellcheck={false}
              onInput={(event) => set('baseUrl', event.currentTarget.value)}
            />
          </>
        )}

        {takesApiKey(info) && (
          <>
            <label for={id('apiKey')}>{t('optionsApiKey')}</label>
            <div class="input-row">
              <input
                {...fieldProps('apiKey')}
                // Preact's types tie other attributes to one literal type; both are plain inputs.
                type={(showKey ? 'text' : 'password') as 'password'}
                data-testid="provider-api-key"
                autoComplete="off"
                spellcheck={false}
                value={draft.apiKey}
                onInput={(event) => set('apiKey', event.currentTarget.value)}
              />
              <button
                type="button"
                class="button"
                aria-pressed={showKey}
                onClick={() => setShowKey(!showKey)}
              >
                {showKey ? t('optionsHideKey') : t('optionsShowKey')}
              </button>
            </div>
            <p class="hint">
              {info.info?.apiKey === 'optional' ? t('optionsApiKeyOptional') : ''}{' '}
              {t('optionsApiKeyHint')}{' '}
              {info.info?.keysUrl && (
                <a href={info.info.keysUrl} target="_blank" rel="noopener noreferrer">
                  {t('optionsGetKey')}
                </a>
              )}
            </p>
          </>
        )}
        {info.capabilities.auth === 'browser-cookies' && (
          <p class="hint">{t('optionsCookiesHint', hostOf(info.defaultBaseUrl))}</p>
        )}
        {info.info?.docsUrl && (
          <p class="hint">
            <a href={info.info.docsUrl} target="_blank" rel="noopener noreferrer">
              {t('optionsDocs', info.displayName)}
            </a>
          </p>
        )}

        <label for={id('model')}>{t('optionsModel')}</label>
        <input
          {...fieldProps('model')}
          data-testid="provider-model"
          list={models.length ? id('models') : undefined}
          placeholder={t('optionsDefault')}
          value={draft.model}
          spellcheck={false}
          onInput={(event) => set('model', event.currentTarget.value)}
        />
        {models.length ? (
          <datalist id={id('models')} data-testid="provider-model-options">
            {models.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name ?? m.id}
              </option>
            ))}
          </datalist>
        ) : null}

        <div class="field-pair">
          <div>
            <label for={id('temperature')}>{t('optionsTemperature')}</label>
            <input
              {...fieldProps('temperature')}
              type="number"
              data-testid="provider-temperature"
              min={0}
              max={TEMPERATURE_MAX}
              step={0.1}
              placeholder={t('optionsDefault')}
              value={draft.temperature}
              onInput={(event) => set('temperature', event.currentTarget.value)}
            />
          </div>
          <div>
            <label for={id('timeout')}>{t('optionsTimeout')}</label>
            <input
              {...fieldProps('timeout')}
              type="number"
              data-testid="provider-timeout"
              min={1}
              max={TIMEOUT_MAX_SECONDS}
              step={1}
              placeholder={t('optionsDefault')}
              value={draft.timeout}
              onInput={(event) => set('timeout', event.currentTarget.value)}
            />
          </div>
          <div>
            <label for={id('contextWindow')}>{t('optionsContextWindow')}</label>
            <input
              {...fieldProps('contextWindow')}
              type="number"
              data-testid="provider-context-window"
              min={CONTEXT_WINDOW_MIN}
              max={CONTEXT_WINDOW_MAX}
              step={1}
              placeholder={t('optionsDefault')}
              title={t('optionsContextWindowHint')}
              value={draft.contextWindow}
              onInput={(event) => set('contextWindow', event.currentTarget.value)}
            />
          </div>
        </div>

        {info.capabilities.systemPrompt && (
          <>
            <label for={id('systemPrompt')}>{t('optionsSystemPrompt')}</label>
            <textarea
              {...fieldProps('systemPrompt')}
              data-testid="provider-system-prompt"
              rows={3}
              value={draft.systemPrompt}
              onInput={(event) => set('systemPrompt', event.currentTarget.value)}
            />
          </>
        )}

        {hostMissing && (
          <div class="notice notice-warn" data-testid="host-permission-notice">
            <span>{t('optionsHostMissing', hostOf(hostMissing))}</span>
            <button type="button" class="button" onClick={grant}>
              {t('optionsGrantHost')}
            </button>
          </div>
        )}

        <div class="form-actions">
          <button type="submit" class="button button-primary" data-testid="provider-save">
            {t('optionsSave')}
          </button>
          <button type="button" class="button" data-testid="provider-test" onClick={test}>
            {t('optionsTest')}
          </button>
        </div>
        <p
          id={id('status')}
          class={`status${status?.kind === 'invalid' || status?.kind === 'test-failed' ? ' status-error' : ''}`}
          data-testid="provider-status"
          data-status={status?.kind}
          role="status"
        >
          {status && <StatusText status={status} info={info} model={model} />}
        </p>
      </form>
    </details>
  );
}

function StatusText({
  status,
  info,
  model,
}: {
  status: Status;
  info: ProviderInfo;
  model: OptionsModel;
}) {
  switch (status.kind) {
    case 'saved':
      return <>{t('optionsSaved')}</>;
    case 'invalid':
      return <>{t(status.error)}</>;
    case 'no-permission':
      return <>{t('optionsSavedNoHost', hostOf(status.origin))}</>;
    case 'testing':
      return <>{t('optionsTesting')}</>;
    case 'tested': {
      const by = model.providers.value.find((p) => p.id === status.result.providerId);
      return (
        <>
          {t('optionsTestOk', [
            String(status.result.latencyMs),
            by?.displayName ?? info.displayName,
            status.result.text.replace(/\s+/g, ' ').trim().slice(0, 120),
          ])}
        </>
      );
    }
    case 'test-failed':
      return (
        <>
          {t(ERROR_KEYS[status.error.code], info.displayName)}{' '}
          <span class="status-detail">{status.error.message}</span>
        </>
      );
  }
}

/** "api.example.com" from a URL or an origin pattern like "https://api.example.com/*". */
function hostOf(urlOrPattern: string): string {
  try {
    return new URL(urlOrPattern.replace(/\*$/, '')).host;
  } catch {
    return urlOrPattern;
  }
}

/** Whether requests will go to the provider's base URL now (so its host permission matters). */
function sendsAnywhere(state: State): boolean {
  return isUsable(state);
}

const STATE_TEXT: Record<State['kind'], [MessageKey, string]> = {
  ready: ['optionsStateOn', 'on'],
  'needs-key': ['optionsStateNeedsKey', 'off'],
  'needs-base-url': ['optionsStateNeedsUrl', 'off'],
  'needs-cookies': ['optionsStateCookies', 'muted'],
  offline: ['optionsStateOffline', 'off'],
  off: ['optionsStateOff', 'off'],
  unavailable: ['optionsStateUnavailable', 'off'],
};

/** The summary line's state: the shared rule the pickers and the worker use. */
function ProviderState({ info, model }: { info: ProviderInfo; model: OptionsModel }) {
  const state = providerState(
    info,
    providerSettings(model.settings.value, info.id),
    model.found.value,
  );
  const [key, tone] = STATE_TEXT[state.kind];
  const text =
    state.kind === 'offline'
      ? state.since
        ? t('optionsStateOffline', state.since)
        : t('optionsStateNotFound')
      : t(key);
  return (
    <span
      class={`provider-state state-${tone}`}
      data-testid="provider-state"
      data-state={state.kind}
    >
      {text}
    </span>
  );
}
