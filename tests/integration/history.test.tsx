import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, within } from '@testing-library/preact';
import { ChatView } from '../../src/ui/components/chat-view';
import { ChatModel } from '../../src/ui/models/chat-model';
import type { ChatPort, Connection } from '../../src/ui/models/connection';
import { ChatEngine } from '../../src/background/jobs';
import { acceptChatPort, type PortLike } from '../../src/background/chat-port';
import { openStore, type Store } from '../../src/background/store';
import { withTemporaryChats } from '../../src/background/temporary-store';
import { createDataHandlers } from '../../src/background/data-requests';
import { answerRequest, type RequestHandlers } from '../../src/background/requests';
import { catalogueSource, setMessageSource } from '../../src/shared/i18n';
import { createPortPair } from '../fakes/port';
import { createScriptedRunner } from '../fakes/scripted-runner';
import { createStorageArea } from '../fakes/storage';
import en from '../../public/_locales/en/messages.json';

// The real chat view and history panel, model, port protocol, engine, store and request handlers,
// joined by a fake Port and a request channel that calls the worker's handlers.
let db = 0;
let store: Store;
let runner: ReturnType<typeof createScriptedRunner>;
let engine: ChatEngine;
let handlers: RequestHandlers;

setMessageSource(catalogueSource(en));

beforeEach(async () => {
  store = withTemporaryChats(await openStore(`ui-history-${++db}`));
  runner = createScriptedRunner();
  let id = 0;
  // Epoch ms like the worker's clock: the page compares the undo deadline with Date.now().
  let clock = Date.now();
  engine = new ChatEngine({
    store,
    runner,
    now: () => ++clock,
    newId: () => `id${++id}`,
    flushIntervalMs: 10,
  });
  const unused = async (): Promise<never> => {
    throw new Error('not used here');
  };
  handlers = {
    ping: unused,
    'provider-test': unused,
    'provider-models': unused,
    'setup-detect': unused,
    'settings-update': unused,
    'providers-list': async () => [],
    'conversations-list': ({ limit }) => store.listConversations(limit),
    ...createDataHandlers({
      ready: Promise.resolve({ store, engine }),
      settings: createStorageArea(),
      now: () => clock,
      later: () => undefined,
    }),
  };
});
afterEach(() => {
  cleanup();
  store.close();
});

const connection: Connection = {
  connect() {
    const [view, background] = createPortPair('chat/v1', {
      id: 'ext',
      url: 'chrome-extension://ext/popup.html',
    });
    acceptChatPort(background as unknown as PortLike, {
      isOwnPage: () => true,
      engine: Promise.resolve(engine),
    });
    return view as unknown as ChatPort;
  },
  request: (type, params) => answerRequest(handlers, type, params),
};

async function mount() {
  const model = new ChatModel({ connection, reconnectDelayMs: 5 });
  const view = render(<ChatView model={model} />);
  await model.start('acytoo');
  return { model, view };
}

type View = ReturnType<typeof render>;

async function chat(view: View, text: string, reply: string) {
  fireEvent.click(view.getByTestId('new-chat-button'));
  fireEvent.input(view.getByTestId('composer-input'), { target: { value: text } });
  fireEvent.click(view.getByTestId('send-button'));
  const run = await runner.next();
  run.push({ type: 'text-delta', delta: reply });
  run.end();
  await vi.waitFor(() =>
    expect(
      view
        .queryAllByTestId('message')
        .some((m: HTMLElement) => m.dataset.status === 'done' && m.textContent?.includes(reply)),
    ).toBe(true),
  );
}

async function openHistory(view: View) {
  fireEvent.click(view.getByTestId('history-button'));
  await vi.waitFor(() => expect(view.getByTestId('history-search')).toBeTruthy());
}

const titles = (view: View) =>
  view.queryAllByTestId('conversation-title').map((el: HTMLElement) => el.textContent);

const item = (view: View, title: string) =>
  view
    .getAllByTestId('conversation-item')
    .find((el: HTMLElement) => within(el).getByTestId('conversation-title').textContent === title)!;

describe('history panel', () => {
  it('lists conversations newest first and finds one by a word of a reply', async () => {
    const { view } = await mount();
    await chat(view, 'Tell me about whales', 'Whales sing long songs.');
    await chat(view, 'And cats?', 'Cats purr.');
    await openHistory(view);
    await vi.waitFor(() => expect(titles(view)).toEqual(['And cats?', 'Tell me about whales']));
    expect(view.getByTestId('history-button').getAttribute('aria-expanded')).toBe('true');

    fireEvent.input(view.getByTestId('history-search'), { target: { value: 'songs' } });
    await vi.waitFor(() => expect(titles(view)).toEqual(['Tell me about whales']));
    const snippet = view.getByTestId('conversation-snippet');
    expect(snippet.textContent).toBe('Whales sing long songs.');
    expect(snippet.querySelector('mark')?.textContent).toBe('songs');

    fireEvent.input(view.getByTestId('history-search'), { target: { value: 'giraffes' } });
    await vi.waitFor(() => expect(view.getByText('Nothing matches “giraffes”.')).toBeTruthy());
  });

  it('groups the list under Pinned, Today, Previous 7 days and Older headings', async () => {
    const { view } = await mount();
    const day = 86_400_000;
    const now = Date.now();
    for (const [id, title, updatedAt, pinned] of [
      ['old', 'From last year', now - 400 * day, false],
      ['week', 'From three days ago', now - 3 * day, false],
      ['pin', 'Pinned long ago', now - 30 * day, true],
    ] as const)
      await store.createConversation({
        id,
        title,
        createdAt: updatedAt,
        updatedAt,
        providerId: 'acytoo',
        ...(pinned ? { pinned } : {}),
      });
    await chat(view, 'Asked just now', 'Answered.');
    await openHistory(view);
    await vi.waitFor(() =>
      expect(
        view.getAllByTestId('history-group').map((heading: HTMLElement) => {
          const titlesIn = within(heading.parentElement!)
            .getAllByTestId('conversation-title')
            .map((el: HTMLElement) => el.textContent);
          return [heading.textContent, titlesIn];
        }),
      ).toEqual([
        ['Pinned', ['Pinned long ago']],
        ['Today', ['Asked just now']],
        ['Previous 7 days', ['From three days ago']],
        ['Older', ['From last year']],
      ]),
    );
  });

  it('opens a conversation from the list and closes the drawer', async () => {
    const { view, model } = await mount();
    await chat(view, 'First question', 'First answer');
    await chat(view, 'Second question', 'Second answer');
    await openHistory(view);
    await vi.waitFor(() => expect(titles(view)).toHaveLength(2));
    fireEvent.click(within(item(view, 'First question')).getByText('First question'));
    await vi.waitFor(() => expect(model.conversation.value?.title).toBe('First question'));
    expect(view.queryByTestId('history-panel')).toBeNull();
    // Replies are markdown now: a paragraph's text ends with its line break.
    expect(view.getAllByTestId('message-text').map((m) => m.textContent?.trim())).toEqual([
      'First question',
      'First answer',
    ]);
  });

  it('pins a conversation to the top and renames it', async () => {
    const { view } = await mount();
    await chat(view, 'Old one', 'a');
    await chat(view, 'New one', 'b');
    await openHistory(view);
    await vi.waitFor(() => expect(titles(view)).toEqual(['New one', 'Old one']));

    fireEvent.click(within(item(view, 'Old one')).getByTestId('conversation-pin-button'));
    await vi.waitFor(() => expect(titles(view)).toEqual(['Old one', 'New one']));
    expect(item(view, 'Old one').dataset.pinned).toBe('true');

    fireEvent.click(within(item(view, 'New one')).getByTestId('conversation-rename-button'));
    const input = view.getByTestId('conversation-rename-input');
    fireEvent.input(input, { target: { value: 'Renamed chat' } });
    fireEvent.submit(input.closest('form')!);
    await vi.waitFor(() => expect(titles(view)).toEqual(['Old one', 'Renamed chat']));
    expect((await store.listConversations()).map((c) => c.title)).toContain('Renamed chat');
  });

  it('deletes the open conversation with undo, which brings it back whole', async () => {
    const { view, model } = await mount();
    await chat(view, 'Keep this', 'Kept reply');
    const id = model.conversation.value!.id;
    await openHistory(view);
    await vi.waitFor(() => expect(titles(view)).toEqual(['Keep this']));

    fireEvent.click(within(item(view, 'Keep this')).getByTestId('conversation-delete-button'));
    await vi.waitFor(() => expect(titles(view)).toEqual([]));
    expect(model.conversation.value).toBeUndefined();
    expect(await store.getConversation(id)).toBeUndefined();
    expect(view.getByTestId('undo-notice').textContent).toContain('Deleted “Keep this”.');

    fireEvent.click(view.getByTestId('undo-delete'));
    await vi.waitFor(() => expect(titles(view)).toEqual(['Keep this']));
    await vi.waitFor(() => expect(model.conversation.value?.id).toBe(id));
    expect((await store.getMessages(id)).map((m) => m.text)).toEqual(['Keep this', 'Kept reply']);
  });

  it('closes on Escape', async () => {
    const { view } = await mount();
    await openHistory(view);
    fireEvent.keyDown(view.getByTestId('history-search'), { key: 'Escape' });
    expect(view.queryByTestId('history-panel')).toBeNull();
    expect(view.getByTestId('history-button').getAttribute('aria-expanded')).toBe('false');
  });
});

describe('temporary chat', () => {
  it('is never stored nor listed, and says so', async () => {
    const { view, model } = await mount();
    await chat(view, 'Stored chat', 'yes');
    fireEvent.click(view.getByTestId('temporary-chat-button'));
    expect(view.getByTestId('temporary-chat-button').getAttribute('aria-pressed')).toBe('true');
    expect(view.getByTestId('temporary-notice')).toBeTruthy();
    expect(view.queryAllByTestId('message')).toHaveLength(0);

    fireEvent.input(view.getByTestId('composer-input'), { target: { value: 'Off the record' } });
    fireEvent.click(view.getByTestId('send-button'));
    const run = await runner.next();
    run.push({ type: 'text-delta', delta: 'Understood.' });
    run.end();
    await vi.waitFor(() => expect(model.conversation.value?.temporary).toBe(true));
    await vi.waitFor(() =>
      expect(view.getAllByTestId('message').map((m) => m.dataset.status)).toEqual(['done', 'done']),
    );
    expect(view.getByTestId('temporary-notice')).toBeTruthy();

    await openHistory(view);
    await vi.waitFor(() => expect(titles(view)).toEqual(['Stored chat']));
    expect((await store.exportData()).messages.map((m) => m.text)).toEqual(['Stored chat', 'yes']);

    fireEvent.click(view.getByTestId('temporary-chat-button'));
    expect(model.temporary.value).toBe(false);
    expect(view.queryByTestId('temporary-notice')).toBeNull();
  });
});
