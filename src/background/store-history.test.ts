import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from './store';
import type { ConversationRecord, MessageRecord } from '../shared/protocol';

let counter = 0;
const stores: Store[] = [];
afterEach(() => {
  stores.splice(0).forEach((s) => s.close());
});

async function fresh(name = `history-${++counter}`): Promise<Store> {
  const store = await openStore(name);
  stores.push(store);
  return store;
}

const conversation = (
  id: string,
  updatedAt: number,
  extra: Partial<ConversationRecord> = {},
): ConversationRecord => ({
  id,
  title: `Chat ${id}`,
  createdAt: updatedAt,
  updatedAt,
  providerId: 'auto',
  ...extra,
});

const message = (
  id: string,
  conversationId: string,
  createdAt: number,
  text: string,
  extra: Partial<MessageRecord> = {},
): MessageRecord => ({
  id,
  conversationId,
  role: 'user',
  text,
  status: 'done',
  createdAt,
  updatedAt: createdAt,
  ...extra,
});

const ids = (result: { items: { conversation: { id: string } }[] }) =>
  result.items.map((hit) => hit.conversation.id);

/** Three conversations: a (oldest) about cats, b about dogs with a reply, c pinned and newest. */
async function seeded(): Promise<Store> {
  const store = await fresh();
  await store.createConversation(conversation('a', 1));
  await store.addMessage(message('a1', 'a', 2, 'Tell me about cats'));
  await store.createConversation(conversation('b', 3));
  await store.addMessage(message('b1', 'b', 4, 'And dogs?'));
  await store.addMessage(
    message('b2', 'b', 5, 'Dogs are loyal. Unlike cats, they come when called.', {
      role: 'assistant',
    }),
  );
  await store.createConversation(conversation('c', 6));
  await store.updateConversation('c', { pinned: true });
  return store;
}

describe('history search', () => {
  it('lists every conversation for an empty query, pinned first, then newest', async () => {
    const store = await seeded();
    const all = await store.searchConversations('', 10);
    expect(ids(all)).toEqual(['c', 'b', 'a']);
    expect(all.total).toBe(3);
    expect(all.items.every((hit) => hit.snippet === undefined)).toBe(true);
    const page = await store.searchConversations('', 2);
    expect(ids(page)).toEqual(['c', 'b']);
    expect(page.total).toBe(3);
  });

  it('finds words of replies and of questions, with a snippet from the first message that has it', async () => {
    const store = await seeded();
    const loyal = await store.searchConversations('LOYAL', 10);
    expect(ids(loyal)).toEqual(['b']);
    const snippet = loyal.items[0]!.snippet!;
    expect(snippet.messageId).toBe('b2');
    expect(snippet.text.slice(snippet.start, snippet.end)).toBe('loyal');
    expect(ids(await store.searchConversations('cat', 10))).toEqual(['b', 'a']);
    expect(ids(await store.searchConversations('cats dogs', 10))).toEqual(['b']);
    expect(ids(await store.searchConversations('giraffe', 10))).toEqual([]);
  });

  it('finds a conversation by its title, and by its new title after a rename', async () => {
    const store = await seeded();
    await store.updateConversation('c', { title: 'Weekend trip' });
    expect(ids(await store.searchConversations('weekend', 10))).toEqual(['c']);
    await store.updateConversation('c', { title: 'Holiday plans' });
    expect(ids(await store.searchConversations('holiday', 10))).toEqual(['c']);
    expect(ids(await store.searchConversations('weekend', 10))).toEqual([]);
    expect((await store.searchConversations('holiday', 10)).items[0]!.snippet).toBeUndefined();
  });

  it('indexes a streamed reply when it ends, not while it streams', async () => {
    const store = await seeded();
    await store.addMessage(message('a2', 'a', 7, '', { role: 'assistant', status: 'streaming' }));
    await store.updateMessage('a2', { text: 'Cats purr' });
    // Loaded once, the index follows later writes.
    expect(ids(await store.searchConversations('purr', 10))).toEqual([]);
    await store.updateMessage('a2', { text: 'Cats purr softly', status: 'done' });
    expect(ids(await store.searchConversations('softly', 10))).toEqual(['a']);
  });

  it('indexes a reply left interrupted by a worker that died', async () => {
    const store = await seeded();
    await store.addMessage(message('a2', 'a', 7, '', { role: 'assistant', status: 'streaming' }));
    await store.updateMessage('a2', { text: 'Half a sentence' });
    await store.interruptStreaming(99);
    expect(ids(await store.searchConversations('sentence', 10))).toEqual(['a']);
  });

  it('forgets words of deleted messages, and moves updated conversations up', async () => {
    const store = await seeded();
    expect(ids(await store.searchConversations('loyal', 10))).toEqual(['b']);
    await store.deleteMessagesFrom('b', 5);
    expect(ids(await store.searchConversations('loyal', 10))).toEqual([]);
    await store.updateConversation('a', { updatedAt: 50 });
    expect(ids(await store.searchConversations('', 10))).toEqual(['c', 'a', 'b']);
  });

  it('forgets the words of a message deleted on its own', async () => {
    const store = await seeded();
    expect(ids(await store.searchConversations('loyal', 10))).toEqual(['b']);
    expect(await store.deleteMessage('b2')).toBe(true);
    expect(await store.deleteMessage('b2')).toBe(false);
    expect(ids(await store.searchConversations('loyal', 10))).toEqual([]);
    expect(ids(await store.searchConversations('dogs', 10))).toEqual(['b']);
  });

  it('sees writes that land while the index is first loading', async () => {
    const store = await seeded();
    const first = store.searchConversations('', 10);
    const write = store.createConversation(conversation('d', 60, { title: 'Late arrival' }));
    await Promise.all([first, write]);
    expect(ids(await store.searchConversations('late', 10))).toEqual(['d']);
  });

  it('survives a restart: terms are stored, not only held in memory', async () => {
    const name = `history-restart-${++counter}`;
    const first = await fresh(name);
    await first.createConversation(conversation('a', 1));
    await first.addMessage(message('a1', 'a', 2, 'Persistence matters'));
    first.close();
    const second = await fresh(name);
    expect(ids(await second.searchConversations('persist', 10))).toEqual(['a']);
  });
});

describe('trash', () => {
  it('hides a deleted conversation everywhere and restores it whole', async () => {
    const store = await seeded();
    await store.searchConversations('', 10);
    expect(await store.trashConversation('b', 100)).toBe(true);
    expect(await store.getConversation('b')).toBeUndefined();
    expect(await store.getMessages('b')).toEqual([]);
    expect(ids(await store.searchConversations('', 10))).toEqual(['c', 'a']);
    expect(ids(await store.searchConversations('loyal', 10))).toEqual([]);
    expect((await store.listConversations()).map((c) => c.id)).toEqual(['c', 'a']);

    expect(await store.restoreConversation('b')).toMatchObject({ id: 'b' });
    expect((await store.getMessages('b')).map((m) => m.id)).toEqual(['b1', 'b2']);
    expect(ids(await store.searchConversations('loyal', 10))).toEqual(['b']);
    expect(await store.restoreConversation('b')).toBeUndefined();
  });

  it('keeps a reply cut by the deletion as stopped', async () => {
    const store = await seeded();
    await store.addMessage(message('a2', 'a', 7, '', { role: 'assistant', status: 'streaming' }));
    await store.trashConversation('a', 100);
    await store.restoreConversation('a');
    expect(await store.getMessage('a2')).toMatchObject({ status: 'stopped' });
  });

  it('purges what is older than the cut-off, for good', async () => {
    const store = await seeded();
    await store.trashConversation('a', 100);
    await store.trashConversation('b', 200);
    expect(await store.purgeTrash(150)).toBe(1);
    expect(await store.restoreConversation('a')).toBeUndefined();
    expect(await store.restoreConversation('b')).toMatchObject({ id: 'b' });
    expect(await store.trashConversation('nope', 1)).toBe(false);
  });
});

describe('export, import, clear', () => {
  it('exports everything, newest conversation first, messages in order; or one conversation', async () => {
    const store = await seeded();
    const all = await store.exportData();
    expect(all.conversations.map((c) => c.id)).toEqual(['c', 'b', 'a']);
    expect(all.messages.map((m) => m.id)).toEqual(['a1', 'b1', 'b2']);
    const one = await store.exportData('b');
    expect(one.conversations.map((c) => c.id)).toEqual(['b']);
    expect(one.messages.map((m) => m.id)).toEqual(['b1', 'b2']);
    expect(await store.exportData('nope')).toEqual({ conversations: [], messages: [] });
  });

  it('imports into another store, searchable at once, replacing a conversation with the same id', async () => {
    const source = await seeded();
    const data = await source.exportData();
    const target = await fresh();
    await target.createConversation(conversation('b', 1, { title: 'Old b' }));
    await target.addMessage(message('old', 'b', 2, 'stale words'));
    await target.searchConversations('', 10);
    await target.importData(data.conversations, data.messages);
    expect((await target.getMessages('b')).map((m) => m.id)).toEqual(['b1', 'b2']);
    expect(ids(await target.searchConversations('loyal', 10))).toEqual(['b']);
    expect(ids(await target.searchConversations('stale', 10))).toEqual([]);
    expect(await target.exportData()).toEqual(data);
  });

  it('writes nothing when one record of an import fails', async () => {
    const store = await seeded();
    const before = await store.exportData();
    await expect(
      store.importData(
        [conversation('x', 9)],
        [
          message('x1', 'x', 1, 'fine'),
          // Not storable: IndexedDB cannot clone a function.
          message('x2', 'x', 2, 'bad', { usage: (() => 1) as never }),
        ],
      ),
    ).rejects.toBeTruthy();
    expect(await store.exportData()).toEqual(before);
    expect(ids(await store.searchConversations('fine', 10))).toEqual([]);
  });

  it('clears every conversation, message, search entry and trashed conversation', async () => {
    const store = await seeded();
    await store.trashConversation('a', 100);
    await store.clearAll();
    expect(await store.exportData()).toEqual({ conversations: [], messages: [] });
    expect((await store.searchConversations('', 10)).total).toBe(0);
    expect(await store.restoreConversation('a')).toBeUndefined();
  });
});
