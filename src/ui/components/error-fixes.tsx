// The fix for an error, as a button next to it. Chosen by error code only (docs/design.md: the UI
// never switches on provider ids or message text).
import { useEffect, useState } from 'preact/hooks';
import type { MessageRecord } from '../../shared/protocol';
import type { ErrorCode } from '../../shared/errors';
import { t } from '../../shared/i18n';
import { AUTO_PROVIDER, type ChatModel } from '../models/chat-model';
import { acceptsInput, isUsable, providerState } from '../../shared/provider-state';
import { providerSettings } from '../../shared/settings';
import { httpOrigin } from '../../shared/base-url';

type Fix = 'settings' | 'permission' | 'cookies' | 'new-chat' | 'model';

const FIXES: Partial<Record<ErrorCode, Fix>> = {
  'auth-missing': 'settings',
  'auth-invalid': 'settings',
  'config-missing': 'settings',
  'model-not-found': 'model',
  'quota-exceeded': 'settings',
  network: 'settings',
  timeout: 'settings',
  'bad-response': 'settings',
  'permission-missing': 'permission',
  'cookies-missing': 'cookies',
  'context-too-long': 'new-chat',
  // 'input-unsupported': Retry with offers only providers that take images (RetryWith).
};

export function fixFor(code: ErrorCode): Fix | undefined {
  return FIXES[code];
}

export function ErrorFixes({
  model,
  record,
  canRetry,
}: {
  model: ChatModel;
  record: MessageRecord;
  canRetry: boolean;
}) {
  const error = record.error;
  if (!error) return null;
  const providerId = error.providerId ?? record.providerId;
  const fix = fixFor(error.code);
  return (
    <div class="error-fixes">
      {fix === 'settings' && (
        <button
          type="button"
          class="button"
          data-testid="fix-settings-button"
          onClick={() => model.actions.openProviderSettings(providerId)}
        >
          {t('fixOpenSettings', model.providerName(providerId) || t('errorGeneric'))}
        </button>
      )}
      {fix === 'model' && providerId && providerId !== AUTO_PROVIDER && (
        <button
          type="button"
          class="button button-primary"
          data-testid="fix-model-button"
          onClick={() => chooseModel(model, providerId)}
        >
          {t('fixChooseModel')}
        </button>
      )}
      {fix === 'permission' && (
        <GrantAccess model={model} origin={permissionOrigin(model, providerId, error.detail)} />
      )}
      {fix === 'cookies' && providerId && (
        <OpenSite model={model} providerId={providerId} page={httpUrl(error.detail)} />
      )}
      {fix === 'new-chat' && (
        <button
          type="button"
          class="button"
          data-testid="fix-new-chat-button"
          onClick={() => {
            model.newChat();
            model.focusRequest.value++;
          }}
        >
          {t('newChatButton')}
        </button>
      )}
      {canRetry && <RetryWith model={model} current={providerId} messageId={record.id} />}
    </div>
  );
}

/**
 * The fix for `model-not-found`: the failed provider in the picker and its model list open; a
 * provider whose models cannot be listed here has its settings opened at the Model field instead.
 */
function chooseModel(model: ChatModel, providerId: string): void {
  if (model.modelOptions(providerId).length === 0 && !canList(model, providerId)) {
    model.actions.openProviderSettings(providerId);
    return;
  }
  if (model.providerId.value !== providerId) model.pickProvider(providerId);
  model.loadModels(providerId);
  model.modelPickerRequest.value++;
}

function canList(model: ChatModel, providerId: string): boolean {
  return model.providers.value.find((p) => p.id === providerId)?.capabilities.models === 'listable';
}

/** The runner names the refused origin in `detail`; the provider's default site otherwise. */
function permissionOrigin(
  model: ChatModel,
  providerId: string | undefined,
  detail: string | undefined,
): string | undefined {
  return httpOrigin(detail) ?? httpOrigin(defaultBaseUrl(model, providerId));
}

function defaultBaseUrl(model: ChatModel, providerId: string | undefined): string | undefined {
  return model.providers.value.find((p) => p.id === providerId)?.defaultBaseUrl;
}

function GrantAccess({ model, origin }: { model: ChatModel; origin: string | undefined }) {
  const [denied, setDenied] = useState(false);
  if (!origin) return null;
  return (
    <>
      <button
        type="button"
        class="button button-primary"
        data-testid="fix-permission-button"
        onClick={() => {
          // First thing in the click: the permission prompt needs this user gesture.
          void model.actions.requestHostAccess(origin).then((granted) => {
            setDenied(!granted);
            const last = model.messages.value.at(-1)?.record.value;
            if (granted && last?.role === 'assistant') model.retry(last.id);
          });
        }}
      >
        {t('fixGrantAccess', new URL(origin).host)}
      </button>
      {denied && (
        <p class="error-fix-note" role="status">
          {t('fixAccessDenied')}
        </p>
      )}
    </>
  );
}

/** `value` when it is an http(s) URL. */
function httpUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Opens the provider's site to get its cookies: the page the error names (Aichat: `B/chat`, with
 * the base URL the user set — spec section 4), else the site at the base URL the user set, else its
 * default.
 */
function OpenSite({
  model,
  providerId,
  page,
}: {
  model: ChatModel;
  providerId: string;
  page?: string | undefined;
}) {
  const [site, setSite] = useState(() => httpOrigin(defaultBaseUrl(model, providerId)));
  useEffect(() => {
    let live = true;
    void model.actions.baseUrlOverride(providerId).then((override) => {
      const origin = httpOrigin(override);
      if (live && origin) setSite(origin);
    });
    return () => {
      live = false;
    };
  }, [model, providerId]);
  if (!site) return null;
  return (
    <button
      type="button"
      class="button button-primary"
      data-testid="fix-cookies-button"
      onClick={() => model.actions.openTab(page ?? `${site}/`)}
    >
      {t('fixOpenSite', new URL(page ?? site).host)}
    </button>
  );
}

/** Whether the reply `messageId` answers a user message with an image. */
function answersImage(model: ChatModel, messageId: string): boolean {
  const records = model.messages.value.map((m) => m.record.value);
  const at = records.findIndex((r) => r.id === messageId);
  const asked = records.slice(0, at < 0 ? records.length : at).findLast((r) => r.role === 'user');
  return asked?.attachments?.some((a) => a.kind === 'image') ?? false;
}

/** Retry with another provider: a list and a button (a change of the list alone never sends). */
function RetryWith({
  model,
  current,
  messageId,
}: {
  model: ChatModel;
  current: string | undefined;
  messageId: string;
}) {
  // Only providers a send may go to now: the same state rule as the pickers, and (for a message
  // with an image) the same input rule as the worker.
  const settings = model.settings.value;
  const found = model.found.value;
  const needs = { images: answersImage(model, messageId) };
  const ready = model.providers.value.filter(
    (p) =>
      isUsable(providerState(p, providerSettings(settings, p.id), found)) && acceptsInput(p, needs),
  );
  const others = [
    { id: AUTO_PROVIDER, name: t('providerAuto') },
    ...ready.map((p) => ({ id: p.id, name: p.displayName })),
  ].filter((p) => p.id !== current);
  const [choice, setChoice] = useState(others[0]?.id ?? '');
  if (others.length === 0) return null;
  const selected = others.some((p) => p.id === choice) ? choice : others[0]!.id;
  return (
    <span class="retry-with">
      <label>
        <span class="visually-hidden">{t('retryWithLabel')}</span>
        <select
          data-testid="retry-provider-select"
          title={t('retryWithLabel')}
          value={selected}
          onChange={(event) => setChoice(event.currentTarget.value)}
        >
          {others.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        class="button"
        data-testid="retry-with-button"
        onClick={() => model.retry(messageId, selected)}
      >
        {t('retryWithButton')}
      </button>
    </span>
  );
}
