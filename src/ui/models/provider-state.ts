// What the chat view's provider picker says about each provider: ready, or what it still needs.
// Pure functions of the provider's registry entry and its settings, so the picker follows a
// settings change the moment storage reports it.
import type { ProviderInfo } from '../../shared/protocol';
import { providerSettings, type ProviderSettings, type Settings } from '../../shared/settings';

export type ProviderState =
  | { kind: 'ready' }
  /** An API key is required and none is set. */
  | { kind: 'needs-key' }
  /** The default base URL is a placeholder and none is set. */
  | { kind: 'needs-base-url' }
  /** Answers only with a session (cookies) at its site; the browser's own cookies are sent. */
  | { kind: 'needs-cookies' }
  /** The public service has been offline since `since`, and no other base URL is set. */
  | { kind: 'offline'; since: string }
  /** Switched off in the settings (shown only as a conversation's own provider). */
  | { kind: 'off' };

/**
 * One state per provider, the most important first: switched off, offline (a base URL pointing
 * at a mirror lifts it), then what setup it still needs.
 */
export function providerState(info: ProviderInfo, own: ProviderSettings): ProviderState {
  if (own.enabled === false) return { kind: 'off' };
  const baseUrl = own.baseUrl?.trim();
  if (info.status && !info.status.working && !baseUrl) {
    return { kind: 'offline', since: info.status.checked };
  }
  if (info.info?.baseUrlRequired && !baseUrl) return { kind: 'needs-base-url' };
  const keyRequired = info.info?.apiKey === 'required' || info.capabilities.auth === 'api-key';
  if (keyRequired && !own.apiKey?.trim()) return { kind: 'needs-key' };
  if (info.capabilities.auth === 'browser-cookies') return { kind: 'needs-cookies' };
  return { kind: 'ready' };
}

export type PickerGroup = 'ready' | 'setup' | 'offline';

export interface PickerEntry {
  info: ProviderInfo;
  state: ProviderState;
}

/**
 * The providers the picker offers, in registry order, grouped: ready to use, needing setup,
 * offline. Providers switched off are left out, except `current` (a reopened conversation keeps
 * showing its provider).
 */
export function pickerEntries(
  providers: readonly ProviderInfo[],
  settings: Settings,
  current: string,
): Record<PickerGroup, PickerEntry[]> {
  const groups: Record<PickerGroup, PickerEntry[]> = { ready: [], setup: [], offline: [] };
  for (const info of providers) {
    const state = providerState(info, providerSettings(settings, info.id));
    if (state.kind === 'off' && info.id !== current) continue;
    groups[groupOf(state)].push({ info, state });
  }
  return groups;
}

export function groupOf(state: ProviderState): PickerGroup {
  switch (state.kind) {
    case 'ready':
      return 'ready';
    case 'offline':
      return 'offline';
    default:
      return 'setup';
  }
}
