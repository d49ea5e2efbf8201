import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  listProviderModels,
  offeredProviders,
  providerInfo,
  testProvider,
  TEST_PROMPT,
  type ModelListDeps,
} from './provider-requests';
import { answerRequest, type RequestHandlers } from './requests';
import { createProviderRunner } from './provider-runner';
import { providers } from '../providers/registry';
import { anthropic } from '../providers/anthropic';
import { parseSettings } from '../shared/settings';
import { nodeContext } from '../../tests/mock-servers/adapter-harness';
import { startOpenAiServer } from '../../tests/mock-servers/openai';
import { startServer, type MockServer } from '../../tests/mock-servers/server';
import type { ScriptedServer } from '../../tests/mock-servers/scripted';
import {
  OPCHATGPTS_REPLY,
  startOpchatgptsMock,
  type OpchatgptsMock,
} from '../../tests/mock-servers/opchatgpts';

let mock: OpchatgptsMock;
let openai: ScriptedServer;
let silent: MockServer;
beforeAll(async () => {
  mock = await startOpchatgptsMock();
  openai = await startOpenAiServer({ apiKey: 'sk-test', models: ['gpt-4o-mini', 'o3-mini'] });
  // Accepts every request and never answers.
  silent = await startServer(() => new Promise<void>(() => undefined));
});
afterAll(async () => {
  await mock.close();
  await openai.close();
  await silent.close();
});

const runner = (cookies = true) =>
  createProviderRunner({
    providers,
    readSettings: async () =>
      parseSettings({
        providers: { opchatgpts: { baseUrl: mock.url }, aichat: { baseUrl: mock.url } },
        auto: { order: ['opchatgpts'] },
      }),
    context: nodeContext({ cookies }),
    installHeaderRules: async () => {},
    hasHostPermission: async () => true,
  });

describe('providers-list', () => {
  it('lists every provider as JSON-safe data with its offline status', () => {
    const all = providers.map(providerInfo);
    expect(JSON.parse(JSON.stringify(all))).toEqual(all);
    expect(all.map((p) => p.id)).toEqual(providers.map((p) => p.id));
    const list = all.filter((p) => p.status !== undefined && !p.status.working);
    expect(list.map((p) => [p.id, p.status?.working, p.status?.checked])).toEqual([
      ['chatanywhere', false, '2023-11-22'],
      ['opchatgpts', false, '2023-10-21'],
      ['acytoo', false, '2023-10-16'],
      ['aichat', false, '2023-11-13'],
      ['aichat-legacy', false, '2023-11-13'],
    ]);
    expect(list[3]).toEqual({
      id: 'aichat',
      displayName: 'Aichat',
      defaultBaseUrl: 'https://chat-gpt.org',
      capabilities: {
        auth: 'browser-cookies',
        streaming: 'whole',
        history: 'flattened',
        systemPrompt: true,
        models: 'fixed',
        input: { images: false },
      },
      status: {
        working: false,
        checked: '2023-11-13',
        note: expect.stringContaining('offline since 2023-11-13'),
      },
      models: [{ id: 'gpt-3.5-turbo' }],
      info: { runs: 'hosted', apiKey: 'none' },
    });
  });

  it('carries each provider’s input capabilities and image limits, copied', () => {
    const anthropicInfo = providerInfo(anthropic);
    expect(anthropicInfo.capabilities.input).toEqual(anthropic.capabilities.input);
    expect(anthropicInfo.capabilities.input.imageLimits?.maxLongSide).toBe(1568);
    expect(anthropicInfo.capabilities.input.imageLimits).not.toBe(
      anthropic.capabilities.input.imageLimits,
    );
  });
});

describe('offeredProviders', () => {
  it('leaves out only the built-in model where the browser has none (Firefox)', () => {
    const ids = (list: readonly { id: string }[]) => list.map((p) => p.id);
    expect(ids(offeredProviders(providers, true))).toEqual(ids(providers));
    const firefox = ids(offeredProviders(providers, false));
    expect(firefox).not.toContain('chrome-builtin');
    expect(firefox).toEqual(ids(providers).filter((id) => id !== 'chrome-builtin'));
  });
});

describe('provider-test', () => {
  it('sends "Say hello." and answers the text, the latency and who answered', async () => {
    let clock = 1_000;
    const result = await testProvider(runner(), { providerId: 'auto' }, () => (clock += 250));
    expect(result).toEqual({ latencyMs: 250, text: OPCHATGPTS_REPLY, providerId: 'opchatgpts' });
    expect(JSON.parse(mock.requests.at(-1)!.body).messages).toEqual([
      { role: 'user', content: TEST_PROMPT },
    ]);
  });

  it('comes back through the request channel as {ok:false, error} with code, message and detail', async () => {
    // Only the handler under test; answerRequest is the channel's real error path.
    const only: Partial<RequestHandlers> = {
      'provider-test': (params) => testProvider(runner(false), params),
    };
    const handlers = only as RequestHandlers;
    const reply = await answerRequest(handlers, 'provider-test', { providerId: 'aichat' });
    expect(reply).toEqual({
      ok: false,
      error: {
        code: 'cookies-missing',
        message: `Aichat needs a session at ${new URL(mock.url).host}: open it in a tab, pass its check, then try again.`,
        retryable: false,
        providerId: 'aichat',
        detail: `${mock.url}/chat`,
      },
    });
    mock.behave({ kind: 'http-error', status: 500 });
    const failed = await answerRequest(handlers, 'provider-test', { providerId: 'opchatgpts' });
    expect(failed).toMatchObject({
      ok: false,
      error: { code: 'provider-unavailable', status: 500, providerId: 'opchatgpts' },
    });
    expect(JSON.parse(JSON.stringify(failed))).toEqual(failed);
  });

  it('refuses a request without a provider id', async () => {
    await expect(testProvider(runner(), {} as { providerId: string })).rejects.toThrow(
      /providerId/,
    );
  });
});

describe('provider-models', () => {
  const deps = (
    settings: Record<string, unknown>,
    extra: Partial<ModelListDeps> = {},
  ): ModelListDeps & { installed: string[] } => {
    const installed: string[] = [];
    return {
      providers,
      readSettings: async () => parseSettings({ providers: settings }),
      context: nodeContext(),
      installHeaderRules: async (adapter, baseUrl) => {
        installed.push(`${adapter.id} ${baseUrl.href}`);
      },
      hasHostPermission: async () => true,
      installed,
      ...extra,
    };
  };

  it('lists what the service offers, with the base URL and key a chat would use', async () => {
    openai.reset();
    const d = deps({ 'openai-compatible': { baseUrl: `${openai.url}/v1/`, apiKey: ' sk-test ' } });
    await expect(listProviderModels(d, { providerId: 'openai-compatible' })).resolves.toEqual({
      models: [{ id: 'gpt-4o-mini' }, { id: 'o3-mini' }],
    });
    expect(openai.requests.map((r) => [r.method, r.path, r.headers.authorization])).toEqual([
      ['GET', '/v1/models', 'Bearer sk-test'],
    ]);
    // Header rules first, exactly as before a chat (Ollama refuses foreign origins otherwise).
    expect(d.installed).toEqual([`openai-compatible ${openai.url}/v1`]);
  });

  it('answers the registry’s list for a provider that cannot list its models', async () => {
    await expect(listProviderModels(deps({}), { providerId: 'aichat' })).resolves.toEqual({
      models: [{ id: 'gpt-3.5-turbo' }],
    });
  });

  it('refuses what a chat would refuse: no key, no host permission, no such provider', async () => {
    openai.reset();
    await expect(listProviderModels(deps({}), { providerId: 'openai' })).rejects.toMatchObject({
      code: 'auth-missing',
      providerId: 'openai',
    });
    await expect(
      listProviderModels(
        deps(
          { 'openai-compatible': { baseUrl: `${openai.url}/v1` } },
          { hasHostPermission: async () => false },
        ),
        { providerId: 'openai-compatible' },
      ),
    ).rejects.toMatchObject({ code: 'permission-missing', detail: openai.url });
    await expect(listProviderModels(deps({}), { providerId: 'nope' })).rejects.toMatchObject({
      code: 'unknown',
    });
    expect(openai.requests).toEqual([]);
  });

  it('gives up after its time limit with a timeout error', async () => {
    const started = Date.now();
    await expect(
      listProviderModels(
        deps({ 'openai-compatible': { baseUrl: `${silent.url}/v1` } }, { timeoutMs: 100 }),
        { providerId: 'openai-compatible' },
      ),
    ).rejects.toMatchObject({ code: 'timeout', providerId: 'openai-compatible' });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('comes back through the request channel as JSON-safe data', async () => {
    const only: Partial<RequestHandlers> = {
      'provider-models': (params) =>
        listProviderModels(
          deps({ 'openai-compatible': { baseUrl: `${openai.url}/v1`, apiKey: 'sk-wrong' } }),
          params,
        ),
    };
    const reply = await answerRequest(only as RequestHandlers, 'provider-models', {
      providerId: 'openai-compatible',
    });
    expect(JSON.parse(JSON.stringify(reply))).toEqual(reply);
    expect(reply).toMatchObject({ ok: false, error: { code: 'auth-invalid' } });
  });
});
