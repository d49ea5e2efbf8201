// Issue 14: a provider that takes no images is refused before anything is sent, and Auto skips it
// (saying why when none is left). The runner with the real adapters against their emulators on
// 127.0.0.1; the rule itself is shared/provider-state.ts `acceptsInput`.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createProviderRunner, inputNeeds, type RunEvent } from './provider-runner';
import { providers as registry } from '../providers/registry';
import { ProviderError, type ChatMessage } from '../providers/types';
import { acceptsInput } from '../shared/provider-state';
import { readSettings, SETTINGS_KEY } from '../shared/settings';
import { createStorageArea } from '../../tests/fakes/storage';
import { imageTurn, tinyPng } from '../../tests/fakes/images';
import { nodeContext } from '../../tests/mock-servers/adapter-harness';
import { startAnthropicServer } from '../../tests/mock-servers/anthropic';
import { startAcytooMock, type AcytooMock } from '../../tests/mock-servers/acytoo';
import type { ScriptedServer } from '../../tests/mock-servers/scripted';
import { userMessage } from '../shared/content-parts';

const KEY = 'sk-ant-test';
let acytoo: AcytooMock;
let anthropic: ScriptedServer;

beforeAll(async () => {
  [acytoo, anthropic] = await Promise.all([
    startAcytooMock(),
    startAnthropicServer({ apiKey: KEY }),
  ]);
});
afterAll(() => Promise.all([acytoo.close(), anthropic.close()]));
beforeEach(() => {
  acytoo.reset();
  anthropic.reset();
});

const providers = registry.filter((p) => p.id === 'acytoo' || p.id === 'anthropic');

function setup(withAnthropic: boolean) {
  const settings = {
    providers: {
      acytoo: { baseUrl: acytoo.url },
      anthropic: withAnthropic
        ? { baseUrl: anthropic.url, apiKey: KEY }
        : { baseUrl: anthropic.url, enabled: false },
    },
    auto: { order: ['acytoo', 'anthropic'] },
  };
  const storage = createStorageArea({ [SETTINGS_KEY]: settings });
  const rules: string[] = [];
  const runner = createProviderRunner({
    providers,
    readSettings: () => readSettings(storage),
    context: nodeContext({ cookies: true }),
    installHeaderRules: async (adapter) => {
      rules.push(adapter.id);
    },
    hasHostPermission: async () => true,
  });
  return { runner, rules };
}

async function collect(
  runner: ReturnType<typeof createProviderRunner>,
  providerId: string,
  messages: ChatMessage[],
) {
  const events: RunEvent[] = [];
  let error: unknown;
  try {
    for await (const event of runner.run({
      providerId,
      messages,
      signal: new AbortController().signal,
    })) {
      events.push(event);
    }
  } catch (thrown) {
    error = thrown;
  }
  const text = events.flatMap((e) => (e.type === 'text-delta' ? [e.delta] : [])).join('');
  const starts = events.flatMap((e) => (e.type === 'provider-start' ? [e.providerId] : []));
  return { error, text, starts };
}

describe('a message with an image', () => {
  it('is refused for a text-only provider before anything is sent, naming it and the way out', async () => {
    const { runner, rules } = setup(true);
    const { error, text } = await collect(runner, 'acytoo', [imageTurn()]);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({
      code: 'input-unsupported',
      providerId: 'acytoo',
      retryable: false,
    });
    expect((error as Error).message).toBe(
      'Acytoo takes no images. Choose a provider that takes images (Auto picks one), or remove the image.',
    );
    expect(text).toBe('');
    expect(acytoo.requests).toEqual([]);
    expect(rules).toEqual([]);
  });

  it('goes to a provider that takes images, in its documented form', async () => {
    const { runner } = setup(true);
    const { error, text } = await collect(runner, 'anthropic', [imageTurn()]);
    expect(error).toBeUndefined();
    expect(text).toContain('[image/png 2×1]');
  });

  it('makes Auto skip text-only providers and go to one that takes images', async () => {
    const { runner } = setup(true);
    const { error, text, starts } = await collect(runner, 'auto', [imageTurn()]);
    expect(error).toBeUndefined();
    expect(starts).toEqual(['anthropic']);
    expect(text).toContain('[image/png 2×1]');
    expect(acytoo.requests).toEqual([]);
  });

  it('makes Auto say why when no provider left takes images, and send nothing', async () => {
    const { runner } = setup(false);
    const { error, starts } = await collect(runner, 'auto', [imageTurn()]);
    expect(error).toMatchObject({ code: 'input-unsupported', providerId: 'auto' });
    expect((error as Error).message).toMatch(
      /^Auto has no provider that takes images: Acytoo takes text only\. Set up a provider that takes images .* or remove the image\.$/,
    );
    expect(starts).toEqual([]);
    expect(acytoo.requests).toEqual([]);
  });
});

describe('without an image', () => {
  it('text-only providers take documents and text as before, Auto in its order', async () => {
    const { runner } = setup(true);
    const message = userMessage('Sum up.', [{ type: 'document', name: 'a.txt', text: 'alpha' }]);
    const { error, starts } = await collect(runner, 'auto', [message]);
    expect(error).toBeUndefined();
    expect(starts).toEqual(['acytoo']);
    expect(acytoo.requests).toHaveLength(1);
  });

  it('an image earlier in the conversation does not hold back a text-only provider', async () => {
    const { runner } = setup(true);
    const messages: ChatMessage[] = [
      imageTurn(),
      { role: 'assistant', content: 'Two pixels.' },
      { role: 'user', content: 'Thanks' },
    ];
    const { error, starts } = await collect(runner, 'acytoo', messages);
    expect(error).toBeUndefined();
    expect(starts).toEqual(['acytoo']);
  });
});

describe('the rule', () => {
  it('asks only about the message being answered', () => {
    expect(inputNeeds([imageTurn()])).toEqual({ images: true });
    expect(inputNeeds([imageTurn(), { role: 'assistant', content: 'x' }])).toEqual({
      images: true,
    });
    expect(
      inputNeeds([
        imageTurn(),
        { role: 'assistant', content: 'x' },
        { role: 'user', content: 'y' },
      ]),
    ).toEqual({ images: false });
    expect(inputNeeds([userMessage('x', [tinyPng])])).toEqual({ images: true });
  });

  it('offers every provider for text, only image takers for an image', () => {
    const textOnly = { capabilities: { input: { images: false } } } as const;
    const vision = { capabilities: { input: { images: true } } } as const;
    expect(acceptsInput(textOnly, { images: false })).toBe(true);
    expect(acceptsInput(textOnly, undefined)).toBe(true);
    expect(acceptsInput(textOnly, { images: true })).toBe(false);
    expect(acceptsInput(vision, { images: true })).toBe(true);
  });
});
