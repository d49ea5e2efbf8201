import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDataHandlers, UNDO_WINDOW_MS, type DataHandlers } from './data-requests';
import { answerRequest, type RequestHandlers } from './requests';
import { openStore, type Store } from './store';
import { withTemporaryChats } from './temporary-store';
import { ChatEngine, type Watcher } from './jobs';
import { createScriptedRunner } from '../../tests/fakes/scripted-runner';
import { createStorageArea, type FakeStorageArea } from '../../tests/fakes/storage';
import { BACKUP_FORMAT, buildBackup } from '../shared/backup';
import { parseSettings, SETTINGS_KEY } from '../shared/settings';
import type { PortEvent, RequestMap, RequestType } from '../shared/protocol';

let db = 0;
let store: Store;
let storage: FakeStorageArea;
let engine: ChatEngine;
let runner: ReturnType<typeof createScriptedRunner>;
let handlers: DataHandlers;
let clock: number;
let session: ReturnType<typeof createStorageArea>;
let timers: Array<{ at: number; task: () => void }>;

beforeEach(async () => {
  store = withTemporaryChats(await openStore(`data-${++db}`));
  storage = createStorageArea({
    [SETTINGS_KEY]: { providers: { openai: { apiKey: 'sk-mine' } }, ui: { theme: 'dark' } },
  });
  runner = createScriptedRunner();
  clock = 1_000;
  let id = 0;
  engine = new ChatEngine({ store, runner, now: () => ++clock, newId: () => `id${++id}` });
  timers = [];
  session = createStorageArea();
  handlers = createDataHandlers({
    ready: Promise.resolve({ store, engine }),
    settings: storage,
    now: () => clock,
    later: (task, ms) => timers.push({ at: clock + ms, task }),
    drafts: session,
  });
});
afterEach(() => store.close());

/** Calls a handler the way the worker does: through answerRequest, so errors become data. */
function call<K extends keyof DataHandlers & RequestType>(
  type: K,
  params: RequestMap[K]['params'],
) {
  return answerRequest(handlers as unknown as RequestHandlers, type, params);
}

/** Advances the fake clock and runs the timers that are due. */
async function advance(ms: number) {
  clock += ms;
  for (const timer of timers.filter((t) => t.at <= clock)) timer.task();
  await new Promise((resolve) => setTimeout(resolve, 10));
}

const watcher = (): Watcher & { events: PortEvent[] } => {
  const events: PortEvent[] = [];
  return { events, send: (event) => void events.push(event) };
};

async function chat(text: string, reply: string, temporary = false): Promise<string> {
  const w = watcher();
  await engine.handle(w, {
    type: 'chat-send',
    streamId: `s-${text}`,
    providerId: 'acytoo',
    text,
    ...(temporary ? { temporary } : {}),
  });
  const run = await runner.next();
  run.push({ type: 'text-delta', delta: reply });
  run.end();
  await vi.waitFor(() =>
    expect(w.events.some((e) => e.type === 'stream-part' && e.part.type === 'finish')).toBe(true),
  );
  const state = w.events.find((e) => e.type === 'conversation-state');
  return state?.type === 'conversation-state' ? state.conversation.id : '';
}

async function snapshot() {
  return { data: await store.exportData(), settings: storage.snapshot() };
}

describe('history requests', () => {
  it('searches, renames and pins', async () => {
    const first = await chat('About whales', 'Whales sing.');
    const second = await chat('About cats', 'Cats purr.');
    const found = await call('conversations-search', { query: 'sing' });
    expect(found.ok && found.value.items.map((h) => h.conversation.id)).toEqual([first]);

    const renamed = await call('conversation-update', {
      conversationId: first,
      title: '  Ocean   notes ',
      pinned: true,
    });
    expect(renamed.ok && renamed.value).toMatchObject({ title: 'Ocean notes', pinned: true });
    const all = await call('conversations-search', { query: '' });
    expect(all.ok && all.value.items.map((h) => h.conversation.id)).toEqual([first, second]);

    const blank = await call('conversation-update', { conversationId: first, title: '   ' });
    expect(blank).toMatchObject({ ok: false, error: { message: 'A conversation needs a title.' } });
    const missing = await call('conversation-update', { conversationId: 'nope', pinned: true });
    expect(missing.ok).toBe(false);
  });

  it('keeps the search page within bounds', async () => {
    await chat('one', 'a');
    await chat('two', 'b');
    const page = await call('conversations-search', { query: '', limit: 0 });
    expect(page.ok && [page.value.items.length, page.value.total]).toEqual([1, 2]);
  });

  it('deletes with undo: restorable within the window, purged after it', async () => {
    const id = await chat('Keep me', 'Kept.');
    const deleted = await call('conversation-delete', { conversationId: id });
    expect(deleted).toEqual({
      ok: true,
      value: { deleted: true, undoUntil: clock + UNDO_WINDOW_MS },
    });
    expect(await store.getConversation(id)).toBeUndefined();
    expect(await call('conversation-restore', { conversationId: id })).toEqual({
      ok: true,
      value: { restored: true },
    });
    expect((await store.getMessages(id)).map((m) => m.text)).toEqual(['Keep me', 'Kept.']);

    await call('conversation-delete', { conversationId: id });
    await advance(UNDO_WINDOW_MS + 100);
    expect(await call('conversation-restore', { conversationId: id })).toEqual({
      ok: true,
      value: { restored: false },
    });
  });

  it('forgets a deleted conversation’s draft once it is gone for good, not while it can come back', async () => {
    const gone = await chat('Delete me', 'Gone.');
    const back = await chat('Bring me back', 'Back.');
    await session.set({
      [`draft/${gone}`]: 'half a thought',
      [`draft/${gone}/attachments`]: [{ id: 'a1' }],
      [`draft/${back}`]: 'still typing',
      'draft/new': 'a new chat',
    });
    await call('conversation-delete', { conversationId: gone });
    await call('conversation-delete', { conversationId: back });
    await call('conversation-restore', { conversationId: back });
    expect(Object.keys(session.snapshot())).toHaveLength(4);
    await advance(UNDO_WINDOW_MS + 100);
    await vi.waitFor(() =>
      expect(session.snapshot()).toEqual({
        [`draft/${back}`]: 'still typing',
        'draft/new': 'a new chat',
      }),
    );
  });

  it('stops a running reply before deleting its conversation', async () => {
    const w = watcher();
    await engine.handle(w, { type: 'chat-send', streamId: 's', providerId: 'acytoo', text: 'Q' });
    const run = await runner.next();
    const state = w.events.find((e) => e.type === 'conversation-state');
    const id = state?.type === 'conversation-state' ? state.conversation.id : '';
    await call('conversation-delete', { conversationId: id });
    expect(run.signal.aborted).toBe(true);
  });

  it('exports everything, or one conversation', async () => {
    const a = await chat('First', 'One');
    await chat('Second', 'Two');
    const all = await call('data-export', {});
    expect(all.ok && all.value.messages.map((m) => m.text)).toHaveLength(4);
    const one = await call('data-export', { conversationId: a });
    expect(one.ok && one.value.messages.map((m) => m.text)).toEqual(['First', 'One']);
  });
});

describe('import', () => {
  it.each([
    ['not JSON', 'this is not json', 'not-json'],
    ['another app', JSON.stringify({ format: 'x', version: 1 }), 'not-a-backup'],
    [
      'a newer version',
      JSON.stringify({ format: BACKUP_FORMAT, version: 9, conversations: [], messages: [] }),
      'wrong-version',
    ],
    [
      'the wrong shape',
      JSON.stringify({
        format: BACKUP_FORMAT,
        version: 1,
        conversations: [{ id: 'x', title: 1 }],
        messages: [],
      }),
      'wrong-shape',
    ],
    [
      'a damaged prompt beside good conversations',
      JSON.stringify({
        format: BACKUP_FORMAT,
        version: 1,
        settings: {
          ui: { theme: 'light' },
          prompts: [{ id: 'p', title: 'T', text: 1, inMenu: true }],
        },
        conversations: [{ id: 'c', title: 'c', createdAt: 1, updatedAt: 1, providerId: 'auto' }],
        messages: [],
      }),
      'wrong-shape',
    ],
    [
      'duplicate ids',
      JSON.stringify({
        format: BACKUP_FORMAT,
        version: 1,
        conversations: [
          { id: 'x', title: 'a', createdAt: 1, updatedAt: 1, providerId: 'auto' },
          { id: 'x', title: 'b', createdAt: 1, updatedAt: 1, providerId: 'auto' },
        ],
        messages: [],
      }),
      'duplicate-id',
    ],
  ])('rejects %s with its reason and changes nothing', async (_name, json, reason) => {
    await chat('Existing', 'Data');
    const before = await snapshot();
    const result = await call('data-import', { json });
    expect(result).toMatchObject({ ok: true, value: { rejected: { reason } } });
    expect(await snapshot()).toEqual(before);
  });

  it('imports a backup made elsewhere: conversations searchable, settings merged, keys kept', async () => {
    await chat('Existing', 'Data');
    const backup = buildBackup(
      parseSettings({
        providers: { openai: { apiKey: 'sk-other', model: 'm' } },
        ui: { theme: 'light' },
      }),
      {
        conversations: [
          { id: 'imp', title: 'Imported chat', createdAt: 1, updatedAt: 2, providerId: 'auto' },
        ],
        messages: [
          {
            id: 'imp-1',
            conversationId: 'imp',
            role: 'assistant',
            text: 'Zebras are striped',
            status: 'done',
            createdAt: 1,
            updatedAt: 1,
          },
        ],
      },
      { includeKeys: false, now: 5 },
    );
    const result = await call('data-import', { json: JSON.stringify(backup) });
    expect(result).toEqual({
      ok: true,
      value: { imported: { conversations: 1, messages: 1, settings: true } },
    });
    const found = await call('conversations-search', { query: 'zebra' });
    expect(found.ok && found.value.items.map((h) => h.conversation.id)).toEqual(['imp']);
    const settings = parseSettings(storage.snapshot()[SETTINGS_KEY]);
    expect(settings.providers.openai).toEqual({ model: 'm', apiKey: 'sk-mine' });
    expect(settings.ui.theme).toBe('light');
    expect((await store.exportData()).conversations).toHaveLength(2);
  });
});

describe('hostile backup files (issue 11)', () => {
  it('2: a file that moves a provider to another host drops its stored key, and says so', async () => {
    storage = createStorageArea({
      [SETTINGS_KEY]: {
        providers: {
          anthropic: { apiKey: 'sk-ant-mine' },
          openai: { baseUrl: 'https://api.openai.com/v1', apiKey: 'sk-mine' },
          groq: { apiKey: 'gsk-mine' },
        },
      },
    });
    handlers = createDataHandlers({
      ready: Promise.resolve({ store, engine }),
      settings: storage,
      now: () => clock,
      later: () => {},
    });
    // A file exported without keys (the default), edited to point two providers elsewhere.
    const file = {
      format: BACKUP_FORMAT,
      version: 1,
      settings: {
        providers: {
          anthropic: { baseUrl: 'https://collector.example' },
          openai: { baseUrl: 'https://api.openai.com/v1/', model: 'gpt-4o' },
          groq: { baseUrl: 'https://evil.example/openai/v1', apiKey: 'gsk-from-file' },
        },
      },
      conversations: [],
      messages: [],
    };
    const result = await call('data-import', { json: JSON.stringify(file) });
    expect(result).toEqual({
      ok: true,
      value: {
        imported: { conversations: 0, messages: 0, settings: true, keysDropped: ['anthropic'] },
      },
    });
    const settings = parseSettings(storage.snapshot()[SETTINGS_KEY]);
    // The stored key never pairs with the file's host…
    expect(settings.providers.anthropic).toEqual({ baseUrl: 'https://collector.example' });
    // …a key on the same host stays, and a key the file brings with its own host is the file's.
    expect(settings.providers.openai?.apiKey).toBe('sk-mine');
    expect(settings.providers.groq?.apiKey).toBe('gsk-from-file');
  });

  it('3: an imported message reusing a stored id never touches the stored conversation', async () => {
    const mine = await chat('Mine', 'My answer');
    const [stored] = await store.getMessages(mine);
    const before = await store.getMessages(mine);
    const file = {
      format: BACKUP_FORMAT,
      version: 1,
      conversations: [
        { id: 'other', title: 'From the file', createdAt: 1, updatedAt: 2, providerId: 'auto' },
      ],
      messages: [
        {
          id: stored!.id,
          conversationId: 'other',
          role: 'user',
          text: 'Hijacked',
          status: 'done',
          createdAt: 1,
          updatedAt: 1,
        },
      ],
    };
    const result = await call('data-import', { json: JSON.stringify(file) });
    expect(result).toMatchObject({ ok: true, value: { imported: { messages: 1 } } });
    expect(await store.getMessages(mine)).toEqual(before);
    const imported = await store.getMessages('other');
    expect(imported.map((m) => m.text)).toEqual(['Hijacked']);
    expect(imported[0]!.id).not.toBe(stored!.id);
  });
});

describe('delete everything', () => {
  it('deletes conversations, temporary chats, the trash and the settings', async () => {
    const kept = await chat('Stored', 'Yes');
    const temporary = await chat('Secret', 'Shh', true);
    await chat('Trashed', 'Soon');
    const trashed = (await store.listConversations(1))[0]!.id;
    await call('conversation-delete', { conversationId: trashed });
    expect(await call('data-delete-all', {})).toEqual({ ok: true, value: { deleted: true } });
    expect(await store.exportData()).toEqual({ conversations: [], messages: [] });
    expect(await store.getConversation(kept)).toBeUndefined();
    expect(await store.getConversation(temporary)).toBeUndefined();
    expect(await call('conversation-restore', { conversationId: trashed })).toMatchObject({
      value: { restored: false },
    });
    expect(storage.snapshot()).toEqual({});
  });

  it('forgets every draft, and leaves the rest of the session area alone', async () => {
    await session.set({
      'draft/new': 'a new chat',
      'draft/new/attachments': [{ id: 'a1' }],
      'draft/c1': 'typed',
      'pending-ask/3': { text: 'an ask' },
    });
    await call('data-delete-all', {});
    expect(session.snapshot()).toEqual({ 'pending-ask/3': { text: 'an ask' } });
  });
});
