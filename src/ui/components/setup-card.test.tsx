import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render } from '@testing-library/preact';
import { SetupCard } from './setup-card';
import { ChatModel } from '../models/chat-model';
import type { Connection } from '../models/connection';
import type { ProviderInfo, RequestMap, SetupDetection } from '../../shared/protocol';
import { compareAndSetSettings } from '../../shared/settings';
import { noPageActions } from '../models/page-actions';
import { catalogueSource, setMessageSource } from '../../shared/i18n';
import { createStorageArea } from '../../../tests/fakes/storage';
import en from '../../../public/_locales/en/messages.json';

setMessageSource(catalogueSource(en));

afterEach(() => {
  cleanup();
  delete (globalThis as { LanguageModel?: unknown }).LanguageModel;
});

const detection = (builtin: SetupDetection['builtin']): SetupDetection => ({
  local: [{ providerId: 'ollama', baseUrl: 'http://localhost:11434', state: 'absent' }],
  builtin,
});

const openaiInfo: ProviderInfo = {
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
  info: { runs: 'hosted', apiKey: 'required', keysUrl: 'https://platform.openai.com/api-keys' },
};

function mount(found: SetupDetection, options: { grant?: boolean; asked?: string[] } = {}) {
  const storage = createStorageArea();
  const connection: Connection = {
    connect: () => {
      throw new Error('not used');
    },
    request: (async (type: string, params: unknown) => {
      if (type === 'setup-detect') return { ok: true, value: found };
      // The worker's own handler, on the same storage: the only writer of the settings.
      if (type === 'settings-update') {
        const { base, next } = params as RequestMap['settings-update']['params'];
        return { ok: true, value: await compareAndSetSettings(storage, base, next) };
      }
      return { ok: true, value: [] };
    }) as Connection['request'],
  };
  const done = vi.fn();
  const model = new ChatModel({
    connection,
    actions: {
      ...noPageActions,
      requestHostAccess: (origin) => {
        options.asked?.push(origin);
        return Promise.resolve(options.grant ?? true);
      },
    },
  });
  model.providers.value = [openaiInfo];
  const view = render(
    <SetupCard
      model={model}
      connection={connection}
      storage={storage}
      openOptions={() => undefined}
      onDone={done}
    />,
  );
  return { view, storage, done, model };
}

/** A fake of Chrome's Prompt API entry point: create() reports progress, then resolves or fails. */
function fakeLanguageModel(outcome: 'ok' | 'fail') {
  const destroyed = vi.fn();
  (globalThis as { LanguageModel?: unknown }).LanguageModel = {
    async create({ monitor }: { monitor?: (m: EventTarget) => void }) {
      const target = new EventTarget();
      monitor?.(target);
      target.dispatchEvent(Object.assign(new Event('downloadprogress'), { loaded: 0.5 }));
      if (outcome === 'fail') throw new DOMException('Not enough space', 'NotAllowedError');
      return { destroy: destroyed };
    },
  };
  return destroyed;
}

describe('SetupCard', () => {
  it('downloads the built-in model on a click and chooses it', async () => {
    const destroyed = fakeLanguageModel('ok');
    const { view, storage, done, model } = mount(detection('downloadable'));
    const button = await vi.waitFor(() =>
      view.getByText('Download Chrome’s built-in model (about 2 GB)'),
    );
    fireEvent.click(button);
    await vi.waitFor(() => expect(done).toHaveBeenCalled());
    expect(destroyed).toHaveBeenCalled();
    expect(model.providerId.value).toBe('chrome-builtin');
    expect(storage.snapshot().settings).toMatchObject({
      onboarded: true,
      defaultProviderId: 'chrome-builtin',
    });
  });

  it('says so when the download fails, and lets the user try again', async () => {
    fakeLanguageModel('fail');
    const { view, storage, done } = mount(detection('downloadable'));
    const button = await vi.waitFor(() =>
      view.getByText('Download Chrome’s built-in model (about 2 GB)'),
    );
    fireEvent.click(button);
    await vi.waitFor(() => expect(view.getByTestId('setup-download-failed')).toBeTruthy());
    expect(
      (view.getByText('Download Chrome’s built-in model (about 2 GB)') as HTMLButtonElement)
        .disabled,
    ).toBe(false);
    expect(done).not.toHaveBeenCalled();
    expect(storage.snapshot()).toEqual({});
  });

  it('says nothing was found when no server answers and the built-in model is unavailable', async () => {
    const { view } = mount(detection('unavailable'));
    await vi.waitFor(() => expect(view.getByText(/No local model server found/)).toBeTruthy());
    expect(view.getByText(/No local model server found/).textContent).toContain('localhost:11434');
  });

  it('keeps the key when the host permission is refused, and says what to do', async () => {
    const asked: string[] = [];
    const { view, storage, done } = mount(detection('unavailable'), { grant: false, asked });
    fireEvent.click(view.getByTestId('setup-add-key'));
    expect(view.getByTestId('key-setup-get-key').getAttribute('href')).toBe(
      'https://platform.openai.com/api-keys',
    );
    fireEvent.input(view.getByTestId('key-setup-key'), { target: { value: ' sk-1 ' } });
    fireEvent.click(view.getByTestId('key-setup-test'));
    // Written and asked inside the click, before anything was awaited.
    expect(asked).toEqual(['https://api.openai.com']);
    await vi.waitFor(() =>
      expect(view.getByTestId('key-setup-status').getAttribute('data-step')).toBe('failed'),
    );
    expect(view.getByTestId('key-setup-status').textContent).toContain(
      'Parley has no access to OpenAI',
    );
    expect(storage.snapshot().settings).toMatchObject({
      providers: { openai: { apiKey: 'sk-1' } },
    });
    expect(done).not.toHaveBeenCalled();
  });
});
