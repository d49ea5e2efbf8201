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
import { withChangeNotices } from '../../src/background/change-notices';
import { createDataHandlers } from '../../src/background/data-requests';
import { answerRequest, type RequestHandlers } from '../../src/background/requests';
import { catalogueSource, setMessageSource } from '../../src/shared/i18n';
import { NOTICE_CHANNEL, isViewNotice, type ViewNotice } from '../../src/shared/protocol';
import { createPortPair } from '../fakes/port';
import { createScriptedRunner } from '../fakes/scripted-runner';
import { createStorageArea } from '../fakes/storage';
import en from '../../public/_locales/en/messages.json';

// Live history (issue 13): two views on one engine, wired as the worker wires them — the store
// wrapped to notify, the notice broadcast to every view's listener as JSON (runtime.sendMessage
// reaches every open page). What one view does shows in the other's open history.
let db = 0;
let persistent: Store;
let runner: ReturnType<typeof createScriptedRunner>;
let engine: ChatEngine;
let handlers: RequestHandlers;
/** The views' runtime.onMessage listeners. */
let listeners: Set<(message: unknown) => void>;

setMessageSource(catalogueSource(en));

beforeEach(async () => {
  persistent = await openStore(`live-history-${++db}`);
  listeners = new Set();
  const broadcast = (notice: ViewNotice) => {
    const wire = JSON.parse(JSON.stringify(notice)) as unknown;
    for (const listener of listeners) listener(wire);
  };
  const store = withChangeNotices(withTemporaryChats(persistent), {
    notify: (conversationIds) =>
      broadcast({ channel: NOTICE_CHANNEL, type: 'conversations-changed', conversationIds }),
  });
  runner = createScriptedRunner();
  let id = 0;
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
  persistent.close();
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
  watchNotices(listener) {
    const onMessage = (message: unknown) => {
      if (isViewNotice(message)) listener(message);
    };
    listeners.add(onMessage);
    return () => listeners.delete(onMessage);
  },
};

type View = ReturnType<typeof render>;

async function mount(): Promise<View> {
  const host = document.body.appendChild(document.createElement('div'));
  const model = new ChatModel({ connection, reconnectDelayMs: 5 });
  const view = render(<ChatView model={model} />, { container: host });
  await model.start('acytoo');
  return view;
}

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

describe('live history', () => {
  it('shows in an open history what another view starts, renames and deletes', async () => {
    const watching = await mount();
    const acting = await mount();
    await chat(acting, 'Before anyone looked', 'ok');
    await openHistory(watching);
    await vi.waitFor(() => expect(titles(watching)).toEqual(['Before anyone looked']));

    await chat(acting, 'Started elsewhere', 'Seen.');
    await vi.waitFor(() =>
      expect(titles(watching)).toEqual(['Started elsewhere', 'Before anyone looked']),
    );

    await openHistory(acting);
    await vi.waitFor(() => expect(titles(acting)).toHaveLength(2));
    fireEvent.click(
      within(item(acting, 'Started elsewhere')).getByTestId('conversation-rename-button'),
    );
    fireEvent.input(acting.getByTestId('conversation-rename-input'), {
      target: { value: 'Renamed elsewhere' },
    });
    fireEvent.submit(acting.getByTestId('conversation-rename-input').closest('form')!);
    await vi.waitFor(() =>
      expect(titles(watching)).toEqual(['Renamed elsewhere', 'Before anyone looked']),
    );

    fireEvent.click(
      within(item(acting, 'Before anyone looked')).getByTestId('conversation-delete-button'),
    );
    await vi.waitFor(() => expect(titles(watching)).toEqual(['Renamed elsewhere']));
  });

  it('keeps the search typed in the watching view while it lists again', async () => {
    const watching = await mount();
    const acting = await mount();
    await openHistory(watching);
    fireEvent.input(watching.getByTestId('history-search'), { target: { value: 'whales' } });
    await vi.waitFor(() => expect(watching.getByText('Nothing matches “whales”.')).toBeTruthy());
    await chat(acting, 'About cats', 'Cats purr.');
    await chat(acting, 'About whales', 'Whales sing.');
    await vi.waitFor(() => expect(titles(watching)).toEqual(['About whales']));
  });

  it('stops listening when the history closes', async () => {
    const watching = await mount();
    await openHistory(watching);
    expect(listeners.size).toBe(1);
    fireEvent.click(watching.getByTestId('history-close-button'));
    await vi.waitFor(() => expect(listeners.size).toBe(0));
  });
});
