import { useSignalEffect } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import type { ChatModel } from '../models/chat-model';
import { AUTO_PROVIDER } from '../models/chat-model';
import {
  pickerEntries,
  providerState,
  type PickerEntry,
  type PickerGroup,
  type ProviderState,
} from '../models/provider-state';
import { acceptsInput, isUsable } from '../../shared/provider-state';
import { providerSettings } from '../../shared/settings';
import { t, type MessageKey } from '../../shared/i18n';
import { leavesDevice } from '../models/device-mark';

const GROUPS: ReadonlyArray<[PickerGroup, MessageKey]> = [
  ['ready', 'providerGroupReady'],
  ['setup', 'providerGroupSetup'],
  ['absent', 'providerGroupAbsent'],
  ['legacy', 'providerGroupLegacy'],
];

/**
 * A native <select>: option values are provider ids, `auto` first for the fallback chain (stable
 * test surface). Each label says the provider's state; providers switched off are left out unless
 * the conversation uses one. Follows the settings as they change.
 */
export function ProviderSelect({
  model,
  onChange,
}: {
  model: ChatModel;
  onChange?: (id: string) => void;
}) {
  const current = model.providerId.value;
  const groups = pickerEntries(
    model.providers.value,
    model.settings.value,
    current,
    model.found.value,
  );
  const chosen = model.providers.value.find((p) => p.id === current);
  const cloud =
    chosen !== undefined && leavesDevice(chosen, providerSettings(model.settings.value, current));
  // With an image attached, a provider that takes none is not offered (the worker's rule).
  const needs = model.attachments.needs.value;
  return (
    <label class={`provider-picker${cloud ? ' provider-picker-cloud' : ''}`}>
      <span class="visually-hidden">{t('providerLabel')}</span>
      {cloud && (
        <span class="leaves-device" data-testid="leaves-device">
          {t('deviceLeaves')}
        </span>
      )}
      <select
        data-testid="provider-select"
        value={current}
        disabled={model.streaming.value}
        onChange={(event) => {
          model.pickProvider(event.currentTarget.value);
          onChange?.(event.currentTarget.value);
        }}
      >
        <option value={AUTO_PROVIDER} data-state="ready" title={t('providerAutoHint')}>
          {t('providerAuto')}
        </option>
        {GROUPS.map(([group, label]) =>
          groups[group].length === 0 ? null : (
            <optgroup key={group} label={t(label)}>
              {groups[group].map((entry) => {
                const takes = acceptsInput(entry.info, needs);
                return (
                  <option
                    key={entry.info.id}
                    value={entry.info.id}
                    data-state={entry.state.kind}
                    disabled={!takes && entry.info.id !== current}
                    data-takes-images={entry.info.capabilities.input.images}
                  >
                    {takes ? optionLabel(entry) : t('providerNoImages', entry.info.displayName)}
                  </option>
                );
              })}
            </optgroup>
          ),
        )}
      </select>
    </label>
  );
}

function optionLabel({ info, state }: PickerEntry): string {
  const name = info.displayName;
  switch (state.kind) {
    case 'ready':
      return name;
    case 'needs-key':
      return t('providerNeedsKey', name);
    case 'needs-base-url':
      return t('providerNeedsBaseUrl', name);
    case 'needs-cookies':
      return t('providerNeedsCookies', name);
    case 'offline':
      return state.since ? t('providerOffline', [name, state.since]) : t('providerNotFound', name);
    case 'off':
      return t('providerOff', name);
    case 'unavailable':
      return t('providerUnavailable', name);
  }
}

/** The chosen provider and its state; undefined for Auto or before the providers arrive. */
function chosenProvider(model: ChatModel) {
  const id = model.providerId.value;
  if (id === AUTO_PROVIDER) return undefined;
  const info = model.providers.value.find((p) => p.id === id);
  if (!info) return undefined;
  return {
    info,
    state: providerState(info, providerSettings(model.settings.value, id), model.found.value),
  };
}

/**
 * The chosen provider's models, when it offers more than one: a native <select> whose values are
 * model ids ('' = the provider's own default). Listable providers are asked for their list after
 * the first paint, when the provider or its settings change; the choice is remembered as
 * settings.providers[id].model and sent with the next message.
 */
export function ModelSelect({ model }: { model: ChatModel }) {
  useSignalEffect(() => {
    const id = model.providerId.value;
    void model.providers.value;
    void model.settings.value;
    if (id !== AUTO_PROVIDER) model.loadModels(id);
  });
  const select = useRef<HTMLSelectElement>(null);
  const request = model.modelPickerRequest.value;
  // The fix for `model-not-found` asks for the list to open (still inside the click's activation).
  useEffect(() => {
    if (request === 0) return;
    const el = select.current;
    if (!el) return;
    el.focus();
    try {
      el.showPicker();
    } catch {
      // Not supported, or no user activation left: the focused select is one key away.
    }
  }, [request]);
  const chosen = chosenProvider(model);
  if (!chosen || !isUsable(chosen.state)) return null;
  const id = chosen.info.id;
  const value = model.modelFor(id) ?? '';
  const listed = model.modelOptions(id);
  const options =
    value && !listed.some((m) => m.id === value) ? [{ id: value }, ...listed] : listed;
  if (options.length < 2) return null;
  return (
    <label class="model-picker">
      <span class="visually-hidden">{t('modelLabel')}</span>
      <select
        ref={select}
        data-testid="model-select"
        title={t('modelLabel')}
        value={value}
        disabled={model.streaming.value}
        onFocus={() => model.loadModels(id)}
        onChange={(event) => void model.pickModel(event.currentTarget.value)}
      >
        <option value="">{t('modelDefault')}</option>
        {options.map((m) => (
          <option key={m.id} value={m.id}>
            {m.name ?? m.id}
          </option>
        ))}
      </select>
    </label>
  );
}

const HINTS: Partial<Record<ProviderState['kind'], MessageKey>> = {
  'needs-key': 'providerHintKey',
  'needs-base-url': 'providerHintBaseUrl',
  off: 'providerHintOff',
  unavailable: 'providerHintUnavailable',
};

/** Under the toolbar: what the chosen provider still needs, with a way to its settings. */
export function ProviderHint({ model }: { model: ChatModel }) {
  const chosen = chosenProvider(model);
  // A local server detection did not find (a seed service's "offline since" is in its label).
  const notRunning = chosen?.state.kind === 'offline' && !chosen.state.since;
  const hint = chosen && (notRunning ? 'providerHintNotRunning' : HINTS[chosen.state.kind]);
  if (!chosen || !hint) return null;
  const { id, displayName } = chosen.info;
  return (
    <p class="provider-hint" data-testid="provider-hint" data-state={chosen.state.kind}>
      <span>{t(hint, displayName)}</span>
      <button
        type="button"
        class="button button-quiet"
        data-testid="provider-settings-button"
        onClick={() => model.actions.openProviderSettings(id)}
      >
        {t('fixOpenSettings', displayName)}
      </button>
    </p>
  );
}
