import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChatEngine, type Watcher } from './jobs';
import { openStore, type Store } from './store';
import { withTemporaryChats } from './temporary-store';
import { withChangeNotices } from './change-notices';
import { createScriptedRunner } from '../../tests/fakes/scripted-runner';
import type { ConversationRecord, PortEvent } from '../shared/protocol';

let db = 0;
let persistent: Store;
let store: Store;
let notices: string[][];
let runner: ReturnType<typeof createScriptedRunner>;
let engine: ChatEngine;

beforeEach(async () => {
  persistent = await openStore(`change-notices-${++db}`);
  notices = [];
  store = withChangeNotices(withTemporaryChats(persistent), { notify: (ids) => notices.push(ids) });
  runner = createScriptedRunner();
  let clock = 0;
  let id = 0;
  engine = new ChatEngine({ store, runner, now: () => ++clock, newId: () => `id${++id}` });
});
afterEach(() => persistent.close());

const watcher = (): Watcher & { events: PortEvent[] } => {
  const events: PortEvent[] = [];
  return { events, send: (event) => void events.push(event) };
};

async function chat(text: string, temporary = false): Promise<string> {
  const w = watcher();
  await engine.handle(w, {
    type: 'chat-send',
    streamId: `s-${text}`,
    providerId: 'acytoo',
    text,
    ...(temporary ? { temporary: true } : {}),
  });
  const run = await runner.next();
  run.push({ type: 'text-delta', delta: 'ok' });
  run.end();
  await vi.waitFor(() =>
    expect(w.events.some((e) => e.type === 'stream-part' && e.part.type === 'finish')).toBe(true),
  );
  const state = w.events.find((e) => e.type === 'conversation-state');
  return state?.type === 'conversation-state' ? state.conversation.id : '';
}

const conversation = (id: string): ConversationRecord => ({
  id,
  title: id,
  providerId: 'acytoo',
  createdAt: 1,
  updatedAt: 1,
});

describe('conversations-changed notices', () => {
  it('names a conversation a chat started, and the reply that updated it', async () => {
    const id = await chat('Hello');
    await vi.waitFor(() => expect(notices.flat()).toContain(id));
    expect(notices.every((ids) => ids.length === 1 && ids[0] === id)).toBe(true);
  });

  it('says nothing of a temporary chat, which no history lists', async () => {
    await chat('Secret', true);
    await new Promise((done) => setTimeout(done, 10));
    expect(notices).toEqual([]);
  });

  it('follows rename, pin, trash, restore and delete; "any" for import and delete-all', async () => {
    const later: Array<() => void> = [];
    store = withChangeNotices(persistent, {
      notify: (ids) => notices.push(ids),
      later: (task) => void later.push(task),
    });
    const flush = () => later.splice(0).forEach((task) => task());

    // Writes in one turn are one notice.
    await store.createConversation(conversation('a'));
    await store.updateConversation('a', { title: 'Renamed' });
    await store.createConversation(conversation('b'));
    flush();
    expect(notices).toEqual([['a', 'b']]);

    await store.updateConversation('a', { pinned: true });
    flush();
    await store.trashConversation('a', 5);
    flush();
    await store.restoreConversation('a');
    flush();
    await store.deleteConversation('b');
    flush();
    expect(notices.slice(1)).toEqual([['a'], ['a'], ['a'], ['b']]);

    // Nothing changed, nothing said.
    await store.deleteConversation('missing');
    expect(await store.updateConversation('missing', { title: 'x' })).toBeUndefined();
    flush();
    expect(notices).toHaveLength(5);

    await store.importData([conversation('c')], []);
    flush();
    await store.clearAll();
    flush();
    expect(notices.slice(5)).toEqual([[], []]);
  });
});
