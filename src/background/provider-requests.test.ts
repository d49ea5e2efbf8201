import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { providerInfo, testProvider, TEST_PROMPT } from './provider-requests';
import { answerRequest, type RequestHandlers } from './requests';
import { createProviderRunner } from './provider-runner';
import { providers } from '../providers/registry';
import { parseSettings } from '../shared/settings';
import { nodeContext } from '../../tests/mock-servers/adapter-harness';
import {
  OPCHATGPTS_REPLY,
  startOpchatgptsMock,
  type OpchatgptsMock,
} from '../../tests/mock-servers/opchatgpts';

let mock: OpchatgptsMock;
beforeAll(async () => {
  mock = await startOpchatgptsMock();
});
afterAll(() => mock.close());

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
