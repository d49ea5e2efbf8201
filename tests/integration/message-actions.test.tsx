// @vitest-environment jsdom
// Message actions, error fixes and keyboard shortcuts with the real view, model, port protocol,
// engine and store, joined by a fake Port. jsdom, not happy-dom: replies render through
// DOMPurify, which mis-sanitises under happy-dom (cure53/DOMPurify#1457).
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, within } from '@testing-library/preact';
import { startEngine, useEnglishMessages, type EngineHarness } from './engine-harness';
import { ChatView } from '../../src/ui/components/chat-view';
import { ChatModel } from '../../src/ui/models/chat-model';
import type { Connection } from '../../src/ui/models/connection';
import { acytoo } from '../../src/providers/acytoo';
import { aichat } from '../../src/providers/aichat';
import type { ProviderAdapter } from '../../src/providers/types';
import type { PageActions } from '../../src/ui/models/page-actions';
import type { Store } from '../../src/background/store';
import type { createScriptedRunner, ScriptedRun } from '../fakes/scripted-runner';
import { ProviderError } from '../../src/providers/types';

let harness: EngineHarness;
let store: Store;
let runner: ReturnType<typeof createScriptedRunner>;
let copied: string[];
let calls: string[];
let grant: boolean;

useEnglishMessages();

/** A seed adapter as if its mirror answered: on, with no offline status (not what these tests are about). */
const answering = (adapter: ProviderAdapter): ProviderAdapter => ({
  ...adapter,
  status: undefined,
});

beforeEach(async () => {
  harness = await startEngine();
  ({ store, runner } = harness);
  copied = [];
  calls = [];
  grant = true;
  Object.defineProperty(navigator, 'clipboard', {
    configurable: true,
    value: { writeText: async (text: string) => void copied.push(text) },
  });
});
const mounted: ChatModel[] = [];
afterEach(() => {
  cleanup();
  // Close the ports and stop any reply still running, so nothing outlives the test.
  mounted.splice(0).forEach((model) => model.dispose());
  harness.close();
});

// The worker's own request handlers over the real seed adapters.
const connection = (): Connection =>
  harness.connection({ providers: [answering(acytoo), answering(aichat)] });

/** Records what the error fixes ask of the browser. */
const actions: PageActions = {
  openProviderSettings: (id) => void calls.push(`settings:${id}`),
  requestHostAccess: (origin) => {
    calls.push(`grant:${origin}`);
    return Promise.resolve(grant);
  },
  openTab: (url) => void calls.push(`tab:${url}`),
  baseUrlOverride: async (id) => (id === 'aichat' ? 'https://mirror.example:8443/base' : undefined),
};

async function mount() {
  const model = new ChatModel({ connection: connection(), reconnectDelayMs: 5, actions });
  mounted.push(model);
  const view = render(<ChatView model={model} />);
  await model.start('acytoo');
  await vi.waitFor(() => expect(model.providers.value).toHaveLength(2));
  return { model, view };
}

const texts = (view: ReturnType<typeof render>) =>
  view
    .queryAllByTestId('message')
    .map((el: HTMLElement) => [
      el.dataset.role,
      el.dataset.status,
      within(el).queryByTestId('message-text')?.textContent ?? null,
    ]);

const last = (view: ReturnType<typeof render>, role: 'user' | 'assistant') =>
  view
    .queryAllByTestId('message')
    .filter((el: HTMLElement) => el.dataset.role === role)
    .at(-1)!;

/** Sends `text` and answers it with `reply`; returns the run. */
async function exchange(view: ReturnType<typeof render>, text: string, reply: string) {
  fireEvent.input(view.getByTestId('composer-input'), { target: { value: text } });
  fireEvent.keyDown(view.getByTestId('composer-input'), { key: 'Enter' });
  const run = await runner.next();
  run.push({ type: 'text-delta', delta: reply });
  run.end();
  // Status and text of the same (newest) reply, together: the previous reply is `done` too.
  await vi.waitFor(
    () =>
      expect({
        status: last(view, 'assistant').dataset.status,
        text: within(last(view, 'assistant')).getByTestId('message-text').textContent,
      }).toEqual({ status: 'done', text: reply.replace(/\*/g, '') }),
    // The markdown renderer loads on first use: on a busy machine, more than the default second.
    { timeout: 5_000 },
  );
  return run;
}

async function failWith(view: ReturnType<typeof render>, error: ProviderError) {
  fireEvent.input(view.getByTestId('composer-input'), { target: { value: 'Q' } });
  fireEvent.keyDown(view.getByTestId('composer-input'), { key: 'Enter' });
  const run = await runner.next();
  run.fail(error);
  await vi.waitFor(() => expect(view.getByTestId('error-notice').dataset.code).toBe(error.code));
  return run;
}

describe('message actions', () => {
  it('copies a reply as its markdown source, and a message you wrote as written', async () => {
    const { view } = await mount();
    await exchange(view, 'Say *hi*', 'Hi **there**');
    fireEvent.click(within(last(view, 'assistant')).getByTestId('copy-button'));
    await vi.waitFor(() => expect(copied).toEqual(['Hi **there**']));
    await vi.waitFor(() =>
      expect(within(last(view, 'assistant')).getByTestId('copy-button').textContent).toBe('Copied'),
    );
    fireEvent.click(within(last(view, 'user')).getByTestId('copy-button'));
    await vi.waitFor(() => expect(copied).toEqual(['Hi **there**', 'Say *hi*']));
  });

  it('regenerates the last reply with the same history', async () => {
    const { view } = await mount();
    await exchange(view, 'Q1', 'A1');
    await exchange(view, 'Q2', 'A2');
    const regenerate = view.getAllByTestId('regenerate-button');
    expect(regenerate).toHaveLength(1); // the last reply only
    fireEvent.click(regenerate[0]!);
    const run = await runner.next();
    expect(run.messages).toEqual([
      { role: 'user', content: 'Q1' },
      { role: 'assistant', content: 'A1' },
      { role: 'user', content: 'Q2' },
    ]);
    run.push({ type: 'text-delta', delta: 'A2, again' });
    run.end();
    await vi.waitFor(() =>
      expect(texts(view)).toEqual([
        ['user', 'done', 'Q1'],
        ['assistant', 'done', 'A1'],
        ['user', 'done', 'Q2'],
        ['assistant', 'done', 'A2, again'],
      ]),
    );
  });

  it('edits a message in place: the edit replaces it and everything after it', async () => {
    const { view } = await mount();
    await exchange(view, 'Q1', 'A1');
    await exchange(view, 'Q2', 'A2');
    const firstUser = view.queryAllByTestId('message')[0]!;
    fireEvent.click(within(firstUser).getByTestId('edit-button'));
    const editor = within(firstUser).getByTestId('edit-input') as HTMLTextAreaElement;
    expect(editor.value).toBe('Q1');
    expect(document.activeElement).toBe(editor);
    fireEvent.input(editor, { target: { value: 'Q1, better' } });
    fireEvent.keyDown(editor, { key: 'Enter' });
    const run = await runner.next();
    expect(run.messages).toEqual([{ role: 'user', content: 'Q1, better' }]);
    run.push({ type: 'text-delta', delta: 'A1, better' });
    run.end();
    await vi.waitFor(() =>
      expect(texts(view)).toEqual([
        ['user', 'done', 'Q1, better'],
        ['assistant', 'done', 'A1, better'],
      ]),
    );
    expect(document.activeElement).toBe(view.getByTestId('composer-input'));
  });

  it('Up in an empty composer edits the last message you wrote; Esc cancels the edit', async () => {
    const { view } = await mount();
    await exchange(view, 'Q1', 'A1');
    await exchange(view, 'Q2', 'A2');
    const composer = view.getByTestId('composer-input') as HTMLTextAreaElement;
    fireEvent.input(composer, { target: { value: 'draft' } });
    fireEvent.keyDown(composer, { key: 'ArrowUp' });
    expect(view.queryByTestId('edit-input')).toBeNull();
    fireEvent.input(composer, { target: { value: '' } });
    fireEvent.keyDown(composer, { key: 'ArrowUp' });
    const editor = within(last(view, 'user')).getByTestId('edit-input') as HTMLTextAreaElement;
    expect(editor.value).toBe('Q2');
    fireEvent.keyDown(editor, { key: 'Escape' });
    expect(view.queryByTestId('edit-input')).toBeNull();
    expect(texts(view).at(-2)).toEqual(['user', 'done', 'Q2']);
    expect(document.activeElement).toBe(composer);
  });

  it('deletes a message after asking', async () => {
    const { view } = await mount();
    await exchange(view, 'Q1', 'A1');
    fireEvent.click(within(last(view, 'assistant')).getByTestId('delete-button'));
    const confirm = within(last(view, 'assistant')).getByTestId('delete-confirm-button');
    expect(document.activeElement).toBe(confirm);
    fireEvent.click(within(last(view, 'assistant')).getByTestId('delete-cancel-button'));
    expect(texts(view)).toHaveLength(2);
    fireEvent.click(within(last(view, 'assistant')).getByTestId('delete-button'));
    fireEvent.click(within(last(view, 'assistant')).getByTestId('delete-confirm-button'));
    await vi.waitFor(() => expect(texts(view)).toEqual([['user', 'done', 'Q1']]));
    const stored = (await store.listConversations())[0]!;
    expect((await store.getMessages(stored.id)).map((m) => m.text)).toEqual(['Q1']);
  });

  it('offers no edit, regenerate or delete while a reply runs', async () => {
    const { view } = await mount();
    await exchange(view, 'Q1', 'A1');
    fireEvent.input(view.getByTestId('composer-input'), { target: { value: 'Q2' } });
    fireEvent.keyDown(view.getByTestId('composer-input'), { key: 'Enter' });
    const run = await runner.next();
    await vi.waitFor(() => expect(view.getByTestId('stop-button')).toBeTruthy());
    for (const id of ['edit-button', 'regenerate-button', 'delete-button'])
      expect(view.queryAllByTestId(id), id).toEqual([]);
    run.end();
  });
});

describe('keyboard', () => {
  it('Esc stops the running reply; Ctrl+K starts a new chat and focuses the composer', async () => {
    const { view, model } = await mount();
    fireEvent.input(view.getByTestId('composer-input'), { target: { value: 'Q' } });
    fireEvent.keyDown(view.getByTestId('composer-input'), { key: 'Enter' });
    const run: ScriptedRun = await runner.next();
    run.push({ type: 'text-delta', delta: 'partial' });
    await vi.waitFor(() =>
      expect(texts(view).at(-1)).toEqual(['assistant', 'streaming', 'partial']),
    );
    fireEvent.keyDown(document.body, { key: 'Escape' });
    await vi.waitFor(() => expect(texts(view).at(-1)).toEqual(['assistant', 'stopped', 'partial']));
    (document.activeElement as HTMLElement | null)?.blur();
    fireEvent.keyDown(document.body, { key: 'л', code: 'KeyK', ctrlKey: true });
    expect(texts(view)).toEqual([]);
    expect(model.conversation.value).toBeUndefined();
    expect(document.activeElement).toBe(view.getByTestId('composer-input'));
  });

  it('focuses the composer when the view opens', async () => {
    const { view } = await mount();
    expect(document.activeElement).toBe(view.getByTestId('composer-input'));
  });

  it('marks the list as a polite log and the streaming message as busy', async () => {
    const { view } = await mount();
    const list = view.getByRole('log');
    expect(list.getAttribute('aria-live')).toBe('polite');
    expect(list.getAttribute('aria-label')).toBe('Conversation');
    fireEvent.input(view.getByTestId('composer-input'), { target: { value: 'Q' } });
    fireEvent.keyDown(view.getByTestId('composer-input'), { key: 'Enter' });
    const run = await runner.next();
    await vi.waitFor(() => expect(last(view, 'assistant').getAttribute('aria-busy')).toBe('true'));
    run.end();
    await vi.waitFor(() => expect(last(view, 'assistant').getAttribute('aria-busy')).toBe('false'));
  });
});

describe('error fixes', () => {
  it('permission-missing: grants the origin the error names in the click, then answers again', async () => {
    const { view } = await mount();
    await failWith(
      view,
      new ProviderError({
        code: 'permission-missing',
        message: 'Acytoo: Parley may not connect to http://127.0.0.1:9999.',
        providerId: 'acytoo',
        detail: 'http://127.0.0.1:9999',
      }),
    );
    const button = view.getByTestId('fix-permission-button');
    expect(button.textContent).toBe('Grant access to 127.0.0.1:9999');
    grant = false;
    fireEvent.click(button);
    await vi.waitFor(() => expect(view.getByText('Access was not granted.')).toBeTruthy());
    expect(runner.runs).toHaveLength(1);
    grant = true;
    fireEvent.click(view.getByTestId('fix-permission-button'));
    const again = await runner.next();
    expect(calls).toEqual(['grant:http://127.0.0.1:9999', 'grant:http://127.0.0.1:9999']);
    expect(again.messages).toEqual([{ role: 'user', content: 'Q' }]);
    again.end();
  });

  it('cookies-missing: opens the provider site, at the base URL the user set', async () => {
    const { view, model } = await mount();
    model.providerId.value = 'aichat';
    await failWith(
      view,
      new ProviderError({
        code: 'cookies-missing',
        message: 'AI Chat needs a session.',
        providerId: 'aichat',
      }),
    );
    await vi.waitFor(() =>
      expect(view.getByTestId('fix-cookies-button').textContent).toBe('Open mirror.example:8443'),
    );
    fireEvent.click(view.getByTestId('fix-cookies-button'));
    expect(calls).toEqual(['tab:https://mirror.example:8443/']);
  });

  it('cookies-missing: opens the very page the error names (Aichat’s B/chat)', async () => {
    const { view, model } = await mount();
    model.providerId.value = 'aichat';
    await failWith(
      view,
      new ProviderError({
        code: 'cookies-missing',
        message: 'AI Chat needs a session.',
        providerId: 'aichat',
        detail: 'https://mirror.example:8443/base/chat',
      }),
    );
    await vi.waitFor(() =>
      expect(view.getByTestId('fix-cookies-button').textContent).toBe('Open mirror.example:8443'),
    );
    fireEvent.click(view.getByTestId('fix-cookies-button'));
    expect(calls).toEqual(['tab:https://mirror.example:8443/base/chat']);
  });

  it('auth-missing: opens the provider settings', async () => {
    const { view } = await mount();
    await failWith(
      view,
      new ProviderError({ code: 'auth-missing', message: 'needs a key', providerId: 'acytoo' }),
    );
    fireEvent.click(view.getByTestId('fix-settings-button'));
    expect(view.getByTestId('fix-settings-button').textContent).toBe('Open Acytoo settings');
    expect(calls).toEqual(['settings:acytoo']);
  });

  it('retries with another provider chosen from a list', async () => {
    const { view } = await mount();
    await failWith(
      view,
      new ProviderError({ code: 'provider-unavailable', message: 'down', providerId: 'acytoo' }),
    );
    const select = view.getByTestId('retry-provider-select') as HTMLSelectElement;
    expect([...select.options].map((o) => o.value)).toEqual(['auto', 'aichat']);
    fireEvent.change(select, { target: { value: 'aichat' } });
    expect(runner.runs).toHaveLength(1); // choosing alone sends nothing
    fireEvent.click(view.getByTestId('retry-with-button'));
    const again = await runner.next();
    expect(again.providerId).toBe('aichat');
    again.end();
  });
});
