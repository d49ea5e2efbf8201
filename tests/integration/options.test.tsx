import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, within } from '@testing-library/preact';
import { OptionsPage, providerFromHash } from '../../src/ui/options/options-page';
import { OptionsModel, type HostPermissions } from '../../src/ui/models/options-model';
import type { ChatPort, Connection } from '../../src/ui/models/connection';
import { ChatEngine } from '../../src/background/jobs';
import { openStore, type Store } from '../../src/background/store';
import { createDataHandlers } from '../../src/background/data-requests';
import { answerRequest, type RequestHandlers } from '../../src/background/requests';
import { catalogueSource, setMessageSource } from '../../src/shared/i18n';
import { parseSettings, SETTINGS_KEY } from '../../src/shared/settings';
import { BACKUP_FORMAT } from '../../src/shared/backup';
import type { ProviderInfo } from '../../src/shared/protocol';
import { createScriptedRunner } from '../fakes/scripted-runner';
import { createStorageArea, type FakeStorageArea } from '../fakes/storage';
import { createSettingsHandlers } from '../../src/background/settings-requests';
import en from '../../public/_locales/en/messages.json';

// The real options page and model against the worker's real data handlers and store, a storage
// area that really stores, and a permissions fake that records what was asked.
setMessageSource(catalogueSource(en));

const PROVIDERS: ProviderInfo[] = [
  {
    id: 'acytoo',
    displayName: 'Acytoo',
    defaultBaseUrl: 'https://chat.acytoo.com',
    capabilities: {
      auth: 'none',
      streaming: 'incremental',
      history: 'full',
      systemPrompt: true,
      models: 'fixed',
      input: { images: false },
    },
  },
  {
    id: 'openai',
    displayName: 'OpenAI',
    defaultBaseUrl: 'https://api.openai.com/v1',
    capabilities: {
      auth: 'api-key',
      streaming: 'incremental',
      history: 'full',
      systemPrompt: true,
      models: 'listable',
      input: { images: false },
    },
    models: [{ id: 'gpt-4o-mini' }],
  },
  {
    id: 'old',
    displayName: 'Old One',
    defaultBaseUrl: 'https://old.example',
    capabilities: {
      auth: 'browser-cookies',
      streaming: 'whole',
      history: 'last-message',
      systemPrompt: false,
      models: 'fixed',
      input: { images: false },
    },
    status: { working: false, checked: '2023-11-22', note: 'gone' },
  },
];

let db = 0;
let store: Store;
let storage: FakeStorageArea;
let permissions: HostPermissions & { asked: string[][]; grant: boolean; granted: Set<string> };
let handlers: RequestHandlers;
let tested: string[];

beforeEach(async () => {
  store = await openStore(`options-${++db}`);
  storage = createStorageArea({ [SETTINGS_KEY]: { providers: { openai: { apiKey: 'sk-mine' } } } });
  const granted = new Set<string>(['https://chat.acytoo.com/*']);
  permissions = {
    asked: [],
    grant: true,
    granted,
    async request(origins) {
      permissions.asked.push(origins);
      if (permissions.grant) origins.forEach((o) => granted.add(o));
      return permissions.grant;
    },
    async contains(origins) {
      return origins.every((o) => granted.has(o));
    },
  };
  tested = [];
  const engine = new ChatEngine({
    store,
    runner: createScriptedRunner(),
    now: Date.now,
    newId: () => crypto.randomUUID(),
  });
  const unused = async (): Promise<never> => {
    throw new Error('not used here');
  };
  handlers = {
    ping: unused,
    'setup-detect': unused,
    'provider-models': unused,
    'providers-list': async () => PROVIDERS,
    'conversations-list': unused,
    ...createSettingsHandlers(storage),
    ...createDataHandlers({
      ready: Promise.resolve({ store, engine }),
      settings: storage,
      now: Date.now,
      later: () => undefined,
    }),
    // The seed providers' request (src/background/provider-requests.ts), answered here the way it
    // answers: the latency, the reply's text, the provider that answered.
    'provider-test': async ({ providerId }) => {
      tested.push(providerId);
      return { latencyMs: 42, text: 'Hello!', providerId };
    },
  };
  location.hash = '';
});
afterEach(() => {
  cleanup();
  store.close();
  vi.restoreAllMocks();
});

const connection: Connection = {
  connect: () => ({}) as ChatPort,
  request: (type, params) => answerRequest(handlers, type, params),
};

async function mount() {
  const model = new OptionsModel({ connection, storage, permissions });
  const view = render(<OptionsPage model={model} />);
  await model.start();
  await vi.waitFor(() => expect(view.getAllByTestId('provider-card')).toHaveLength(3));
  return { model, view };
}

type View = ReturnType<typeof render>;
const card = (view: View, id: string) =>
  view.getAllByTestId('provider-card').find((el: HTMLElement) => el.dataset.providerId === id)!;
const stored = () => parseSettings(storage.snapshot()[SETTINGS_KEY]);

describe('providers', () => {
  it('saves a base URL, asking for its host in the click, and the next request reads it', async () => {
    const { view } = await mount();
    const acytoo = within(card(view, 'acytoo'));
    fireEvent.input(acytoo.getByTestId('provider-base-url'), {
      target: { value: 'http://127.0.0.1:8123/' },
    });
    fireEvent.input(acytoo.getByTestId('provider-temperature'), { target: { value: '0,7' } });
    fireEvent.input(acytoo.getByTestId('provider-timeout'), { target: { value: '30' } });
    // Asked synchronously, in the submit handler itself: the browser shows its prompt only
    // during the click's user gesture.
    fireEvent.submit(acytoo.getByTestId('provider-save').closest('form')!);
    expect(permissions.asked).toEqual([['http://127.0.0.1/*']]);
    await vi.waitFor(() =>
      expect(acytoo.getByTestId('provider-status').dataset.status).toBe('saved'),
    );
    expect(stored().providers.acytoo).toEqual({
      baseUrl: 'http://127.0.0.1:8123',
      temperature: 0.7,
      timeoutMs: 30_000,
    });
    // Other providers' settings are untouched.
    expect(stored().providers.openai).toEqual({ apiKey: 'sk-mine' });
  });

  it('refuses a base URL that is not http(s), saving nothing', async () => {
    const { view } = await mount();
    const acytoo = within(card(view, 'acytoo'));
    const field = acytoo.getByTestId('provider-base-url');
    fireEvent.input(field, { target: { value: 'ftp://example.com' } });
    fireEvent.click(acytoo.getByTestId('provider-save'));
    await vi.waitFor(() =>
      expect(acytoo.getByTestId('provider-status').textContent).toBe(
        'The base URL must be a full http:// or https:// address.',
      ),
    );
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(permissions.asked).toEqual([]);
    expect(stored().providers.acytoo).toBeUndefined();
  });

  it('saves even when the host is refused, and says requests will fail until allowed', async () => {
    const { view } = await mount();
    permissions.grant = false;
    const acytoo = within(card(view, 'acytoo'));
    fireEvent.input(acytoo.getByTestId('provider-base-url'), {
      target: { value: 'https://proxy.example/v1' },
    });
    fireEvent.click(acytoo.getByTestId('provider-save'));
    await vi.waitFor(() =>
      expect(acytoo.getByTestId('provider-status').dataset.status).toBe('no-permission'),
    );
    expect(stored().providers.acytoo?.baseUrl).toBe('https://proxy.example/v1');
    expect(acytoo.getByTestId('host-permission-notice').textContent).toContain('proxy.example');
    permissions.grant = true;
    fireEvent.click(within(acytoo.getByTestId('host-permission-notice')).getByRole('button'));
    await vi.waitFor(() => expect(acytoo.queryByTestId('host-permission-notice')).toBeNull());
  });

  it('masks the API key, shows it on demand, and only for providers that take one', async () => {
    const { view } = await mount();
    const openai = within(card(view, 'openai'));
    const key = openai.getByTestId('provider-api-key') as HTMLInputElement;
    expect(key.type).toBe('password');
    expect(key.value).toBe('sk-mine');
    fireEvent.click(openai.getByText('Show'));
    expect((openai.getByTestId('provider-api-key') as HTMLInputElement).type).toBe('text');
    expect(within(card(view, 'acytoo')).queryByTestId('provider-api-key')).toBeNull();
    expect(within(card(view, 'old')).queryByTestId('provider-system-prompt')).toBeNull();
  });

  it('shows each provider state: on, needs a key, offline since', async () => {
    storage = createStorageArea({});
    Object.assign(handlers, createSettingsHandlers(storage));
    const { view } = await mount();
    const state = (id: string) => card(view, id).querySelector('.provider-state')?.textContent;
    expect(state('acytoo')).toBe('on');
    expect(state('openai')).toBe('needs a key');
    expect(state('old')).toBe('offline since 2023-11-22');
    // The box says whether the person switched it off, not what it still needs.
    expect(
      (within(card(view, 'openai')).getByTestId('provider-enabled') as HTMLInputElement).checked,
    ).toBe(true);
    expect(
      (within(card(view, 'old')).getByTestId('provider-enabled') as HTMLInputElement).checked,
    ).toBe(false);
  });

  it('saving a key with the box untouched makes the provider ready, with no opt-out stored', async () => {
    storage = createStorageArea({});
    Object.assign(handlers, createSettingsHandlers(storage));
    const { view } = await mount();
    const openai = within(card(view, 'openai'));
    fireEvent.input(openai.getByTestId('provider-api-key'), { target: { value: 'sk-test' } });
    fireEvent.click(openai.getByTestId('provider-save'));
    await vi.waitFor(() => expect(stored().providers.openai).toEqual({ apiKey: 'sk-test' }));
    await vi.waitFor(() =>
      expect(openai.getByTestId('provider-state').getAttribute('data-state')).toBe('ready'),
    );
  });

  it('stores "enabled" when the person changes the box', async () => {
    const { view } = await mount();
    const acytoo = within(card(view, 'acytoo'));
    fireEvent.click(acytoo.getByTestId('provider-enabled'));
    fireEvent.click(acytoo.getByTestId('provider-save'));
    await vi.waitFor(() => expect(stored().providers.acytoo).toEqual({ enabled: false }));
    expect(permissions.asked).toEqual([]);
  });

  it('tests the connection with the saved settings and shows the latency', async () => {
    const { view } = await mount();
    const acytoo = within(card(view, 'acytoo'));
    fireEvent.click(acytoo.getByTestId('provider-test'));
    await vi.waitFor(() =>
      expect(acytoo.getByTestId('provider-status').textContent).toBe(
        'Connected in 42 ms (Acytoo): “Hello!”',
      ),
    );
    expect(tested).toEqual(['acytoo']);
  });

  it('shows a failed test by its error code, with the provider', async () => {
    handlers['provider-test'] = async () => {
      throw Object.assign(new Error('Acytoo: connection refused'), {
        code: 'network',
        retryable: true,
      });
    };
    const { view } = await mount();
    const acytoo = within(card(view, 'acytoo'));
    fireEvent.click(acytoo.getByTestId('provider-test'));
    await vi.waitFor(() =>
      expect(acytoo.getByTestId('provider-status').dataset.status).toBe('test-failed'),
    );
    expect(acytoo.getByTestId('provider-status').textContent).toContain('Could not reach Acytoo.');
  });

  it('opens the provider named in #provider=<id>', async () => {
    expect(providerFromHash('#provider=openai')).toBe('openai');
    expect(providerFromHash('#data-heading')).toBeUndefined();
    location.hash = '#provider=openai';
    const { view } = await mount();
    expect((card(view, 'openai') as HTMLDetailsElement).open).toBe(true);
    expect((card(view, 'acytoo') as HTMLDetailsElement).open).toBe(false);
    location.hash = '#provider=acytoo';
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    await vi.waitFor(() => expect((card(view, 'acytoo') as HTMLDetailsElement).open).toBe(true));
  });
});

describe('auto chain, templates, appearance', () => {
  it('reorders the Auto chain and shuffles it', async () => {
    const { view } = await mount();
    const names = () =>
      view.getAllByTestId('auto-item').map((el: HTMLElement) => el.dataset.providerId);
    expect(names()).toEqual(['acytoo', 'openai', 'old']);
    fireEvent.click(view.getByLabelText('Move OpenAI up'));
    await vi.waitFor(() => expect(names()).toEqual(['openai', 'acytoo', 'old']));
    expect(stored().auto.order).toEqual(['openai', 'acytoo', 'old']);
    fireEvent.click(view.getByTestId('auto-shuffle'));
    await vi.waitFor(() => expect(stored().auto.shuffle).toBe(true));
  });

  it('adds a context-menu prompt, refusing an incomplete one', async () => {
    const { view } = await mount();
    fireEvent.click(view.getByTestId('template-add'));
    fireEvent.click(view.getByTestId('templates-save'));
    await vi.waitFor(() =>
      expect(view.getByText('Every prompt needs a menu item name and a prompt.')).toBeTruthy(),
    );
    expect(stored().selection.templates).toEqual([]);
    fireEvent.input(view.getByTestId('template-title'), { target: { value: 'Rhyme it' } });
    fireEvent.input(view.getByTestId('template-prompt'), {
      target: { value: 'Make a rhyme of {{selection}} from {{title}}' },
    });
    fireEvent.click(view.getByTestId('templates-save'));
    await vi.waitFor(() => expect(stored().selection.templates).toHaveLength(1));
    expect(stored().selection.templates[0]).toMatchObject({
      title: 'Rhyme it',
      prompt: 'Make a rhyme of {{selection}} from {{title}}',
    });
  });

  it('sets the theme and the language', async () => {
    const { view } = await mount();
    fireEvent.click(view.getByTestId('theme-dark'));
    await vi.waitFor(() => expect(stored().ui.theme).toBe('dark'));
    fireEvent.change(view.getByTestId('language-select'), { target: { value: 'ru' } });
    await vi.waitFor(() => expect(stored().ui.language).toBe('ru'));
  });
});

describe('data', () => {
  /** Captures what downloadText hands to the browser. */
  function captureDownloads() {
    const files: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      files.push(blob as Blob);
      return 'blob:captured';
    });
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    return files;
  }

  function chooseFile(view: View, text: string) {
    const input = view.getByTestId('import-file') as HTMLInputElement;
    const file = new File([text], 'backup.json', { type: 'application/json' });
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    fireEvent.change(input);
  }

  async function seed() {
    await store.createConversation({
      id: 'c1',
      title: 'Existing',
      createdAt: 1,
      updatedAt: 1,
      providerId: 'auto',
    });
    await store.addMessage({
      id: 'm1',
      conversationId: 'c1',
      role: 'user',
      text: 'Hello there',
      status: 'done',
      createdAt: 1,
      updatedAt: 1,
    });
  }

  it('exports everything without API keys unless the box is ticked', async () => {
    await seed();
    const files = captureDownloads();
    const { view } = await mount();
    fireEvent.click(view.getByTestId('export-json'));
    await vi.waitFor(() => expect(files).toHaveLength(1));
    const plain = JSON.parse(await files[0]!.text()) as {
      format: string;
      settings: { providers: Record<string, unknown> };
      messages: unknown[];
    };
    expect(plain.format).toBe(BACKUP_FORMAT);
    expect(plain.messages).toHaveLength(1);
    expect(JSON.stringify(plain)).not.toContain('sk-mine');

    fireEvent.click(view.getByTestId('export-include-keys'));
    fireEvent.click(view.getByTestId('export-json'));
    await vi.waitFor(() => expect(files).toHaveLength(2));
    expect(await files[1]!.text()).toContain('sk-mine');
  });

  it('exports conversations as Markdown', async () => {
    await seed();
    const files = captureDownloads();
    const { view } = await mount();
    fireEvent.click(view.getByTestId('export-markdown'));
    await vi.waitFor(() => expect(files).toHaveLength(1));
    const text = await files[0]!.text();
    expect(text).toMatch(/^# Existing\n/);
    expect(text).toContain('## You\n\nHello there\n');
  });

  it('rejects a bad file with its reason and changes nothing', async () => {
    await seed();
    const { view } = await mount();
    const before = { data: await store.exportData(), settings: storage.snapshot() };
    chooseFile(view, '{"format":"parley-backup","version":1,"conversations":[{"id":1}]}');
    await vi.waitFor(() =>
      expect(view.getByTestId('data-result').dataset.outcome).toBe('rejected'),
    );
    const result = view.getByTestId('data-result');
    expect(result.dataset.reason).toBe('wrong-shape');
    expect(result.textContent).toContain('The file was not imported and nothing changed.');
    expect(result.textContent).toContain('conversations[0].id: expected string, found number');
    expect({ data: await store.exportData(), settings: storage.snapshot() }).toEqual(before);
  });

  it('imports a good file', async () => {
    const { view } = await mount();
    chooseFile(
      view,
      JSON.stringify({
        format: BACKUP_FORMAT,
        version: 1,
        settings: { ui: { theme: 'dark' } },
        conversations: [
          { id: 'x', title: 'From file', createdAt: 1, updatedAt: 1, providerId: 'auto' },
        ],
        messages: [],
      }),
    );
    await vi.waitFor(() =>
      expect(view.getByTestId('data-result').dataset.outcome).toBe('imported'),
    );
    expect(view.getByTestId('data-result').textContent).toBe(
      'Imported 1 conversation(s) with 0 message(s).',
    );
    expect((await store.listConversations()).map((c) => c.title)).toEqual(['From file']);
    expect(stored().ui.theme).toBe('dark');
    expect(stored().providers.openai?.apiKey).toBe('sk-mine');
  });

  it('says which stored key an import dropped because the file moved its provider (issue 11)', async () => {
    const { view } = await mount();
    chooseFile(
      view,
      JSON.stringify({
        format: BACKUP_FORMAT,
        version: 1,
        settings: { providers: { openai: { baseUrl: 'https://collector.example/v1' } } },
        conversations: [],
        messages: [],
      }),
    );
    await vi.waitFor(() =>
      expect(view.getByTestId('data-result').dataset.outcome).toBe('imported'),
    );
    expect(view.getByTestId('import-keys-dropped').textContent).toBe(
      'The file moved OpenAI to another address, so the API key stored for the old one was removed. Enter the key again if you trust the new address.',
    );
    expect(stored().providers.openai).toEqual({ baseUrl: 'https://collector.example/v1' });
  });

  it('deletes everything only after confirmation', async () => {
    await seed();
    const { view } = await mount();
    fireEvent.click(view.getByTestId('delete-all'));
    expect(await store.listConversations()).toHaveLength(1);
    fireEvent.click(view.getByText('Cancel'));
    expect(view.queryByTestId('delete-all-confirm')).toBeNull();
    fireEvent.click(view.getByTestId('delete-all'));
    fireEvent.click(view.getByTestId('delete-all-confirm'));
    await vi.waitFor(() => expect(view.getByTestId('data-result').dataset.outcome).toBe('deleted'));
    expect(await store.listConversations()).toEqual([]);
    expect(storage.snapshot()).toEqual({});
  });
});
