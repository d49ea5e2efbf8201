// @vitest-environment jsdom
// jsdom, not happy-dom: replies render through DOMPurify, which mis-sanitises under happy-dom
// (cure53/DOMPurify#1457) — src/ui/markdown/render-html.ts.
//
// The provider and model pickers, reasoning shown apart from the answer, and model download
// progress, with the real view, model, port protocol, engine and store joined by a fake Port; the
// real registry's provider list; settings in a fake storage area that really stores and reports
// changes; and the model list asked of the OpenAI-compatible emulator by the worker's own handler.
import 'fake-indexeddb/auto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, within } from '@testing-library/preact';
import { startEngine, useEnglishMessages, type EngineHarness } from './engine-harness';
import { ChatView } from '../../src/ui/components/chat-view';
import { ChatModel } from '../../src/ui/models/chat-model';
import type { Connection } from '../../src/ui/models/connection';
import { noPageActions, type PageActions } from '../../src/ui/models/page-actions';
import { storageSettingsSource } from '../../src/ui/models/settings-source';
import { providers } from '../../src/providers/registry';
import type { createScriptedRunner } from '../fakes/scripted-runner';
import { createStorageArea, type FakeStorageArea } from '../fakes/storage';
import { startOpenAiServer } from '../mock-servers/openai';
import type { ScriptedServer } from '../mock-servers/scripted';

let harness: EngineHarness;
let runner: ReturnType<typeof createScriptedRunner>;
let storage: FakeStorageArea;
let openai: ScriptedServer;
let modelRequests: string[];
let opened: Array<string | undefined>;

useEnglishMessages();

beforeAll(async () => {
  openai = await startOpenAiServer({ models: ['gpt-4o-mini', 'o3-mini'] });
});
afterAll(() => openai.close());

beforeEach(async () => {
  harness = await startEngine();
  ({ runner } = harness);
  storage = createStorageArea();
  modelRequests = [];
  opened = [];
  openai.reset();
});
const mounted: ChatModel[] = [];
afterEach(() => {
  cleanup();
  // Close the ports and stop any reply still running, so nothing outlives the test.
  mounted.splice(0).forEach((model) => model.dispose());
  harness.close();
});

// The worker's own request handlers over the real registry and the settings in `storage`; the
// model lists asked for are noted on the way.
const connection = (): Connection => {
  const worker = harness.connection({ providers, storage });
  return {
    connect: worker.connect,
    request(type, params) {
      if (type === 'provider-models')
        modelRequests.push((params as { providerId: string }).providerId);
      return worker.request(type, params);
    },
  };
};

const actions: PageActions = {
  ...noPageActions,
  openProviderSettings: (providerId) => void opened.push(providerId),
};

async function mount(settings: Record<string, unknown> = {}, defaultProvider = 'auto') {
  await storage.set({ settings });
  const worker = connection();
  const model = new ChatModel({
    connection: worker,
    reconnectDelayMs: 5,
    actions,
    settings: storageSettingsSource(storage, worker),
  });
  mounted.push(model);
  const view = render(<ChatView model={model} />);
  await model.start(defaultProvider);
  await vi.waitFor(() => expect(options(view).length).toBeGreaterThan(1));
  return { model, view };
}

const select = (view: ReturnType<typeof render>) =>
  view.getByTestId('provider-select') as HTMLSelectElement;

/** [value, label, group label] of every option of the provider picker. */
const options = (view: ReturnType<typeof render>) =>
  [...select(view).querySelectorAll('option')].map((o) => [
    o.value,
    o.textContent,
    o.parentElement instanceof HTMLOptGroupElement ? o.parentElement.label : '',
  ]);

const option = (view: ReturnType<typeof render>, id: string) =>
  options(view).find(([value]) => value === id);

const choose = (view: ReturnType<typeof render>, id: string) =>
  fireEvent.change(select(view), { target: { value: id } });

const storedSettings = () =>
  (storage.snapshot().settings ?? {}) as { providers?: Record<string, { model?: string }> };

function sendText(view: ReturnType<typeof render>, text: string) {
  fireEvent.input(view.getByTestId('composer-input'), { target: { value: text } });
  fireEvent.click(view.getByTestId('send-button'));
}

const lastAssistant = (view: ReturnType<typeof render>) =>
  view.getAllByTestId('message').at(-1) as HTMLElement;

describe('provider picker', () => {
  it('shows each provider’s state in its label, grouped, with Auto first', async () => {
    const { view } = await mount();
    const all = options(view);
    expect(all[0]).toEqual(['auto', 'Auto', '']);
    expect(all.map(([value]) => value).sort()).toEqual(
      ['auto', ...providers.map((p) => p.id)].sort(),
    );
    expect(option(view, 'ollama')).toEqual(['ollama', 'Ollama', 'Ready']);
    expect(option(view, 'openai')).toEqual(['openai', 'OpenAI — needs a key', 'Needs setup']);
    expect(option(view, 'anthropic')).toEqual([
      'anthropic',
      'Anthropic — needs a key',
      'Needs setup',
    ]);
    expect(option(view, 'openai-compatible')).toEqual([
      'openai-compatible',
      'OpenAI-compatible (custom URL) — needs an address',
      'Needs setup',
    ]);
    expect(option(view, 'aichat')).toEqual([
      'aichat',
      'Aichat — offline since 2023-11-13',
      'Legacy services — for mirrors',
    ]);
    // Groups in order: ready, needs setup, the legacy services.
    expect([...select(view).querySelectorAll('optgroup')].map((g) => g.label)).toEqual([
      'Ready',
      'Needs setup',
      'Legacy services — for mirrors',
    ]);
    // A mirror set for a seed provider that needs a session there.
    cleanup();
    const again = await mount({ providers: { aichat: { baseUrl: 'https://mirror.test' } } });
    expect(option(again.view, 'aichat')).toEqual([
      'aichat',
      "Aichat — uses the site's session",
      'Legacy services — for mirrors',
    ]);
  });

  it('follows settings changes live: a key makes a provider ready, switching it off hides it', async () => {
    const { view } = await mount();
    expect(option(view, 'openai')?.[1]).toBe('OpenAI — needs a key');
    await storage.set({ settings: { providers: { openai: { apiKey: 'sk-1' } } } });
    await vi.waitFor(() => expect(option(view, 'openai')).toEqual(['openai', 'OpenAI', 'Ready']));
    await storage.set({
      settings: { providers: { openai: { apiKey: 'sk-1' }, groq: { enabled: false } } },
    });
    await vi.waitFor(() => expect(option(view, 'groq')).toBeUndefined());
    expect(option(view, 'openai')).toEqual(['openai', 'OpenAI', 'Ready']);
  });

  it('leaves out providers switched off, but a reopened conversation keeps showing its own', async () => {
    const first = await mount();
    choose(first.view, 'ollama');
    sendText(first.view, 'Hi Ollama');
    const run = await runner.next();
    expect(run.providerId).toBe('ollama');
    run.push({ type: 'text-delta', delta: 'Hello' });
    run.end();
    await vi.waitFor(() => expect(lastAssistant(first.view).dataset.status).toBe('done'));
    cleanup();

    const { view } = await mount({ providers: { ollama: { enabled: false } } });
    await vi.waitFor(() => expect(select(view).value).toBe('ollama'));
    expect(option(view, 'ollama')).toEqual(['ollama', 'Ollama — off', 'Needs setup']);
    expect(view.getByTestId('provider-hint').textContent).toContain(
      'Ollama is switched off in the settings.',
    );
    fireEvent.click(view.getByTestId('new-chat-button'));
    await vi.waitFor(() => expect(option(view, 'ollama')).toBeUndefined());
    expect(select(view).value).toBe('auto');
    expect(view.queryByTestId('provider-hint')).toBeNull();
  });

  it('says what a chosen provider needs, with a button to its settings', async () => {
    const { view } = await mount();
    expect(view.queryByTestId('provider-hint')).toBeNull();
    choose(view, 'openai');
    const hint = await vi.waitFor(() => view.getByTestId('provider-hint'));
    expect(hint.dataset.state).toBe('needs-key');
    expect(hint.textContent).toContain('OpenAI needs an API key to answer.');
    fireEvent.click(within(hint).getByTestId('provider-settings-button'));
    expect(opened).toEqual(['openai']);

    choose(view, 'openai-compatible');
    await vi.waitFor(() =>
      expect(view.getByTestId('provider-hint').dataset.state).toBe('needs-base-url'),
    );
    // The key arrives from the options page: the hint goes by itself.
    choose(view, 'openai');
    await storage.set({ settings: { providers: { openai: { apiKey: 'sk-1' } } } });
    await vi.waitFor(() => expect(view.queryByTestId('provider-hint')).toBeNull());
  });
});

describe('model picker', () => {
  it('lists the service’s models for the chosen provider, remembers the choice and sends it', async () => {
    const { view } = await mount({
      providers: { 'openai-compatible': { baseUrl: `${openai.url}/v1` } },
    });
    // Nothing asked for Auto, and nothing before a provider is chosen.
    expect(view.queryByTestId('model-select')).toBeNull();
    expect(modelRequests).toEqual([]);

    choose(view, 'openai-compatible');
    const picker = await vi.waitFor(() => view.getByTestId('model-select') as HTMLSelectElement);
    expect([...picker.options].map((o) => [o.value, o.textContent])).toEqual([
      ['', 'Default model'],
      ['gpt-4o-mini', 'gpt-4o-mini'],
      ['o3-mini', 'o3-mini'],
    ]);
    expect(picker.value).toBe('');
    expect(openai.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v1/models']);

    fireEvent.change(picker, { target: { value: 'o3-mini' } });
    await vi.waitFor(() =>
      expect(storedSettings().providers?.['openai-compatible']?.model).toBe('o3-mini'),
    );
    sendText(view, 'Which model?');
    const run = await runner.next();
    expect([run.providerId, run.model]).toEqual(['openai-compatible', 'o3-mini']);
    run.end();
    await vi.waitFor(() => expect(lastAssistant(view).dataset.status).toBe('done'));
    // The list was asked once: the model choice changed the settings, not the base URL or key.
    expect(modelRequests).toEqual(['openai-compatible']);

    // Back to the provider's default: the setting goes, and nothing is sent.
    fireEvent.change(view.getByTestId('model-select'), { target: { value: '' } });
    await vi.waitFor(() =>
      expect(storedSettings().providers?.['openai-compatible']).toEqual({
        baseUrl: `${openai.url}/v1`,
      }),
    );
    sendText(view, 'And now?');
    const second = await runner.next();
    expect(second.model).toBeUndefined();
    second.end();
  });

  it('shows no model picker for Auto, a provider with one model, or one that needs setup', async () => {
    const { view } = await mount();
    choose(view, 'acytoo');
    choose(view, 'openai');
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(view.queryByTestId('model-select')).toBeNull();
    expect(modelRequests).toEqual([]);
  });

  it('asks again when the base URL changes', async () => {
    const { view } = await mount({
      providers: { 'openai-compatible': { baseUrl: 'http://127.0.0.1:9/v1' } },
    });
    choose(view, 'openai-compatible');
    await vi.waitFor(() => expect(modelRequests).toEqual(['openai-compatible']));
    // Nothing answers there: no picker.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(view.queryByTestId('model-select')).toBeNull();
    await storage.set({
      settings: { providers: { 'openai-compatible': { baseUrl: `${openai.url}/v1` } } },
    });
    await vi.waitFor(() => expect(view.getByTestId('model-select')).toBeTruthy());
    expect(modelRequests).toEqual(['openai-compatible', 'openai-compatible']);
  });
});

describe('reasoning and download progress in a reply', () => {
  it('shows the reasoning growing apart from the answer, and collapses it when the answer starts', async () => {
    const { view } = await mount({}, 'acytoo');
    sendText(view, 'Think first');
    const run = await runner.next();
    run.push({ type: 'reasoning-delta', delta: 'Let me think. <img src=x onerror="alert(1)">' });
    const reasoning = await vi.waitFor(
      () => within(lastAssistant(view)).getByTestId('message-reasoning') as HTMLDetailsElement,
    );
    expect(reasoning.open).toBe(true);
    expect(reasoning.querySelector('summary')?.textContent).toBe('Reasoning');
    // Model output: shown as text, never as HTML.
    expect(reasoning.querySelector('img')).toBeNull();
    expect(reasoning.textContent).toContain('<img src=x onerror="alert(1)">');
    // The reasoning is what grows, not a bare "Answering…".
    expect(lastAssistant(view).textContent).not.toContain('Answering…');
    run.push({ type: 'reasoning-delta', delta: ' Then answer.' });
    await vi.waitFor(() => expect(reasoning.textContent).toContain('Then answer.'));
    expect(reasoning.open).toBe(true);

    run.push({ type: 'text-delta', delta: 'The answer' });
    await vi.waitFor(() =>
      expect(within(lastAssistant(view)).getByTestId('message-text').textContent).toBe(
        'The answer',
      ),
    );
    expect(reasoning.open).toBe(false);
    // The user opens it again; more answer text does not close it.
    reasoning.open = true;
    run.push({ type: 'text-delta', delta: ' is 42.' });
    run.end();
    await vi.waitFor(() => expect(lastAssistant(view).dataset.status).toBe('done'));
    expect(within(lastAssistant(view)).getByTestId('message-text').textContent).toBe(
      'The answer is 42.',
    );
    expect(within(lastAssistant(view)).getByTestId('message-reasoning')).toBe(reasoning);
    expect(reasoning.open).toBe(true);
    expect(reasoning.textContent).toBe(
      'ReasoningLet me think. <img src=x onerror="alert(1)"> Then answer.',
    );

    // Reopened later: kept, collapsed.
    cleanup();
    const again = await mount({}, 'acytoo');
    const stored = await vi.waitFor(
      () =>
        within(lastAssistant(again.view)).getByTestId('message-reasoning') as HTMLDetailsElement,
    );
    expect(stored.open).toBe(false);
    expect(stored.textContent).toContain('Then answer.');
  });

  it('keeps the reasoning open for a reply stopped before any answer, also when reopened', async () => {
    const { view } = await mount({}, 'acytoo');
    sendText(view, 'Think');
    const run = await runner.next();
    run.push({ type: 'reasoning-delta', delta: 'Hmm…' });
    await vi.waitFor(() => within(lastAssistant(view)).getByTestId('message-reasoning'));
    fireEvent.click(view.getByTestId('stop-button'));
    await vi.waitFor(() => expect(lastAssistant(view).dataset.status).toBe('stopped'));
    const reasoning = within(lastAssistant(view)).getByTestId(
      'message-reasoning',
    ) as HTMLDetailsElement;
    expect(reasoning.open).toBe(true);
    cleanup();
    const again = await mount({}, 'acytoo');
    const stored = await vi.waitFor(
      () =>
        within(lastAssistant(again.view)).getByTestId('message-reasoning') as HTMLDetailsElement,
    );
    expect(stored.open).toBe(true);
    expect(stored.textContent).toBe('ReasoningHmm…');
  });

  it('shows no reasoning block for a reply without reasoning', async () => {
    const { view } = await mount({}, 'acytoo');
    sendText(view, 'Plain');
    const run = await runner.next();
    run.push({ type: 'text-delta', delta: 'Plain answer' });
    run.end();
    await vi.waitFor(() => expect(lastAssistant(view).dataset.status).toBe('done'));
    expect(within(lastAssistant(view)).queryByTestId('message-reasoning')).toBeNull();
  });

  it('shows "Downloading the model… N%" in the streaming reply while the model downloads', async () => {
    const { view } = await mount({}, 'chrome-builtin');
    sendText(view, 'Hi');
    const run = await runner.next();
    run.push({ type: 'provider-start', providerId: 'chrome-builtin', displayName: 'Chrome' });
    await vi.waitFor(() => expect(lastAssistant(view).textContent).toContain('Answering…'));
    run.push({ type: 'download-progress', loaded: 0.05 });
    await vi.waitFor(() =>
      expect(within(lastAssistant(view)).getByTestId('download-progress').textContent).toBe(
        'Downloading the model… 5%',
      ),
    );
    run.push({ type: 'download-progress', loaded: 0.423 });
    await vi.waitFor(() =>
      expect(within(lastAssistant(view)).getByTestId('download-progress').textContent).toBe(
        'Downloading the model… 42%',
      ),
    );
    expect(lastAssistant(view).textContent).not.toContain('Answering…');
    const bar = lastAssistant(view).querySelector('progress') as HTMLProgressElement;
    expect(bar.value).toBe(42);

    run.push({ type: 'text-delta', delta: 'Ready now' });
    await vi.waitFor(() =>
      expect(within(lastAssistant(view)).queryByTestId('download-progress')).toBeNull(),
    );
    run.end();
    await vi.waitFor(() => expect(lastAssistant(view).dataset.status).toBe('done'));
    expect(within(lastAssistant(view)).getByTestId('message-text').textContent).toBe('Ready now');
  });
});
