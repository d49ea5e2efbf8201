// One provider's settings form: the text fields as typed, and how they become settings. Pure, so
// the rules (what a valid base URL, temperature or timeout is) are tested without a page.
import { isHttpUrl, trimBase } from '../../shared/base-url';
import type { MessageKey } from '../../shared/i18n';
import type { ProviderInfo } from '../../shared/protocol';
import { enabledInForm } from '../../shared/provider-state';
import type { ProviderSettings } from '../../shared/settings';

export interface ProviderDraft {
  enabled: boolean;
  baseUrl: string;
  apiKey: string;
  model: string;
  temperature: string;
  systemPrompt: string;
  /** Seconds, as typed. */
  timeout: string;
  /** Tokens, as typed (the context meter's window where Parley knows none). */
  contextWindow: string;
}

export type DraftField = keyof ProviderDraft;

export const TEMPERATURE_MAX = 2;
export const TIMEOUT_MAX_SECONDS = 3_600;
export const CONTEXT_WINDOW_MIN = 256;
export const CONTEXT_WINDOW_MAX = 100_000_000;

/** Whether the form shows an API key field. */
export function takesApiKey(info: ProviderInfo): boolean {
  return (
    info.capabilities.auth === 'api-key' ||
    info.info?.apiKey === 'required' ||
    info.info?.apiKey === 'optional'
  );
}

/** Models that run in the browser have no server, so no base URL. */
export function hasBaseUrl(info: ProviderInfo): boolean {
  return info.info?.runs !== 'browser';
}

export function draftFrom(info: ProviderInfo, own: ProviderSettings): ProviderDraft {
  return {
    enabled: enabledInForm(info, own),
    baseUrl: own.baseUrl ?? '',
    apiKey: own.apiKey ?? '',
    model: own.model ?? '',
    temperature: own.temperature === undefined ? '' : String(own.temperature),
    systemPrompt: own.systemPrompt ?? '',
    timeout: own.timeoutMs === undefined ? '' : String(own.timeoutMs / 1000),
    contextWindow: own.contextWindow === undefined ? '' : String(own.contextWindow),
  };
}

export type DraftResult =
  { ok: true; settings: ProviderSettings } | { ok: false; field: DraftField; error: MessageKey };

/**
 * The settings a draft stands for, or the first field that is wrong. Empty fields mean "default".
 * `stored` is what the draft was made from: `enabled` is written only when the person changed the
 * checkbox, so a key added to a provider whose box they never touched makes it ready at once.
 */
export function settingsFromDraft(
  info: ProviderInfo,
  draft: ProviderDraft,
  stored: ProviderSettings = {},
): DraftResult {
  const settings: ProviderSettings = {};
  const baseUrl = draft.baseUrl.trim();
  if (baseUrl) {
    if (!isHttpUrl(baseUrl)) return { ok: false, field: 'baseUrl', error: 'optionsBaseUrlInvalid' };
    settings.baseUrl = trimBase(baseUrl);
  } else if (draft.enabled && info.info?.baseUrlRequired) {
    // A custom endpoint cannot answer without its address.
    return { ok: false, field: 'baseUrl', error: 'optionsBaseUrlRequired' };
  }
  const apiKey = draft.apiKey.trim();
  if (apiKey) settings.apiKey = apiKey;
  const model = draft.model.trim();
  if (model) settings.model = model;
  const temperature = draft.temperature.trim().replace(',', '.');
  if (temperature) {
    const value = Number(temperature);
    if (!Number.isFinite(value) || value < 0 || value > TEMPERATURE_MAX) {
      return { ok: false, field: 'temperature', error: 'optionsTemperatureInvalid' };
    }
    settings.temperature = value;
  }
  if (draft.systemPrompt.trim()) settings.systemPrompt = draft.systemPrompt;
  const timeout = draft.timeout.trim().replace(',', '.');
  if (timeout) {
    const seconds = Number(timeout);
    if (!Number.isFinite(seconds) || seconds < 1 || seconds > TIMEOUT_MAX_SECONDS) {
      return { ok: false, field: 'timeout', error: 'optionsTimeoutInvalid' };
    }
    settings.timeoutMs = Math.round(seconds * 1000);
  }
  const contextWindow = draft.contextWindow.trim().replace(/[\s_']/g, '');
  if (contextWindow) {
    const tokens = Number(contextWindow);
    if (!Number.isInteger(tokens) || tokens < CONTEXT_WINDOW_MIN || tokens > CONTEXT_WINDOW_MAX) {
      return { ok: false, field: 'contextWindow', error: 'optionsContextWindowInvalid' };
    }
    settings.contextWindow = tokens;
  }
  if (draft.enabled !== enabledInForm(info, stored)) settings.enabled = draft.enabled;
  else if (stored.enabled !== undefined) settings.enabled = stored.enabled;
  return { ok: true, settings };
}
