import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { openDB } from 'idb';
import { DB_VERSION, MIGRATIONS, openStore, type Store } from './store';
import type { ConversationRecord, MessageRecord } from '../shared/protocol';

let counter = 0;
const dbName = () => `test-${++counter}`;
const stores: Store[] = [];
afterEach(() => {
  stores.splice(0).forEach((s) => s.close());
});

async function fresh(): Promise<Store> {
  const store = await openStore(dbName());
  stores.push(store);
  return store;
}

const conversation = (id: string, updatedAt: number): ConversationRecord => ({
  id,
  title: `c ${id}`,
  createdAt: updatedAt,
  updatedAt,
  providerId: 'auto',
});

const message = (
  id: string,
  conversationId: string,
  createdAt: number,
  extra: Partial<MessageRecord> = {},
): MessageRecord => ({
  id,
  conversationId,
  role: 'user',
  text: id,
  status: 'done',
  createdAt,
  updatedAt: createdAt,
  ...extra,
});

/** A version-1 database with these records, written as version 1 knew them. */
async function writeVersion1(
  name: string,
  conversations: ConversationRecord[],
  messages: MessageRecord[],
): Promise<void> {
  (await openStore(name, 1)).close();
  const db = await openDB(name, 1);
  const tx = db.transaction(['conversations', 'messages'], 'readwrite');
  for (const c of conversations) await tx.objectStore('conversations').put(c);
  for (const m of messages) await tx.objectStore('messages').put(m);
  await tx.done;
  db.close();
}

describe('migrations', () => {
  it('has one migration per version', () => {
    expect(DB_VERSION).toBe(MIGRATIONS.length);
  });

  it('0 → 1 creates conversations (by updatedAt) and messages (by conversation, by status)', async () => {
    const name = dbName();
    (await openStore(name, 1)).close();
    const db = await openDB(name);
    expect(db.version).toBe(1);
    expect([...db.objectStoreNames].sort()).toEqual(['conversations', 'messages']);
    const tx = db.transaction(['conversations', 'messages']);
    expect([...tx.objectStore('conversations').indexNames]).toEqual(['updatedAt']);
    expect([...tx.objectStore('messages').indexNames].sort()).toEqual(['byConversation', 'status']);
    expect(tx.objectStore('messages').index('byConversation').keyPath).toEqual([
      'conversationId',
      'createdAt',
    ]);
    db.close();
  });

  it('1 → 2 adds search terms for every stored conversation, and the trash', async () => {
    const name = dbName();
    await writeVersion1(
      name,
      [{ ...conversation('a', 1), title: 'Greetings' }, conversation('b', 2)],
      [
        message('m1', 'a', 10, { text: 'Привёт, Élodie!' }),
        message('m2', 'a', 11, { role: 'assistant', text: 'Streaming works' }),
      ],
    );

    const v2 = await openStore(name, 2);
    stores.push(v2);
    const db = await openDB(name);
    expect(db.version).toBe(2);
    expect([...db.objectStoreNames].sort()).toEqual([
      'conversations',
      'messages',
      'search',
      'trash',
    ]);
    const tx = db.transaction(['search', 'trash']);
    expect([...tx.objectStore('trash').indexNames]).toEqual(['deletedAt']);
    const docs = await tx.objectStore('search').getAll();
    db.close();
    expect(docs).toEqual([
      { conversationId: 'a', terms: ' elodie greetings streaming works привет ' },
      { conversationId: 'b', terms: ' b c ' },
    ]);
    // The migrated data is found by the search, data untouched.
    expect(
      (await v2.searchConversations('STREAM', 10)).items.map((h) => h.conversation.id),
    ).toEqual(['a']);
    expect((await v2.getMessages('a')).map((m) => m.text)).toEqual([
      'Привёт, Élodie!',
      'Streaming works',
    ]);
  });

  it('leaves the old version in place when a migration fails', async () => {
    const name = dbName();
    // A message whose text is not a string makes the 1 → 2 backfill throw.
    await writeVersion1(
      name,
      [conversation('a', 1)],
      [message('bad', 'a', 2, { text: 42 as unknown as string })],
    );
    await expect(openStore(name, 2)).rejects.toBeTruthy();
    const db = await openDB(name);
    expect(db.version).toBe(1);
    expect([...db.objectStoreNames].sort()).toEqual(['conversations', 'messages']);
    db.close();
  });
});

describe('store', () => {
  it('lists conversations newest first, with a limit', async () => {
    const store = await fresh();
    await store.createConversation(conversation('a', 1));
    await store.createConversation(conversation('b', 3));
    await store.createConversation(conversation('c', 2));
    expect((await store.listConversations()).map((c) => c.id)).toEqual(['b', 'c', 'a']);
    expect((await store.listConversations(1)).map((c) => c.id)).toEqual(['b']);
    await store.updateConversation('a', { updatedAt: 9, title: 'new' });
    expect((await store.listConversations(1))[0]).toMatchObject({ id: 'a', title: 'new' });
  });

  it('keeps messages per conversation in time order and deletes from a point on', async () => {
    const store = await fresh();
    await store.createConversation(conversation('a', 1));
    await store.addMessage(message('m3', 'a', 30));
    await store.addMessage(message('m1', 'a', 10));
    await store.addMessage(message('m2', 'a', 20));
    await store.addMessage(message('x1', 'b', 15));
    expect((await store.getMessages('a')).map((m) => m.id)).toEqual(['m1', 'm2', 'm3']);
    expect(await store.deleteMessagesFrom('a', 20)).toBe(2);
    expect((await store.getMessages('a')).map((m) => m.id)).toEqual(['m1']);
    expect((await store.getMessages('b')).map((m) => m.id)).toEqual(['x1']);
  });

  it('deletes one message and says whether there was one', async () => {
    const store = await fresh();
    await store.createConversation(conversation('a', 1));
    await store.addMessage(message('m1', 'a', 10));
    await store.addMessage(message('m2', 'a', 20));
    expect(await store.deleteMessage('m1')).toBe(true);
    expect(await store.deleteMessage('m1')).toBe(false);
    expect((await store.getMessages('a')).map((m) => m.id)).toEqual(['m2']);
  });

  it('updates a message without moving it to another conversation', async () => {
    const store = await fresh();
    await store.addMessage(message('m1', 'a', 10));
    const next = await store.updateMessage('m1', { text: 'changed', status: 'stopped' });
    expect(next).toMatchObject({
      id: 'm1',
      conversationId: 'a',
      text: 'changed',
      status: 'stopped',
    });
    expect(await store.updateMessage('nope', { text: 'x' })).toBeUndefined();
  });

  it('deletes a conversation with its messages', async () => {
    const store = await fresh();
    await store.createConversation(conversation('a', 1));
    await store.addMessage(message('m1', 'a', 10));
    expect(await store.deleteConversation('a')).toBe(true);
    expect(await store.getConversation('a')).toBeUndefined();
    expect(await store.getMessages('a')).toEqual([]);
    expect(await store.deleteConversation('a')).toBe(false);
  });

  it('turns every streaming message into interrupted, keeping its text', async () => {
    const store = await fresh();
    await store.addMessage(
      message('m1', 'a', 10, { role: 'assistant', status: 'streaming', text: 'half a rep' }),
    );
    await store.addMessage(
      message('m2', 'b', 11, { role: 'assistant', status: 'done', text: 'whole' }),
    );
    const changed = await store.interruptStreaming(99);
    expect(changed.map((m) => m.id)).toEqual(['m1']);
    expect(await store.getMessage('m1')).toMatchObject({
      status: 'interrupted',
      text: 'half a rep',
      updatedAt: 99,
    });
    expect(await store.getMessage('m2')).toMatchObject({ status: 'done' });
  });
});

describe('a newer version of the database', () => {
  it('is let through at once: the open store closes its connection and then fails its calls', async () => {
    const name = dbName();
    const store = await openStore(name);
    stores.push(store);
    await store.createConversation(conversation('c1', 1));
    // Opening at a higher version waits on every open connection; without `blocking` it would
    // wait on this store forever (hostile.e2e's "storage does not open" depends on it).
    let blocked = false;
    const newer = await openDB(name, DB_VERSION + 1, {
      blocked() {
        blocked = true;
      },
    });
    newer.close();
    expect(blocked).toBe(false);
    await expect(store.listConversations()).rejects.toMatchObject({
      code: 'storage-failed',
      message: expect.stringContaining('Restart the browser') as string,
    });
    await expect(store.getConversation('c1')).rejects.toMatchObject({ code: 'storage-failed' });
  });
});
