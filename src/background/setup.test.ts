import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectSetup, shareInFlight } from './setup';
import { startOllamaServer } from '../../tests/mock-servers/ollama';
import { startOpenAiServer } from '../../tests/mock-servers/openai';
import { startServer, type MockServer } from '../../tests/mock-servers/server';
import { providers } from '../providers/registry';
import { createChromeBuiltin } from '../providers/chrome-builtin';
import { FakeLanguageModel } from '../../tests/fakes/language-model';
import type { ProviderAdapter, ProviderContext } from '../providers/types';
import { probeJson } from '../providers/_shared/detect';
import { defaultSettings, needsSetup, type Settings } from '../shared/settings';

let ollama: MockServer;
let lmStudio: MockServer;
let llamaCpp: MockServer;
let vllm: MockServer;
let closedUrl: string;

beforeAll(async () => {
  ollama = await startOllamaServer();
  lmStudio = await startOpenAiServer({ models: ['qwen2.5-7b-instruct'] });
  llamaCpp = await startOpenAiServer({ models: ['gemma-3-4b-it-Q4_K_M.gguf'] });
  vllm = await startOpenAiServer({ models: ['Qwen/Qwen2.5-1.5B-Instruct'] });
  const closed = await startServer(() => undefined);
  closedUrl = closed.url;
  await closed.close();
});
afterAll(async () => {
  await Promise.all([ollama.close(), lmStudio.close(), llamaCpp.close(), vllm.close()]);
});

/** Every local server at a closed port, then the given ones: nothing on this machine is found. */
const withBases = (bases: Record<string, string>): Settings => {
  const settings = defaultSettings();
  for (const provider of providers)
    if (provider.info?.runs === 'local-server')
      settings.providers[provider.id] = { baseUrl: closedUrl };
  for (const [id, baseUrl] of Object.entries(bases)) settings.providers[id] = { baseUrl };
  return settings;
};

const contextWith = (fetchFn: typeof fetch): ProviderContext => ({
  fetch: fetchFn,
  cookies: { has: async () => false },
  log: () => undefined,
});

describe('detectSetup', () => {
  it('finds Ollama (after installing its header rule), LM Studio, llama.cpp and vLLM with their models', async () => {
    const installed: string[] = [];
    // Chrome's built-in model as the browser reports it (Prompt API availability).
    const withBuiltin = providers.map((p) =>
      p.id === 'chrome-builtin'
        ? createChromeBuiltin(() => new FakeLanguageModel({ availability: 'downloadable' }).api)
        : p,
    );
    const detection = await detectSetup({
      providers: withBuiltin,
      readSettings: async () =>
        withBases({
          ollama: ollama.url,
          'lm-studio': `${lmStudio.url}/v1`,
          'llama-cpp': `${llamaCpp.url}/v1`,
          vllm: `${vllm.url}/v1`,
        }),
      context: contextWith(fetch),
      installHeaderRules: async (adapter, baseUrl) =>
        void installed.push(`${adapter.id} ${baseUrl.origin}`),
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
        {
          providerId: 'llama-cpp',
          baseUrl: `${llamaCpp.url}/v1`,
          state: 'running',
          models: ['gemma-3-4b-it-Q4_K_M.gguf'],
        },
        {
          providerId: 'vllm',
          baseUrl: `${vllm.url}/v1`,
          state: 'running',
          models: ['Qwen/Qwen2.5-1.5B-Instruct'],
        },
      ],
      builtin: 'downloadable',
    });
    // The rules are installed before each probe, as before a chat; Ollama's is the one that matters.
    expect(installed).toContain(`ollama ${ollama.url}`);
  });

  it('reports absent servers quickly and never throws', async () => {
    const started = Date.now();
    const detection = await detectSetup({
      providers,
      readSettings: async () => withBases({}),
      context: contextWith(fetch),
      installHeaderRules: async () => {
        throw new Error('no rules here');
      },
    });
    expect(detection.local.map((p) => p.providerId)).toEqual([
      'ollama',
      'lm-studio',
      'llama-cpp',
      'vllm',
    ]);
    expect(detection.local.map((p) => p.state)).toEqual(['absent', 'absent', 'absent', 'absent']);
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
      readSettings: async () => withBases({ ollama: ollama.url }),
      context: contextWith(foreignOrigin),
      installHeaderRules: async () => undefined,
    });
    expect(detection.local[0]).toMatchObject({ providerId: 'ollama', state: 'refused' });
  });
});

describe('a local server added later', () => {
  it('is detected on first run with nothing but its folder and its registry line', async () => {
    // What a new folder would hold: KoboldCpp answers `GET /api/v1/model` with `{result}`
    // (https://lite.koboldai.net/koboldcpp_api#/api%2Fv1/get_api_v1_model). Setup knows no id.
    const kobold = await startServer((request, response) => {
      const found = request.path === '/api/v1/model';
      response.writeHead(found ? 200 : 404, { 'content-type': 'application/json' });
      response.end(found ? JSON.stringify({ result: 'koboldcpp/Llama-3.2-3B' }) : '{}');
    });
    const koboldcpp: ProviderAdapter = {
      id: 'koboldcpp',
      displayName: 'KoboldCpp',
      defaultBaseUrl: kobold.url,
      capabilities: {
        auth: 'none',
        streaming: 'incremental',
        history: 'full',
        systemPrompt: true,
        models: 'fixed',
        input: { images: false },
      },
      info: { runs: 'local-server', apiKey: 'none' },
      streamChat: async function* () {},
      async detect(context, signal, baseUrl) {
        const probe = await probeJson(context.fetch, `${baseUrl}/api/v1/model`, signal);
        const result = (probe?.body as { result?: unknown } | undefined)?.result;
        return probe?.status === 200 && typeof result === 'string'
          ? { state: 'running', models: [{ id: result }] }
          : { state: 'absent' };
      },
    };
    try {
      const detection = await detectSetup({
        providers: [...providers, koboldcpp], // its registry line
        readSettings: async () => withBases({}),
        context: contextWith(fetch),
        installHeaderRules: async () => undefined,
      });
      expect(detection.local.at(-1)).toEqual({
        providerId: 'koboldcpp',
        baseUrl: kobold.url,
        state: 'running',
        models: ['koboldcpp/Llama-3.2-3B'],
      });
    } finally {
      await kobold.close();
    }
  });

  it('every local-server entry of the registry can be detected', () => {
    const local = providers.filter((p) => p.info?.runs === 'local-server');
    expect(local.map((p) => p.id)).toEqual(['ollama', 'lm-studio', 'llama-cpp', 'vllm']);
    for (const provider of local) expect(provider.detect, provider.id).toBeTypeOf('function');
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

describe('shareInFlight', () => {
  it('gives callers at the same time one run, and a later caller a new one', async () => {
    let runs = 0;
    let release: (value: number) => void = () => undefined;
    const shared = shareInFlight(
      () =>
        new Promise<number>((resolve) => {
          runs++;
          release = resolve;
        }),
    );
    const first = shared();
    const second = shared();
    expect(runs).toBe(1);
    release(7);
    await expect(Promise.all([first, second])).resolves.toEqual([7, 7]);
    const third = shared();
    expect(runs).toBe(2);
    release(8);
    await expect(third).resolves.toBe(8);
  });

  it('lets a later caller try again after a failure', async () => {
    let runs = 0;
    const shared = shareInFlight(async () => {
      runs++;
      if (runs === 1) throw new Error('first fails');
      return 'second works';
    });
    await expect(shared()).rejects.toThrow('first fails');
    await expect(shared()).resolves.toBe('second works');
  });
});
