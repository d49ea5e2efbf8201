import { describe, expect, it } from 'vitest';
import {
  createHeaderRuleInstaller,
  FIRST_RULE_ID,
  ruleIdFor,
  scopesOverlap,
  urlFilterFor,
  type SessionRule,
} from './headers';
import { getProvider, providers as registry } from '../providers/registry';
import { createFakeDnr, type FakeRequest } from '../../tests/fakes/declarative-net-request';
import type { ProviderAdapter } from '../providers/types';

const EXTENSION_ID = 'abcdefghijklmnopabcdefghijklmnop';
// Rule ids follow the list the installer is given (the registry in the worker): the seed five here.
const SEED = ['chatanywhere', 'opchatgpts', 'acytoo', 'aichat', 'aichat-legacy'];
const providers = registry.filter((p) => SEED.includes(p.id));
const adapter = (id: string): ProviderAdapter => {
  const found = getProvider(id);
  if (!found) throw new Error(id);
  return found;
};

function setup(initial: SessionRule[] = []) {
  const dnr = createFakeDnr(initial);
  const installer = createHeaderRuleInstaller({ api: dnr, initiator: EXTENSION_ID, providers });
  const request = (url: string, extra: Partial<FakeRequest> = {}) =>
    dnr.headersFor({
      url,
      initiator: EXTENSION_ID,
      tabId: -1,
      type: 'xmlhttprequest',
      headers: {
        origin: `chrome-extension://${EXTENSION_ID}`,
        'user-agent': 'Chromium/156',
        accept: '*/*',
      },
      ...extra,
    });
  return { dnr, installer, request };
}

describe('header rules', () => {
  it('installs one session rule scoped to the extension’s own requests to B', async () => {
    const { dnr, installer } = setup();
    await installer.install(adapter('chatanywhere'), new URL('http://127.0.0.1:4321'));
    expect(await dnr.getSessionRules()).toMatchInlineSnapshot(`
      [
        {
          "action": {
            "requestHeaders": [
              {
                "header": "Origin",
                "operation": "set",
                "value": "http://127.0.0.1:4321",
              },
              {
                "header": "Referer",
                "operation": "set",
                "value": "http://127.0.0.1:4321/",
              },
              {
                "header": "User-Agent",
                "operation": "set",
                "value": "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/119.0",
              },
            ],
            "type": "modifyHeaders",
          },
          "condition": {
            "initiatorDomains": [
              "abcdefghijklmnopabcdefghijklmnop",
            ],
            "requestDomains": [
              "127.0.0.1",
            ],
            "resourceTypes": [
              "xmlhttprequest",
            ],
            "tabIds": [
              -1,
            ],
            "urlFilter": "|http://127.0.0.1:4321/",
          },
          "id": 1000,
          "priority": 1,
        },
      ]
    `);
    expect(dnr.updates).toHaveLength(1);
  });

  it('rewrites Origin, Referer and User-Agent of the worker’s request, and nothing else', async () => {
    const { installer, request } = setup();
    await installer.install(adapter('opchatgpts'), new URL('https://opchatgpts.net'));
    expect(request('https://opchatgpts.net/wp-json/mwai-ui/v1/chats/submit')).toEqual({
      origin: 'https://opchatgpts.net',
      referer: 'https://opchatgpts.net/chatgpt-free-use/',
      'user-agent':
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/116.0.0.0 Safari/537.36',
      accept: '*/*',
    });
    const untouched = {
      origin: `chrome-extension://${EXTENSION_ID}`,
      'user-agent': 'Chromium/156',
      accept: '*/*',
    };
    // A tab's request, another extension's, another host or port: untouched.
    const url = 'https://opchatgpts.net/wp-json/mwai-ui/v1/chats/submit';
    expect(request(url, { tabId: 3 })).toEqual(untouched);
    expect(request(url, { initiator: 'someoneelse' })).toEqual(untouched);
    expect(request(url, { type: 'main_frame' })).toEqual(untouched);
    expect(request('https://example.org/wp-json/')).toEqual(untouched);
    expect(request('https://opchatgpts.net:8443/wp-json/')).toEqual(untouched);
  });

  it('removes Acytoo’s Origin and keeps the browser’s User-Agent', async () => {
    const { installer, request } = setup();
    await installer.install(adapter('acytoo'), new URL('https://chat.acytoo.com'));
    expect(request('https://chat.acytoo.com/api/completions')).toEqual({
      'user-agent': 'Chromium/156',
      accept: '*/*',
    });
  });

  it('replaces a provider’s rule when its base URL changes: the old host is left alone', async () => {
    const { dnr, installer, request } = setup();
    await installer.install(adapter('aichat'), new URL('http://127.0.0.1:1111'));
    await installer.install(adapter('aichat'), new URL('https://mirror.example/gpt'));
    const rules = await dnr.getSessionRules();
    expect(rules.map((r) => r.id)).toEqual([ruleIdFor(providers, 'aichat')]);
    expect(rules[0]?.condition.urlFilter).toBe('|https://mirror.example/gpt/');
    expect(request('http://127.0.0.1:1111/api/text').origin).toBe(
      `chrome-extension://${EXTENSION_ID}`,
    );
    expect(request('https://mirror.example/gpt/api/text')).toMatchObject({
      origin: 'https://mirror.example',
      referer: 'https://mirror.example/gpt/chat',
    });
    expect(dnr.updates[1]).toMatchObject({ removeRuleIds: [ruleIdFor(providers, 'aichat')] });
  });

  it('does nothing when the right rule is already there', async () => {
    const { dnr, installer } = setup();
    await installer.install(adapter('chatanywhere'), new URL('https://chatanywhere.cn'));
    await installer.install(adapter('chatanywhere'), new URL('https://chatanywhere.cn'));
    expect(dnr.updates).toHaveLength(1);
  });

  it('gives each provider its own fixed id, so several providers on one host keep apart by port', async () => {
    const { dnr, installer, request } = setup();
    await installer.install(adapter('chatanywhere'), new URL('http://127.0.0.1:1001'));
    await installer.install(adapter('opchatgpts'), new URL('http://127.0.0.1:1002'));
    await installer.install(adapter('acytoo'), new URL('http://127.0.0.1:1003'));
    expect((await dnr.getSessionRules()).map((r) => r.id)).toEqual([
      FIRST_RULE_ID,
      FIRST_RULE_ID + 1,
      FIRST_RULE_ID + 2,
    ]);
    expect(request('http://127.0.0.1:1001/v1/chat/gpt/')['user-agent']).toContain('Firefox/119');
    expect(request('http://127.0.0.1:1002/wp-json/x')['user-agent']).toContain('Chrome/116');
    expect(request('http://127.0.0.1:1003/api/completions')).not.toHaveProperty('origin');
  });

  it('two providers on the same base URL: the one about to send wins, the other’s rule goes', async () => {
    const { dnr, installer, request } = setup();
    const base = new URL('https://chat-gpt.org');
    await installer.install(adapter('aichat'), base);
    expect(request('https://chat-gpt.org/api/text')['user-agent']).toContain('Chrome/118');
    await installer.install(adapter('aichat-legacy'), base);
    expect(request('https://chat-gpt.org/api/text')['user-agent']).toContain('Chrome/113');
    expect(request('https://chat-gpt.org/api/text')).not.toHaveProperty('sec-ch-ua');
    expect((await dnr.getSessionRules()).map((r) => r.id)).toEqual([
      ruleIdFor(providers, 'aichat-legacy'),
    ]);
    await installer.install(adapter('aichat'), base);
    expect(request('https://chat-gpt.org/api/text')).toMatchObject({
      'user-agent': expect.stringContaining('Chrome/118'),
      'sec-ch-ua': '"Chromium";v="118", "Google Chrome";v="118", "Not=A?Brand";v="99"',
    });
  });

  it('leaves session rules outside its id block alone', async () => {
    const foreign: SessionRule = {
      id: 7,
      action: { type: 'modifyHeaders', requestHeaders: [{ header: 'x-a', operation: 'remove' }] },
      condition: { requestDomains: ['chat-gpt.org'] },
    };
    const { dnr, installer } = setup([foreign]);
    await installer.install(adapter('aichat'), new URL('https://chat-gpt.org'));
    expect((await dnr.getSessionRules()).map((r) => r.id)).toEqual([7, 1003]);
  });

  it('serialises concurrent installs, so ids never collide', async () => {
    const { dnr, installer } = setup();
    await Promise.all([
      installer.install(adapter('chatanywhere'), new URL('http://127.0.0.1:1')),
      installer.install(adapter('chatanywhere'), new URL('http://127.0.0.1:2')),
      installer.install(adapter('opchatgpts'), new URL('http://127.0.0.1:3')),
    ]);
    const rules = await dnr.getSessionRules();
    expect(rules.map((r) => [r.id, r.condition.urlFilter])).toEqual([
      [FIRST_RULE_ID, '|http://127.0.0.1:2/'],
      [FIRST_RULE_ID + 1, '|http://127.0.0.1:3/'],
    ]);
  });

  it('a failed update rejects and does not block the next install', async () => {
    const { dnr, installer } = setup();
    const broken = {
      ...adapter('acytoo'),
      requestHeaderRules: () => [{ header: 'Origin', operation: 'set' } as never],
    };
    await expect(installer.install(broken, new URL('https://x.example'))).rejects.toThrow();
    await installer.install(adapter('acytoo'), new URL('https://x.example'));
    expect(await dnr.getSessionRules()).toHaveLength(1);
  });

  it('rejects a provider it has no id for', async () => {
    const { installer } = setup();
    const stranger = { ...adapter('acytoo'), id: 'stranger' };
    await expect(installer.install(stranger, new URL('https://x.example'))).rejects.toThrow(
      /stranger/,
    );
  });

  it('builds url filters only from plain ASCII base URLs', () => {
    expect(urlFilterFor(new URL('https://a.example/b/'))).toBe('|https://a.example/b/');
    expect(urlFilterFor(new URL('https://xn--80ak6aa92e.example'))).toBe(
      '|https://xn--80ak6aa92e.example/',
    );
    expect(urlFilterFor(new URL('https://a.example/x*y'))).toBeUndefined();
  });

  it('knows which scopes overlap', () => {
    const rule = (urlFilter: string | undefined, domain: string): SessionRule => ({
      id: 1,
      action: { type: 'modifyHeaders' },
      condition: { ...(urlFilter ? { urlFilter } : {}), requestDomains: [domain] },
    });
    expect(scopesOverlap(rule('|https://a.b/', 'a.b'), rule('|https://a.b/x/', 'a.b'))).toBe(true);
    expect(scopesOverlap(rule('|https://a.b/x/', 'a.b'), rule('|https://a.b/y/', 'a.b'))).toBe(
      false,
    );
    expect(scopesOverlap(rule(undefined, 'a.b'), rule('|https://x.a.b/', 'x.a.b'))).toBe(true);
    expect(scopesOverlap(rule(undefined, 'a.b'), rule(undefined, 'c.d'))).toBe(false);
  });
});
