import { describe, expect, it } from 'vitest';
import { createFakeDnr, type FakeRule } from './declarative-net-request';

const rule = (id: number, extra: Partial<FakeRule['condition']> = {}): FakeRule => ({
  id,
  action: {
    type: 'modifyHeaders',
    requestHeaders: [{ header: 'User-Agent', operation: 'set', value: `ua-${id}` }],
  },
  condition: { requestDomains: ['a.example'], ...extra },
});

describe('the declarativeNetRequest fake', () => {
  it('applies removals before additions in one update, and all or nothing like Chrome', async () => {
    const dnr = createFakeDnr([rule(1)]);
    await dnr.updateSessionRules({ removeRuleIds: [1], addRules: [rule(1, { tabIds: [-1] })] });
    expect((await dnr.getSessionRules())[0]?.condition.tabIds).toEqual([-1]);
    await expect(dnr.updateSessionRules({ addRules: [rule(2), rule(1)] })).rejects.toThrow(
      /unique/,
    );
    expect((await dnr.getSessionRules()).map((r) => r.id)).toEqual([1]);
    const bad = { ...rule(3), condition: { requestDomains: ['a.example:8080'] } };
    await expect(dnr.updateSessionRules({ addRules: [bad] })).rejects.toThrow(/not a host/);
  });

  it('rewrites only matching requests, the higher priority deciding a header', async () => {
    const dnr = createFakeDnr([
      rule(1, { urlFilter: '|https://a.example/x/' }),
      { ...rule(2), priority: 2 },
    ]);
    const request = (url: string) =>
      dnr.headersFor({
        url,
        initiator: 'ext',
        tabId: -1,
        type: 'xmlhttprequest',
        headers: { 'User-Agent': 'browser' },
      });
    expect(request('https://a.example/x/y')).toEqual({ 'user-agent': 'ua-2' });
    expect(request('https://sub.a.example/')).toEqual({ 'user-agent': 'ua-2' });
    expect(request('https://b.example/')).toEqual({ 'user-agent': 'browser' });
  });
});
