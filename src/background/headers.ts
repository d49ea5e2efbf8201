// Header rewriting for provider requests (docs/design.md, "Headers and cookies"; spec "Forbidden
// headers"): Origin, Referer and User-Agent cannot be set by fetch(), so each adapter declares them
// (`requestHeaderRules(baseUrl)`) and this module installs them as declarativeNetRequest *session*
// rules, scoped to the extension's own requests, just before the request is made.
//
// - One rule per provider, with a deterministic id (FIRST_RULE_ID + the provider's place in the
//   list), so a base-URL change replaces the provider's rule instead of piling up new ones.
// - Scope: `tabIds: [-1]` (not from a tab), `initiatorDomains: [extension id]`, `requestDomains:
//   [host of B]`, `resourceTypes: ['xmlhttprequest']` as the spec says, plus `urlFilter: |B/`, so
//   two providers on one host (every mock server is on 127.0.0.1) do not rewrite each other's
//   requests. See docs/decisions/header-rules-url-filter.md.
// - Rules of other providers whose scope overlaps (Aichat and Aichat legacy share chat-gpt.org/api)
//   are removed in the same atomic update: the request about to be made gets exactly its own
//   provider's headers.
// - Installs are serialised, so concurrent requests never race on rule ids.
import type { SessionRule, SessionRulesApi } from '../platform/platform';
import type { HeaderRule, ProviderAdapter } from '../providers/types';

export type { SessionRule, SessionRulesApi };

/** Our block of session-rule ids; ids outside it belong to someone else and are never touched. */
export const FIRST_RULE_ID = 1_000;
export const RULE_ID_BLOCK = 1_000;

export interface HeaderRuleInstaller {
  /** Installs `adapter`'s rules for base URL `baseUrl` (and removes stale or conflicting ones). */
  install(adapter: ProviderAdapter, baseUrl: URL): Promise<void>;
}

export function ruleIdFor(providers: readonly { id: string }[], providerId: string): number {
  const index = providers.findIndex((p) => p.id === providerId);
  if (index === -1 || index >= RULE_ID_BLOCK) {
    throw new Error(`No header-rule id for provider "${providerId}".`);
  }
  return FIRST_RULE_ID + index;
}

const ours = (id: number) => id >= FIRST_RULE_ID && id < FIRST_RULE_ID + RULE_ID_BLOCK;

/** `|B/`, anchored at the start of the URL; none when B holds urlFilter's special characters. */
export function urlFilterFor(baseUrl: URL): string | undefined {
  const prefix = `${baseUrl.href.replace(/\/+$/, '')}/`;
  // urlFilter is ASCII only, and `*`, `^` and `|` are its syntax.
  return /^[\x21-\x7e]+$/.test(prefix) && !/[*^|]/.test(prefix) ? `|${prefix}` : undefined;
}

export function ruleFor(
  id: number,
  rules: readonly HeaderRule[],
  baseUrl: URL,
  /** The extension page host the rule's initiatorDomains names: Platform.ruleInitiator. */
  initiator: string,
): SessionRule {
  const urlFilter = urlFilterFor(baseUrl);
  return {
    id,
    priority: 1,
    action: {
      type: 'modifyHeaders',
      requestHeaders: rules.map((rule) =>
        rule.operation === 'set'
          ? { header: rule.header, operation: 'set', value: rule.value }
          : { header: rule.header, operation: 'remove' },
      ),
    },
    condition: {
      ...(urlFilter === undefined ? {} : { urlFilter }),
      requestDomains: [baseUrl.hostname.replace(/^\[(.*)\]$/, '$1')],
      initiatorDomains: [initiator],
      tabIds: [-1],
      resourceTypes: ['xmlhttprequest'],
    },
  };
}

function domainsOverlap(a: string[] | undefined, b: string[] | undefined): boolean {
  if (!a || !b) return true;
  return a.some((x) => b.some((y) => x === y || x.endsWith(`.${y}`) || y.endsWith(`.${x}`)));
}

/** Could one request match both rules? (Same host, and one URL prefix contains the other.) */
export function scopesOverlap(a: SessionRule, b: SessionRule): boolean {
  if (!domainsOverlap(a.condition.requestDomains, b.condition.requestDomains)) return false;
  const fa = a.condition.urlFilter?.toLowerCase();
  const fb = b.condition.urlFilter?.toLowerCase();
  if (fa === undefined || fb === undefined) return true;
  return fa.startsWith(fb) || fb.startsWith(fa);
}

/** Our fields only: Chrome may return a rule with defaults filled in. */
function comparable(rule: SessionRule): string {
  const { urlFilter, requestDomains, initiatorDomains, tabIds, resourceTypes } = rule.condition;
  return JSON.stringify([
    rule.id,
    rule.priority ?? 1,
    rule.action.type,
    rule.action.requestHeaders ?? [],
    [urlFilter, requestDomains, initiatorDomains, tabIds, resourceTypes],
  ]);
}

export function createHeaderRuleInstaller(deps: {
  api: SessionRulesApi;
  /** Platform.ruleInitiator: the extension id in Chrome, the moz-extension host in Firefox. */
  initiator: string;
  providers: readonly { id: string }[];
}): HeaderRuleInstaller {
  let queue: Promise<unknown> = Promise.resolve();

  async function installNow(adapter: ProviderAdapter, baseUrl: URL): Promise<void> {
    const id = ruleIdFor(deps.providers, adapter.id);
    const headerRules = adapter.requestHeaderRules?.(baseUrl) ?? [];
    const wanted =
      headerRules.length > 0 ? ruleFor(id, headerRules, baseUrl, deps.initiator) : undefined;
    const existing = (await deps.api.getSessionRules()).filter((rule) => ours(rule.id));
    const remove = existing.filter(
      (rule) => rule.id === id || (wanted !== undefined && scopesOverlap(rule, wanted)),
    );
    const current = existing.find((rule) => rule.id === id);
    const unchanged =
      wanted !== undefined &&
      current !== undefined &&
      comparable(current) === comparable(wanted) &&
      remove.every((rule) => rule.id === id);
    if (unchanged || (wanted === undefined && remove.length === 0)) return;
    // One call: Chrome applies the removals and the additions atomically.
    await deps.api.updateSessionRules({
      removeRuleIds: remove.map((rule) => rule.id),
      addRules: wanted ? [wanted] : [],
    });
  }

  return {
    install(adapter, baseUrl) {
      const run = queue.then(() => installNow(adapter, baseUrl));
      queue = run.catch(() => undefined);
      return run;
    },
  };
}
