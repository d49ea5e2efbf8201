// A behavioural fake of chrome.declarativeNetRequest's session rules: it stores rules, applies an
// update atomically (removals, then additions; the whole update fails and changes nothing when a
// rule is invalid or an id is taken, as Chrome does), and evaluates which headers a request would
// carry. Only the rule features Parley uses are understood; anything else throws, so a test never
// passes by accident.
import type { SessionRule } from '../../src/platform/platform';

/** The rules Parley writes (src/platform/platform.ts); one declaration of their shape. */
export type FakeRule = SessionRule;

export interface FakeRequest {
  url: string;
  /** The initiator's host: the extension id for the extension's own requests. */
  initiator: string;
  /** -1 for requests that do not come from a tab (the service worker's). */
  tabId: number;
  type: string;
  headers: Record<string, string>;
}

export interface FakeDnr {
  getSessionRules(): Promise<FakeRule[]>;
  updateSessionRules(options: { removeRuleIds?: number[]; addRules?: FakeRule[] }): Promise<void>;
  /** Every update, in order. */
  updates: Array<{ removeRuleIds?: number[]; addRules?: FakeRule[] }>;
  /** The request's headers after the matching rules (names lower-cased). */
  headersFor(request: FakeRequest): Record<string, string>;
}

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

function validate(rule: FakeRule): void {
  if (!Number.isInteger(rule.id) || rule.id < 1) throw new Error(`Rule with id ${rule.id}: bad id`);
  if (rule.action.type !== 'modifyHeaders') throw new Error('fake: only modifyHeaders');
  const headers = rule.action.requestHeaders ?? [];
  if (headers.length === 0) throw new Error(`Rule with id ${rule.id}: no headers to modify`);
  for (const h of headers) {
    if (h.operation === 'set' && typeof h.value !== 'string') {
      throw new Error(`Rule with id ${rule.id}: set without a value`);
    }
    if (h.operation === 'remove' && h.value !== undefined) {
      throw new Error(`Rule with id ${rule.id}: remove with a value`);
    }
    if (h.operation !== 'set' && h.operation !== 'remove') throw new Error('fake: set/remove only');
  }
  for (const domain of rule.condition.requestDomains ?? []) {
    if (domain !== domain.toLowerCase() || domain.includes(':') || domain.includes('/')) {
      throw new Error(`Rule with id ${rule.id}: requestDomains entry "${domain}" is not a host`);
    }
  }
  const filter = rule.condition.urlFilter;
  if (filter !== undefined && (!filter.startsWith('|') || /[*^]|\|.*\|/.test(filter.slice(1)))) {
    throw new Error('fake: only `|prefix` urlFilters');
  }
}

const domainMatches = (host: string, domains: string[]) =>
  domains.some((d) => host === d || host.endsWith(`.${d}`));

function matches(rule: FakeRule, request: FakeRequest): boolean {
  const url = new URL(request.url);
  const c = rule.condition;
  if (c.requestDomains && !domainMatches(url.hostname, c.requestDomains)) return false;
  if (c.initiatorDomains && !domainMatches(request.initiator, c.initiatorDomains)) return false;
  if (c.tabIds && !c.tabIds.includes(request.tabId)) return false;
  if (c.resourceTypes && !c.resourceTypes.includes(request.type)) return false;
  if (c.urlFilter && !url.href.toLowerCase().startsWith(c.urlFilter.slice(1).toLowerCase())) {
    return false;
  }
  return true;
}

export function createFakeDnr(initial: FakeRule[] = []): FakeDnr {
  let rules = clone(initial);
  const updates: FakeDnr['updates'] = [];
  return {
    updates,
    async getSessionRules() {
      return clone(rules);
    },
    async updateSessionRules(options) {
      updates.push(clone(options));
      const remove = new Set(options.removeRuleIds ?? []);
      const next = rules.filter((r) => !remove.has(r.id));
      for (const rule of options.addRules ?? []) {
        validate(rule);
        if (next.some((r) => r.id === rule.id)) {
          throw new Error(`Rule with id ${rule.id} does not have a unique ID.`);
        }
        next.push(clone(rule));
      }
      rules = next;
    },
    headersFor(request) {
      const out: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers)) out[name.toLowerCase()] = value;
      const decided = new Set<string>();
      // Higher priority first; once a rule sets or removes a header, lower ones leave it alone.
      const matching = rules
        .filter((rule) => matches(rule, request))
        .sort((a, b) => (b.priority ?? 1) - (a.priority ?? 1));
      for (const rule of matching) {
        for (const h of rule.action.requestHeaders ?? []) {
          const name = h.header.toLowerCase();
          if (decided.has(name)) continue;
          decided.add(name);
          if (h.operation === 'set') out[name] = h.value!;
          else delete out[name];
        }
      }
      return out;
    },
  };
}
