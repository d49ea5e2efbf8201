// The runner against the real seed adapters and their emulators on 127.0.0.1; settings in a
// behavioural fake of storage.local. Only the browser-side pieces (permissions, header rules) are
// small fakes that record what they were asked.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  allFailed,
  autoOrder,
  createProviderRunner,
  enabledForAuto,
  type RunEvent,
  type RunRequest,
} from './provider-runner';
import { providers as registry } from '../providers/registry';
import { ProviderError, type ChatEvent, type ProviderAdapter } from '../providers/types';
import { parseSettings, readSettings, SETTINGS_KEY } from '../shared/settings';
import { createStorageArea } from '../../tests/fakes/storage';
import { nodeContext } from '../../tests/mock-servers/adapter-harness';
import {
  CHATANYWHERE_REPLY,
  startChatAnywhereMock,
  type ChatAnywhereMock,
} from '../../tests/mock-servers/chatanywhere';
import {
  OPCHATGPTS_REPLY,
  startOpchatgptsMock,
  type OpchatgptsMock,
} from '../../tests/mock-servers/opchatgpts';
import { ACYTOO_REPLY, startAcytooMock, type AcytooMock } from '../../tests/mock-servers/acytoo';
import { AICHAT_REPLY, startAichatMock, type AichatMock } from '../../tests/mock-servers/aichat';

// The runner is generic; these tests drive it with the five seed adapters, in registry order.
const SEED = ['chatanywhere', 'opchatgpts', 'acytoo', 'aichat', 'aichat-legacy'];
const providers = registry.filter((p) => SEED.includes(p.id));

let chatanywhere: ChatAnywhereMock;
let opchatgpts: OpchatgptsMock;
let acytoo: AcytooMock;
let aichat: AichatMock;
let legacy: AichatMock;
const mocks = () => [chatanywhere, opchatgpts, acytoo, aichat, legacy];

beforeAll(async () => {
  [chatanywhere, opchatgpts, acytoo, aichat, legacy] = await Promise.all([
    startChatAnywhereMock(),
    startOpchatgptsMock(),
    startAcytooMock(),
    startAichatMock(),
    startAichatMock(),
  ]);
});
afterAll(() => Promise.all(mocks().map((m) => m.close())));
beforeEach(() => mocks().forEach((m) => m.reset()));

/** Every seed provider pointed at its emulator, plus whatever the test adds. */
function seedSettings(extra: Record<string, unknown> = {}) {
  return {
    providers: {
      chatanywhere: { baseUrl: chatanywhere.url },
      opchatgpts: { baseUrl: `${opchatgpts.url}/` },
      acytoo: { baseUrl: acytoo.url },
      aichat: { baseUrl: aichat.url },
      'aichat-legacy': { baseUrl: legacy.url },
    },
    ...extra,
  };
}

function setup(
  options: {
    settings?: Record<string, unknown>;
    permitted?: (origin: string) => boolean;
    cookies?: boolean;
    providers?: readonly ProviderAdapter[];
    random?: () => number;
  } = {},
) {
  const storage = createStorageArea({ [SETTINGS_KEY]: options.settings ?? seedSettings() });
  const calls: string[] = [];
  const permissionChecks: string[] = [];
  const context = nodeContext({ cookies: options.cookies ?? true });
  const runner = createProviderRunner({
    providers: options.providers ?? providers,
    readSettings: () => readSettings(storage),
    context: {
      ...context,
      fetch: (input, init) => {
        calls.push(`fetch ${String(input)}`);
        return context.fetch(input, init);
      },
    },
    installHeaderRules: async (adapter, baseUrl) => {
      calls.push(`rules ${adapter.id} ${baseUrl.href}`);
    },
    hasHostPermission: async (origin) => {
      permissionChecks.push(origin);
      return options.permitted?.(origin) ?? true;
    },
    ...(options.random ? { random: options.random } : {}),
  });
  return { runner, storage, calls, permissionChecks };
}

async function collect(
  runner: ReturnType<typeof createProviderRunner>,
  request: Partial<RunRequest> & { providerId: string },
) {
  const events: RunEvent[] = [];
  let error: unknown;
  try {
    for await (const event of runner.run({
      messages: [{ role: 'user', content: 'Hi' }],
      signal: new AbortController().signal,
      ...request,
    })) {
      events.push(event);
    }
  } catch (thrown) {
    error = thrown;
  }
  const text = events.flatMap((e) => (e.type === 'text-delta' ? [e.delta] : [])).join('');
  const starts = events.flatMap((e) => (e.type === 'provider-start' ? [e.providerId] : []));
  return { events, error, text, starts };
}

/** A stand-in adapter for what no seed provider does (API keys, empty answers, bugs). */
function stub(
  id: string,
  events: ChatEvent[] | (() => AsyncGenerator<ChatEvent>),
  auth: ProviderAdapter['capabilities']['auth'] = 'none',
): ProviderAdapter & { calls: number } {
  const adapter = {
    id,
    displayName: `Stub ${id}`,
    defaultBaseUrl: 'http://127.0.0.1:9',
    capabilities: {
      auth,
      streaming: 'incremental',
      history: 'full',
      systemPrompt: true,
      models: 'fixed',
      input: { images: false },
    } as const,
    calls: 0,
    async *streamChat() {
      adapter.calls += 1;
      if (typeof events === 'function') yield* events();
      else yield* events;
    },
  };
  return adapter;
}

describe('one provider', () => {
  it('announces the provider, then passes its events through, using the base URL from settings', async () => {
    const { runner } = setup();
    const result = await collect(runner, { providerId: 'opchatgpts' });
    expect(result.error).toBeUndefined();
    expect(result.events[0]).toEqual({
      type: 'provider-start',
      providerId: 'opchatgpts',
      displayName: 'Opchatgpts',
    });
    expect(result.events[1]).toEqual({ type: 'stream-start', model: 'gpt-3.5-turbo' });
    expect(result.events.at(-1)).toEqual({ type: 'finish', reason: 'stop', raw: 'end' });
    expect(result.text).toBe(OPCHATGPTS_REPLY);
    expect(opchatgpts.requests.map((r) => r.path)).toEqual(['/wp-json/mwai-ui/v1/chats/submit']);
  });

  it('checks permission and installs header rules for the effective base URL before sending', async () => {
    const { runner, calls, permissionChecks } = setup();
    await collect(runner, { providerId: 'chatanywhere' });
    expect(permissionChecks).toEqual([chatanywhere.url]);
    expect(calls).toEqual([
      `rules chatanywhere ${chatanywhere.url}/`,
      `fetch ${chatanywhere.url}/v1/chat/gpt/`,
    ]);
  });

  it('reads settings on every run: a new base URL applies to the next request', async () => {
    const { runner, storage } = setup();
    await collect(runner, { providerId: 'acytoo' });
    await storage.set({
      [SETTINGS_KEY]: seedSettings({ providers: { acytoo: { baseUrl: `${legacy.url}//` } } }),
    });
    const second = await collect(runner, { providerId: 'acytoo' });
    expect(acytoo.requests).toHaveLength(1);
    expect(legacy.requests.map((r) => r.path)).toEqual(['/api/completions']);
    expect(second.error).toMatchObject({ code: 'provider-unavailable', status: 404 });
  });

  it('passes temperature, system prompt and time limit from settings to the adapter', async () => {
    const { runner } = setup({
      settings: seedSettings({
        providers: {
          acytoo: {
            baseUrl: acytoo.url,
            temperature: 0.9,
            systemPrompt: 'Be brief.',
            timeoutMs: 150,
          },
        },
      }),
    });
    await collect(runner, { providerId: 'acytoo' });
    expect(JSON.parse(acytoo.requests[0]!.body)).toMatchObject({
      temperature: 0.9,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
      ],
    });
    acytoo.behave({ kind: 'hang' });
    const late = await collect(runner, { providerId: 'acytoo' });
    expect(late.error).toMatchObject({ code: 'timeout', providerId: 'acytoo' });
  });

  it('uses the default base URL when settings have none (and then needs its permission)', async () => {
    const { runner, permissionChecks } = setup({
      settings: {},
      permitted: (origin) => origin.startsWith('http://127.0.0.1'),
    });
    const result = await collect(runner, { providerId: 'chatanywhere' });
    expect(permissionChecks).toEqual(['https://chatanywhere.cn']);
    expect(result.error).toBeInstanceOf(ProviderError);
    expect(result.error).toMatchObject({
      code: 'permission-missing',
      providerId: 'chatanywhere',
      detail: 'https://chatanywhere.cn',
    });
    expect((result.error as Error).message).toBe(
      'ChatAnywhere: Parley may not connect to https://chatanywhere.cn. Grant access to https://chatanywhere.cn in the settings, then try again.',
    );
  });

  it('without host permission sends nothing and installs no rules', async () => {
    const { runner, calls } = setup({ permitted: () => false });
    const result = await collect(runner, { providerId: 'aichat' });
    expect(result.error).toMatchObject({ code: 'permission-missing' });
    expect(calls).toEqual([]);
    expect(aichat.requests).toHaveLength(0);
  });

  it('an unknown provider id is an error that names it', async () => {
    const { runner } = setup();
    const result = await collect(runner, { providerId: 'nope' });
    expect(result.error).toMatchObject({ code: 'unknown', providerId: 'nope', retryable: false });
    expect((result.error as Error).message).toContain('“nope”');
  });

  it('a base URL that is not http(s) is an error that says where to fix it', async () => {
    const { runner } = setup({
      settings: { providers: { acytoo: { baseUrl: 'ftp://files.example' } } },
    });
    const result = await collect(runner, { providerId: 'acytoo' });
    expect(result.error).toMatchObject({ code: 'config-missing', retryable: false });
    expect((result.error as Error).message).toMatch(/^Acytoo: the base URL .*settings/);
  });

  it('a provider with no base URL at all is told to set one', async () => {
    const blank = { ...stub('blank', []), defaultBaseUrl: '' };
    const { runner } = setup({ providers: [blank] });
    const result = await collect(runner, { providerId: 'blank' });
    expect(result.error).toMatchObject({ code: 'config-missing', providerId: 'blank' });
    expect((result.error as Error).message).toBe(
      'Stub blank: no base URL is set. Enter the server’s base URL in the settings.',
    );
    expect(blank.calls).toBe(0);
  });

  it('a provider that runs in the browser needs no base URL, permission or header rules', async () => {
    const inBrowser = {
      ...stub('in-browser', [
        { type: 'download-progress', loaded: 0.5 },
        { type: 'stream-start' },
        { type: 'text-delta', delta: 'local' },
        { type: 'finish', reason: 'stop' },
      ]),
      defaultBaseUrl: '',
      info: { runs: 'browser', apiKey: 'none' } as const,
    };
    const { runner, calls, permissionChecks } = setup({ providers: [inBrowser] });
    const result = await collect(runner, { providerId: 'in-browser' });
    expect(result.error).toBeUndefined();
    expect(result.text).toBe('local');
    expect(calls).toEqual([]);
    expect(permissionChecks).toEqual([]);
  });

  it('an API-key provider without a key is auth-missing, and it is not called', async () => {
    const keyed = stub('keyed', [], 'api-key');
    const { runner } = setup({ providers: [keyed] });
    const result = await collect(runner, { providerId: 'keyed' });
    expect(result.error).toMatchObject({ code: 'auth-missing', providerId: 'keyed' });
    expect(keyed.calls).toBe(0);
  });

  it('a provider error ends the run with that error, the partial text kept', async () => {
    chatanywhere.behave({ kind: 'reset', text: 'one two three four' });
    const { runner } = setup();
    const result = await collect(runner, { providerId: 'chatanywhere' });
    expect(result.error).toMatchObject({ code: 'network', providerId: 'chatanywhere' });
    expect(result.text.length).toBeGreaterThan(0);
  });

  it('Aichat without cookies: cookies-missing, nothing sent', async () => {
    const { runner } = setup({ cookies: false });
    const result = await collect(runner, { providerId: 'aichat' });
    expect(result.error).toMatchObject({ code: 'cookies-missing' });
    expect(aichat.requests).toHaveLength(0);
  });

  it('the caller’s abort is rethrown as an AbortError, and the connection released', async () => {
    opchatgpts.behave({ kind: 'stall' });
    const { runner } = setup();
    const controller = new AbortController();
    const events: RunEvent[] = [];
    const error = await (async () => {
      for await (const event of runner.run({
        providerId: 'opchatgpts',
        messages: [{ role: 'user', content: 'Hi' }],
        signal: controller.signal,
      })) {
        events.push(event);
        if (event.type === 'text-delta') controller.abort();
      }
    })().catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'AbortError' });
    expect(error).not.toBeInstanceOf(ProviderError);
    await opchatgpts.waitForClosedEarly(1);
  });

  it('an adapter bug still comes out as a ProviderError naming the provider', async () => {
    const buggy = stub('buggy', async function* () {
      yield { type: 'stream-start' };
      throw new TypeError('x is undefined');
    });
    const { runner } = setup({ providers: [buggy] });
    const result = await collect(runner, { providerId: 'buggy' });
    expect(result.error).toBeInstanceOf(ProviderError);
    expect(result.error).toMatchObject({ code: 'unknown', providerId: 'buggy' });
    expect((result.error as Error).message).toMatch(/^Stub buggy: .*x is undefined/);
  });
});

describe('auto: the fallback chain', () => {
  it('hands over before the first text, and says which provider answered', async () => {
    chatanywhere.behave({ kind: 'http-error', status: 502 });
    const { runner } = setup();
    const result = await collect(runner, { providerId: 'auto' });
    expect(result.error).toBeUndefined();
    expect(result.starts).toEqual(['chatanywhere', 'opchatgpts']);
    expect(result.text).toBe(OPCHATGPTS_REPLY);
    // Nothing of the failed attempt leaks: after its provider-start comes the next one's.
    expect(result.events.slice(0, 3).map((e) => e.type)).toEqual([
      'provider-start',
      'provider-start',
      'stream-start',
    ]);
    expect(chatanywhere.requests).toHaveLength(1);
    expect(acytoo.requests).toHaveLength(0);
  });

  it('follows settings.auto.order, then the rest in registry order, skipping disabled ones', async () => {
    for (const m of [acytoo, aichat]) m.behave({ kind: 'http-error', status: 500 });
    const { runner } = setup({
      settings: seedSettings({
        providers: {
          ...seedSettings().providers,
          chatanywhere: { baseUrl: chatanywhere.url, enabled: false },
        },
        auto: { order: ['acytoo', 'aichat', 'ghost'], shuffle: false },
      }),
    });
    const result = await collect(runner, { providerId: 'auto' });
    expect(result.starts).toEqual(['acytoo', 'aichat', 'opchatgpts']);
    expect(result.text).toBe(OPCHATGPTS_REPLY);
    expect(chatanywhere.requests).toHaveLength(0);
  });

  it('does not switch mid-reply: an error after the first text ends the reply', async () => {
    chatanywhere.behave({ kind: 'reset', text: 'one two three four five six' });
    const { runner } = setup();
    const result = await collect(runner, { providerId: 'auto' });
    expect(result.starts).toEqual(['chatanywhere']);
    expect(result.text.length).toBeGreaterThan(0);
    expect(result.error).toMatchObject({ code: 'network', providerId: 'chatanywhere' });
    expect(opchatgpts.requests).toHaveLength(0);
  });

  it('a provider that ends with no text is a failure and hands over', async () => {
    const silent = stub('silent', [{ type: 'stream-start' }, { type: 'finish', reason: 'stop' }]);
    const { runner } = setup({ providers: [silent, ...providers] });
    const result = await collect(runner, { providerId: 'auto' });
    expect(result.starts).toEqual(['silent', 'chatanywhere']);
    expect(result.text).toBe(CHATANYWHERE_REPLY);
    expect(result.events.filter((e) => e.type === 'stream-start')).toHaveLength(1);
  });

  it('passes download progress on at once, but holds other events until the first text', async () => {
    const downloading = stub('downloading', async function* () {
      yield { type: 'download-progress', loaded: 0.25 };
      yield { type: 'stream-start' };
      throw new ProviderError({
        code: 'unknown',
        message: 'Stub downloading: no.',
        providerId: 'downloading',
      });
    });
    const { runner } = setup({ providers: [downloading, ...providers] });
    const result = await collect(runner, { providerId: 'auto' });
    expect(result.events.slice(0, 4)).toEqual([
      { type: 'provider-start', providerId: 'downloading', displayName: 'Stub downloading' },
      { type: 'download-progress', loaded: 0.25 },
      { type: 'provider-start', providerId: 'chatanywhere', displayName: 'ChatAnywhere' },
      { type: 'stream-start', model: 'gpt-3.5-turbo' },
    ]);
    expect(result.text).toBe(CHATANYWHERE_REPLY);
  });

  it('whole-answer providers are fine: their one delta is the first text', async () => {
    const { runner } = setup({
      settings: seedSettings({ auto: { order: ['aichat-legacy'], shuffle: false } }),
    });
    const result = await collect(runner, { providerId: 'auto' });
    expect(result.starts).toEqual(['aichat-legacy']);
    expect(result.events.slice(1)).toEqual([
      { type: 'stream-start', model: 'gpt-3.5-turbo' },
      { type: 'text-delta', delta: AICHAT_REPLY },
      { type: 'finish', reason: 'stop' },
    ]);
  });

  it('skips a provider it may not reach, or that lacks cookies, and goes on', async () => {
    const { runner } = setup({
      cookies: false,
      permitted: (origin) => origin !== chatanywhere.url,
      settings: seedSettings({
        auto: { order: ['chatanywhere', 'aichat', 'acytoo'], shuffle: false },
      }),
    });
    const result = await collect(runner, { providerId: 'auto' });
    expect(result.starts).toEqual(['chatanywhere', 'aichat', 'acytoo']);
    expect(result.text).toBe(ACYTOO_REPLY);
  });

  it('when all fail, one error lists every provider tried with its failure', async () => {
    for (const m of mocks()) m.behave({ kind: 'http-error', status: 503 });
    const { runner } = setup({ cookies: false });
    const result = await collect(runner, { providerId: 'auto' });
    expect(result.error).toBeInstanceOf(ProviderError);
    expect(result.error).toMatchObject({
      code: 'provider-unavailable',
      providerId: 'auto',
      retryable: true,
    });
    expect((result.error as Error).message).toBe(
      [
        'All providers failed:',
        'ChatAnywhere: the server answered HTTP 503 Service Unavailable. The service may be down; try again later or choose another provider.',
        'Opchatgpts: the server answered HTTP 503 Service Unavailable. The service may be down; try again later or choose another provider.',
        'Acytoo: the server answered HTTP 503 Service Unavailable. The service may be down; try again later or choose another provider.',
        `Aichat: needs a session at ${new URL(aichat.url).host}: open it in a tab, pass its check, then try again.`,
        'Aichat (legacy): the server answered HTTP 503 Service Unavailable. The service may be down; try again later or choose another provider.',
      ].join('\n'),
    );
    expect(result.starts).toEqual(providers.map((p) => p.id));
  });

  it('the combined error keeps the code all failures share', () => {
    const e = (code: 'timeout' | 'network') =>
      new ProviderError({ code, message: `X: ${code}.`, providerId: 'x', retryable: false });
    const same = allFailed([
      { adapter: { displayName: 'A' }, error: e('timeout') },
      { adapter: { displayName: 'B' }, error: e('timeout') },
    ]);
    expect(same.code).toBe('timeout');
    expect(same.message).toBe('All providers failed:\nA: X: timeout.\nB: X: timeout.');
    const mixed = allFailed([
      { adapter: { displayName: 'A' }, error: e('timeout') },
      { adapter: { displayName: 'B' }, error: e('network') },
    ]);
    expect(mixed.code).toBe('provider-unavailable');
  });

  it('shuffles when settings ask, with the injected random source', async () => {
    for (const m of mocks()) m.behave({ kind: 'http-error', status: 500 });
    // random() = 0 makes Fisher–Yates rotate: [a,b,c,d,e] → [b,c,d,e,a].
    const { runner } = setup({
      settings: seedSettings({ auto: { order: [], shuffle: true } }),
      random: () => 0,
    });
    const result = await collect(runner, { providerId: 'auto' });
    expect(result.starts).toEqual([
      'opchatgpts',
      'acytoo',
      'aichat',
      'aichat-legacy',
      'chatanywhere',
    ]);
  });

  it('stops the chain on the caller’s abort: AbortError, no further provider tried', async () => {
    chatanywhere.behave({ kind: 'hang' });
    const { runner } = setup();
    const controller = new AbortController();
    const pending = collect(runner, { providerId: 'auto', signal: controller.signal });
    while (chatanywhere.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    const result = await pending;
    expect(result.error).toMatchObject({ name: 'AbortError' });
    expect(result.starts).toEqual(['chatanywhere']);
    expect(opchatgpts.requests).toHaveLength(0);
    await chatanywhere.waitForClosedEarly(1);
  });

  it('with every provider switched off, says so', async () => {
    const off = Object.fromEntries(providers.map((p) => [p.id, { enabled: false }]));
    const { runner } = setup({ settings: { providers: off } });
    const result = await collect(runner, { providerId: 'auto' });
    expect(result.error).toMatchObject({ code: 'provider-unavailable', providerId: 'auto' });
    expect((result.error as Error).message).toMatch(/switched off/);
  });
});

describe('auto order', () => {
  it('treats an unset `enabled` as on, except for API-key providers without a key', () => {
    const keyed = stub('keyed', [], 'api-key');
    const working = stub('working', []);
    expect(enabledForAuto(working, {})).toBe(true);
    expect(enabledForAuto(working, { enabled: false })).toBe(false);
    expect(enabledForAuto(keyed, {})).toBe(false);
    expect(enabledForAuto(keyed, { apiKey: 'k' })).toBe(true);
    expect(enabledForAuto(keyed, { apiKey: 'k', enabled: false })).toBe(false);
    const custom = {
      ...stub('custom', []),
      info: { runs: 'hosted', apiKey: 'optional', baseUrlRequired: true } as const,
    };
    expect(enabledForAuto(custom, {})).toBe(false);
    expect(enabledForAuto(custom, { baseUrl: 'https://llm.example/v1' })).toBe(true);
  });

  it('never sends to an offline seed service on its own: only to a mirror, or when switched on', () => {
    const seed = providers[0]!;
    expect(seed.status?.working).toBe(false);
    expect(enabledForAuto(seed, {})).toBe(false);
    expect(enabledForAuto(seed, { baseUrl: 'http://127.0.0.1:9/mirror' })).toBe(true);
    expect(enabledForAuto(seed, { enabled: true })).toBe(true);
    expect(enabledForAuto(seed, { baseUrl: 'http://127.0.0.1:9/mirror', enabled: false })).toBe(
      false,
    );
    expect(autoOrder(providers, parseSettings({})).map((p) => p.id)).toEqual([]);
    const mirrors = Object.fromEntries(
      providers.map((p) => [p.id, { baseUrl: `http://127.0.0.1:9/${p.id}` }]),
    );
    const order = autoOrder(
      providers,
      parseSettings({ providers: mirrors, auto: { order: ['acytoo'] } }),
    );
    expect(order.map((p) => p.id)).toEqual([
      'acytoo',
      'chatanywhere',
      'opchatgpts',
      'aichat',
      'aichat-legacy',
    ]);
  });
});
