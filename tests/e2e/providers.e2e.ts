// The seed providers in a real Chromium: the worker's requests to the emulators (on 127.0.0.1)
// carry the Origin/Referer/User-Agent the spec asks for, rewritten by the declarativeNetRequest
// session rules (Acytoo's Origin removed); Aichat sends the cookie a visit to the site left, and
// without one reports cookies-missing without sending anything.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchExtension, PAGES, type ExtensionHarness } from './harness';
import {
  CHATANYWHERE_REPLY,
  startChatAnywhereMock,
  type ChatAnywhereMock,
} from '../mock-servers/chatanywhere';
import {
  OPCHATGPTS_REPLY,
  startOpchatgptsMock,
  type OpchatgptsMock,
} from '../mock-servers/opchatgpts';
import { ACYTOO_REPLY, startAcytooMock, type AcytooMock } from '../mock-servers/acytoo';
import {
  AICHAT_REPLY,
  SESSION_COOKIE,
  startAichatMock,
  type AichatMock,
} from '../mock-servers/aichat';

let harness: ExtensionHarness;
let page: Page;
let chatanywhere: ChatAnywhereMock;
let mirror: ChatAnywhereMock;
let opchatgpts: OpchatgptsMock;
let acytoo: AcytooMock;
let aichat: AichatMock;
let legacy: AichatMock;
const mocks = () => [chatanywhere, mirror, opchatgpts, acytoo, aichat, legacy];

type Reply =
  | { ok: true; value: { latencyMs: number; text: string; providerId: string } }
  | { ok: false; error: { code: string; message: string; providerId?: string } };

function providerTest(providerId: string): Promise<Reply> {
  return page.evaluate(
    (id) =>
      chrome.runtime.sendMessage({
        channel: 'parley/v1',
        type: 'provider-test',
        params: { providerId: id },
      }) as Promise<Reply>,
    providerId,
  );
}

async function setSettings(settings: unknown): Promise<void> {
  await harness.worker.evaluate((value) => chrome.storage.local.set({ settings: value }), settings);
}

function baseSettings() {
  return {
    providers: {
      chatanywhere: { baseUrl: chatanywhere.url },
      opchatgpts: { baseUrl: opchatgpts.url },
      acytoo: { baseUrl: acytoo.url },
      aichat: { baseUrl: aichat.url },
      'aichat-legacy': { baseUrl: `${legacy.url}/` },
    },
  };
}

beforeAll(async () => {
  [chatanywhere, mirror, opchatgpts, acytoo, aichat, legacy] = await Promise.all([
    startChatAnywhereMock(),
    startChatAnywhereMock(),
    startOpchatgptsMock(),
    startAcytooMock(),
    startAichatMock(),
    startAichatMock(),
  ]);
  aichat.requireCookie = true;
  harness = await launchExtension();
  page = await harness.openPage(PAGES.popup);
  await setSettings(baseSettings());
});

afterAll(async () => {
  await harness?.close();
  await Promise.all(mocks().map((m) => m?.close()));
});

beforeEach(() => {
  for (const m of mocks()) m.reset();
  aichat.requireCookie = true;
});

describe('seed providers in Chromium', () => {
  it('lists the five providers with their offline dates', async () => {
    const reply = await page.evaluate(() =>
      chrome.runtime.sendMessage({ channel: 'parley/v1', type: 'providers-list', params: {} }),
    );
    expect(reply.ok).toBe(true);
    expect(
      (reply.value as Array<{ id: string; status?: { working: boolean; checked: string } }>)
        .filter((p) => p.status && !p.status.working)
        .map((p) => [p.id, p.status?.checked]),
    ).toEqual([
      ['chatanywhere', '2023-11-22'],
      ['opchatgpts', '2023-10-21'],
      ['acytoo', '2023-10-16'],
      ['aichat', '2023-11-13'],
      ['aichat-legacy', '2023-11-13'],
    ]);
  });

  it('without a rule the worker’s POST carries the extension’s Origin (what the rules replace)', async () => {
    const control = await startAcytooMock();
    try {
      await harness.worker.evaluate(
        (url) => fetch(url, { method: 'POST', body: '{}' }).then((r) => r.text()),
        `${control.url}/api/completions`,
      );
      expect(control.requests[0]?.headers.origin).toBe(`chrome-extension://${harness.extensionId}`);
    } finally {
      await control.close();
    }
  });

  it('ChatAnywhere: Origin, Referer (B/) and the Firefox User-Agent are rewritten', async () => {
    const reply = await providerTest('chatanywhere');
    expect(reply).toMatchObject({
      ok: true,
      value: { text: CHATANYWHERE_REPLY, providerId: 'chatanywhere' },
    });
    const [request] = chatanywhere.requests;
    expect(request?.path).toBe('/v1/chat/gpt/');
    expect(request?.headers).toMatchObject({
      origin: chatanywhere.url,
      referer: `${chatanywhere.url}/`,
      'user-agent':
        'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/119.0',
      accept: 'application/json, text/plain, */*',
      'accept-language': 'de,en-US;q=0.7,en;q=0.3',
      'content-type': 'application/json',
      authorization: '',
    });
    expect(request?.body).toBe(
      '{"list":[{"role":"user","content":"Say hello."}],"id":"s1_qYuOLXjI3rEpc7WHfQ","title":"Say hello.","prompt":"","temperature":0.5,"models":"61490748","continuous":true}',
    );
  });

  it('Opchatgpts: Origin, Referer (B/chatgpt-free-use/), the Chrome 116 User-Agent, Alt-Used', async () => {
    const reply = await providerTest('opchatgpts');
    expect(reply).toMatchObject({ ok: true, value: { text: OPCHATGPTS_REPLY } });
    expect(opchatgpts.requests[0]?.headers).toMatchObject({
      origin: opchatgpts.url,
      referer: `${opchatgpts.url}/chatgpt-free-use/`,
      'user-agent':
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/116.0.0.0 Safari/537.36',
      'alt-used': new URL(opchatgpts.url).host,
    });
  });

  it('Acytoo: the Origin is removed and the browser’s own User-Agent kept', async () => {
    const reply = await providerTest('acytoo');
    expect(reply).toMatchObject({ ok: true, value: { text: ACYTOO_REPLY } });
    const headers = acytoo.requests[0]?.headers ?? {};
    expect(headers).not.toHaveProperty('origin');
    expect(headers).not.toHaveProperty('referer');
    const browserUa = await harness.worker.evaluate(() => navigator.userAgent);
    expect(headers['user-agent']).toBe(browserUa);
    expect(headers).toMatchObject({ accept: '*/*', 'content-type': 'application/json' });
  });

  it('Aichat without a cookie for the host: cookies-missing, and the server receives nothing', async () => {
    await harness.context.clearCookies();
    const reply = await providerTest('aichat');
    expect(reply).toEqual({
      ok: false,
      error: {
        code: 'cookies-missing',
        message: `Aichat needs a session at ${new URL(aichat.url).host}: open it in a tab, pass its check, then try again.`,
        retryable: false,
        providerId: 'aichat',
        detail: `${aichat.url}/chat`,
      },
    });
    expect(aichat.requests).toHaveLength(0);
  });

  it('Aichat sends the cookie a visit to its page left, with its Origin, Referer, User-Agent and client hints', async () => {
    await harness.context.clearCookies();
    const tab = await harness.context.newPage();
    await tab.goto(`${aichat.url}/chat`);
    await tab.close();
    aichat.requests.length = 0; // the visit itself

    const reply = await providerTest('aichat');
    expect(reply).toMatchObject({ ok: true, value: { text: AICHAT_REPLY, providerId: 'aichat' } });
    // The closed tab's favicon request can reach the server after the list was cleared.
    const [request, ...more] = aichat.requests.filter((r) => r.path !== '/favicon.ico');
    expect(more).toEqual([]);
    expect(request?.method).toBe('POST');
    expect(String(request?.headers.cookie)).toContain(`${SESSION_COOKIE}=mock-1`);
    expect(request?.headers).toMatchObject({
      origin: aichat.url,
      referer: `${aichat.url}/chat`,
      'user-agent':
        'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/118.0.0.0 Safari/537.36',
      'sec-ch-ua': '"Chromium";v="118", "Google Chrome";v="118", "Not=A?Brand";v="99"',
      'sec-ch-ua-mobile': '?0',
      'sec-ch-ua-platform': '"macOS"',
      authority: new URL(aichat.url).host,
    });
    expect(request?.body).toBe(
      '{"message":"Say hello.","temperature":0.5,"presence_penalty":0,"top_p":1,"frequency_penalty":0}',
    );
  });

  it('Aichat (legacy): no cookie check; Origin, Referer (B/chat), the Chrome 113 User-Agent', async () => {
    await harness.context.clearCookies();
    const reply = await providerTest('aichat-legacy');
    expect(reply).toMatchObject({ ok: true, value: { text: AICHAT_REPLY } });
    expect(legacy.requests[0]?.headers).toMatchObject({
      origin: legacy.url,
      referer: `${legacy.url}/chat`,
      'user-agent':
        'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/113.0.0.0 Safari/537.36',
      'sec-ch-ua-mobile': '?0',
      'sec-ch-ua-platform': '"macOS"',
      'cache-control': 'no-cache',
      pragma: 'no-cache',
    });
    expect(legacy.requests[0]?.body).toBe(
      '{"message":"user: Say hello.\\nassistant:","temperature":1,"presence_penalty":0,"top_p":1,"frequency_penalty":0}',
    );
  });

  it('a new base URL applies to the next request, and the old rule is replaced', async () => {
    await setSettings({
      ...baseSettings(),
      providers: { ...baseSettings().providers, chatanywhere: { baseUrl: mirror.url } },
    });
    const reply = await providerTest('chatanywhere');
    expect(reply.ok).toBe(true);
    expect(chatanywhere.requests).toHaveLength(0);
    expect(mirror.requests[0]?.headers).toMatchObject({
      origin: mirror.url,
      referer: `${mirror.url}/`,
    });
    const rules = await harness.worker.evaluate(() =>
      chrome.declarativeNetRequest.getSessionRules(),
    );
    const filters = rules.map((r) => r.condition.urlFilter);
    expect(filters).toContain(`|${mirror.url}/`);
    expect(filters).not.toContain(`|${chatanywhere.url}/`);
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
    await setSettings(baseSettings());
  });

  it('Auto hands over to the next provider and says which one answered', async () => {
    await setSettings({ ...baseSettings(), auto: { order: ['acytoo', 'opchatgpts'] } });
    acytoo.behave({ kind: 'http-error', status: 503 });
    const reply = await providerTest('auto');
    expect(reply).toMatchObject({
      ok: true,
      value: { text: OPCHATGPTS_REPLY, providerId: 'opchatgpts' },
    });
    expect(acytoo.requests).toHaveLength(1);
    await setSettings(baseSettings());
  });
});
