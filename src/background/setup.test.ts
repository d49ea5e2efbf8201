import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectSetup } from './setup';
import { startOllamaServer } from '../../tests/mock-servers/ollama';
import { startOpenAiServer } from '../../tests/mock-servers/openai';
import { startServer, type MockServer } from '../../tests/mock-servers/server';
import { providers } from '../providers/registry';
import { defaultSettings, needsSetup, type Settings } from '../shared/settings';

let ollama: MockServer;
let lmStudio: MockServer;
let closedUrl: string;

beforeAll(async () => {
  ollama = await startOllamaServer();
  lmStudio = await startOpenAiServer({ models: ['qwen2.5-7b-instruct'] });
  const closed = await startServer(() => undefined);
  closedUrl = closed.url;
  await closed.close();
});
afterAll(async () => {
  await ollama.close();
  await lmStudio.close();
});

const withBases = (bases: Record<string, string>): Settings => {
  const settings = defaultSettings();
  for (const [id, baseUrl] of Object.entries(bases)) settings.providers[id] = { baseUrl };
  return settings;
};

describe('detectSetup', () => {
  it('finds Ollama (after installing its header rule) and LM Studio with its models, in parallel', async () => {
    const installed: string[] = [];
    const detection = await detectSetup({
      providers,
      readSettings: async () =>
        withBases({ ollama: ollama.url, 'lm-studio': `${lmStudio.url}/v1` }),
      fetch,
      installHeaderRules: async (adapter, baseUrl) =>
        void installed.push(`${adapter.id} ${baseUrl.origin}`),
      detectBuiltin: async () => 'downloadable',
    });
    expect(detection).toEqual({
      local: [
        { providerId: 'ollama', baseUrl: ollama.url, state: 'running' },
        {
          providerId: 'lm-studio',
          baseUrl: `${lmStudio.url}/v1`,
          state: 'running',
          models: ['qwen2.5-7b-instruct'],
        },
      ],
      builtin: 'downloadable',
    });
    expect(installed).toEqual([`ollama ${ollama.url}`]);
  });

  it('reports absent servers quickly and never throws', async () => {
    const started = Date.now();
    const detection = await detectSetup({
      providers,
      readSettings: async () => withBases({ ollama: closedUrl, 'lm-studio': `${closedUrl}/v1` }),
      fetch,
      installHeaderRules: async () => {
        throw new Error('no rules here');
      },
      detectBuiltin: async () => 'unavailable',
    });
    expect(detection.local.map((p) => p.state)).toEqual(['absent', 'absent']);
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('sees an Ollama that refuses the extension’s origin as refused, not absent', async () => {
    // No header rule installed: the fetch carries a foreign Origin, as the worker's would.
    const foreignOrigin: typeof fetch = (input, init) =>
      fetch(input, {
        ...init,
        headers: { ...(init?.headers as Record<string, string>), origin: 'chrome-extension://abc' },
      });
    const detection = await detectSetup({
      providers,
      readSettings: async () => withBases({ ollama: ollama.url, 'lm-studio': `${closedUrl}/v1` }),
      fetch: foreignOrigin,
      installHeaderRules: async () => undefined,
      detectBuiltin: async () => 'unavailable',
    });
    expect(detection.local[0]).toMatchObject({ providerId: 'ollama', state: 'refused' });
  });
});

describe('needsSetup', () => {
  it('is due on a fresh profile, and not once a provider is chosen, switched on, keyed or the card skipped', () => {
    const fresh = defaultSettings();
    expect(needsSetup(fresh)).toBe(true);
    expect(needsSetup({ ...fresh, providers: { ollama: { baseUrl: 'http://127.0.0.1:1' } } })).toBe(
      true,
    );
    expect(needsSetup({ ...fresh, onboarded: true })).toBe(false);
    expect(needsSetup({ ...fresh, defaultProviderId: 'ollama' })).toBe(false);
    expect(needsSetup({ ...fresh, providers: { openai: { apiKey: 'sk' } } })).toBe(false);
    expect(needsSetup({ ...fresh, providers: { groq: { enabled: true } } })).toBe(false);
  });
});
