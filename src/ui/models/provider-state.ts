// How the pickers group providers. The state of each comes from the one rule in
// src/shared/provider-state.ts; this file only sorts them for a <select>.
import type { ProviderInfo } from '../../shared/protocol';
import {
  isLegacy,
  providerState,
  type FoundHere,
  type ProviderState,
} from '../../shared/provider-state';
import { providerSettings, type Settings } from '../../shared/settings';

export { providerState, type ProviderState } from '../../shared/provider-state';

/**
 * ready: can be used now; setup: needs a key, a base URL or the site's session; absent: a local
 * server not found or a browser model this browser cannot run; legacy: the offline seed services
 * (docs/providers/legacy-providers.md), kept for mirrors.
 */
export type PickerGroup = 'ready' | 'setup' | 'absent' | 'legacy';

export const PICKER_GROUPS: readonly PickerGroup[] = ['ready', 'setup', 'absent', 'legacy'];

export interface PickerEntry {
  info: ProviderInfo;
  state: ProviderState;
}

/**
 * The providers the picker offers, in registry order, grouped. Providers switched off are left
 * out, except `current` (a reopened conversation keeps showing its provider).
 */
export function pickerEntries(
  providers: readonly ProviderInfo[],
  settings: Settings,
  current: string,
  found: FoundHere = {},
): Record<PickerGroup, PickerEntry[]> {
  const groups: Record<PickerGroup, PickerEntry[]> = {
    ready: [],
    setup: [],
    absent: [],
    legacy: [],
  };
  for (const info of providers) {
    const state = providerState(info, providerSettings(settings, info.id), found);
    if (state.kind === 'off' && info.id !== current) continue;
    groups[groupOf(info, state)].push({ info, state });
  }
  return groups;
}

export function groupOf(info: ProviderInfo, state: ProviderState): PickerGroup {
  if (isLegacy(info)) return 'legacy';
  switch (state.kind) {
    case 'ready':
      return 'ready';
    case 'offline':
    case 'unavailable':
      return 'absent';
    default:
      return 'setup';
  }
}
