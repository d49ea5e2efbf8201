// A provider's state: one rule for the worker (which providers Auto tries, what the runner and the
// model list check before sending), both pickers, the setup card and the options page, so what a
// view shows is what a send does. docs/decisions/one-provider-state.md.
import type { ProviderInfo } from './protocol';
import type { ProviderSettings } from './settings';

export type ProviderState =
  | { kind: 'ready' }
  /** An API key is required and none is set. */
  | { kind: 'needs-key' }
  /** The default base URL is a placeholder and none is set. */
  | { kind: 'needs-base-url' }
  /** Answers only with a session (cookies) at its site; the browser's own cookies are sent. */
  | { kind: 'needs-cookies' }
  /**
   * A public seed service offline since `since` (no mirror set, not opted into), or a local
   * server that detection did not find (no `since`).
   */
  | { kind: 'offline'; since?: string }
  /** Switched off by the person (the checkbox in the settings). */
  | { kind: 'off' }
  /** A model in the browser that this browser cannot run. */
  | { kind: 'unavailable' };

export type ProviderStateKind = ProviderState['kind'];

/** What the rule needs to know of a provider; a ProviderInfo and a ProviderAdapter both fit. */
export type StateFacts = Pick<ProviderInfo, 'id' | 'capabilities' | 'info' | 'status'>;

/**
 * What was found on this machine (setup detection), when the caller has it: whether each local
 * server answered, and whether the browser can run its model. Without it the rule assumes they can
 * (the worker tries, and a failure is an ordinary error).
 */
export interface FoundHere {
  /** Per provider id: 'running' | 'refused' | 'absent'. Providers not listed were not probed. */
  local?: ReadonlyMap<string, 'running' | 'refused' | 'absent'>;
  /** The browser's built-in model. */
  builtin?: 'unavailable' | 'downloadable' | 'downloading' | 'available';
}

/**
 * The rule, the most important first: switched off; an offline seed service (a mirror base URL, or
 * the person switching it on, lifts it — the seed domains may have changed hands, so nothing is
 * sent there unless they ask); what setup it still needs; what this machine lacks; else ready.
 */
export function providerState(
  facts: StateFacts,
  own: ProviderSettings,
  found: FoundHere = {},
): ProviderState {
  if (own.enabled === false) return { kind: 'off' };
  const baseUrl = own.baseUrl?.trim();
  if (facts.status?.working === false && !baseUrl && own.enabled !== true) {
    return { kind: 'offline', since: facts.status.checked };
  }
  const missing = missingSetup(facts, own);
  if (missing) return { kind: missing };
  if (facts.info?.runs === 'browser' && found.builtin === 'unavailable') {
    return { kind: 'unavailable' };
  }
  if (facts.info?.runs === 'local-server' && !baseUrl && found.local?.get(facts.id) === 'absent') {
    return { kind: 'offline' };
  }
  if (facts.capabilities.auth === 'browser-cookies') return { kind: 'needs-cookies' };
  return { kind: 'ready' };
}

/**
 * What the settings still lack before anything can be sent, whether or not the provider is on: the
 * worker's pre-send check and the state above share it.
 */
export function missingSetup(
  facts: StateFacts,
  own: ProviderSettings,
): 'needs-base-url' | 'needs-key' | undefined {
  if (facts.info?.baseUrlRequired && !own.baseUrl?.trim()) return 'needs-base-url';
  if (keyRequired(facts) && !own.apiKey?.trim()) return 'needs-key';
  return undefined;
}

export function keyRequired(facts: StateFacts): boolean {
  return facts.info?.apiKey === 'required' || facts.capabilities.auth === 'api-key';
}

/** Whether a send may be tried: ready, or ready once the site's cookies are there. */
export function isUsable(state: ProviderState): boolean {
  return state.kind === 'ready' || state.kind === 'needs-cookies';
}

/**
 * What the "Enabled" checkbox shows: on unless switched off — except an offline seed service, which
 * is off until the person switches it on or sets a mirror.
 */
export function enabledInForm(facts: StateFacts, own: ProviderSettings): boolean {
  if (own.enabled !== undefined) return own.enabled;
  return !(facts.status?.working === false && !own.baseUrl?.trim());
}

/** The seed services whose public sites went offline: listed apart, as "Legacy services — for mirrors". */
export function isLegacy(facts: StateFacts): boolean {
  return facts.status?.working === false;
}

/**
 * What a message asks of a provider besides text (documents always go, as text). Only the message
 * being answered counts: images earlier in a conversation go to providers that take them and are
 * left out for the rest (their documents and text still go).
 */
export interface InputNeeds {
  images: boolean;
}

/**
 * Whether a provider can take a message: the one rule for the worker (the runner refuses, Auto
 * skips) and the views (a picker does not offer a provider that takes no images for a message
 * with one). docs/protocol.md, "Attachments".
 */
export function acceptsInput(
  facts: { capabilities: { input: { images: boolean } } },
  needs: InputNeeds | undefined,
): boolean {
  return !needs?.images || facts.capabilities.input.images;
}
