// Issue 14: image attachments kept as Blobs in IndexedDB with their message (store.ts), the 2 → 3
// migration, and their way out: deleted with the message, the conversation and the purged trash,
// replaced by an import, left out of the search.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { openDB } from 'idb';
import { openStore, type Store } from './store';
import type { ConversationRecord, MessageRecord } from '../shared/protocol';
import { TINY_PNG_BASE64 } from '../../tests/fakes/images';
import { decodeBase64 } from './attachments';

let counter = 0;
const dbName = () => `attachments-${++counter}`;
const stores: Store[] = [];
afterEach(() => stores.splice(0).forEach((s) => s.close()));

async function fresh(name = dbName()): Promise<Store> {
  const store = await openStore(name);
  stores.push(store);
  return store;
}

const conversation = (id: string): ConversationRecord => ({
  id,
  title: `Chat ${id}`,
  createdAt: 1,
  updatedAt: 1,
  providerId: 'auto',
});

const png = () => new Blob([decodeBase64(TINY_PNG_BASE64)!], { type: 'image/png' });

/** A user message with one image (`img-<id>`) and one document whose text says "zebra". */
const withImage = (id: string, conversationId: string, createdAt: number): MessageRecord => ({
  id,
  conversationId,
  role: 'user',
  text: 'What is this?',
  status: 'done',
  createdAt,
  updatedAt: createdAt,
  attachments: [
    { kind: 'image', id: `img-${id}`, mimeType: 'image/png', width: 2, height: 1, bytes: 70 },
    { kind: 'document', id: `doc-${id}`, name: 'notes.md', text: 'zebra' },
  ],
});

async function seed(store: Store, conversationId: string, messageId: string, at = 10) {
  await store.createConversation(conversation(conversationId));
  await store.addMessage(withImage(messageId, conversationId, at), [
    { id: `img-${messageId}`, blob: png() },
  ]);
}

const bytesOf = async (blob: Blob | undefined) =>
  blob ? Buffer.from(await blob.arrayBuffer()).toString('base64') : undefined;

describe('the 2 → 3 migration', () => {
  it('adds the attachments store and keeps what version 2 held', async () => {
    const name = dbName();
    (await openStore(name, 2)).close();
    // Written as version 2 knew records: no attachments.
    const old = await openDB(name, 2);
    const write = old.transaction(['conversations', 'messages', 'search'], 'readwrite');
    await write.objectStore('conversations').put(conversation('a'));
    const { attachments: _none, ...plain } = withImage('m1', 'a', 10);
    await write.objectStore('messages').put(plain);
    await write.objectStore('search').put({ conversationId: 'a', terms: ' chat a what is this ' });
    await write.done;
    old.close();
    const v3 = await fresh(name);
    const db = await openDB(name);
    expect(db.version).toBe(3);
    expect([...db.objectStoreNames]).toContain('attachments');
    const tx = db.transaction('attachments');
    expect([...tx.store.indexNames]).toEqual(['byConversation']);
    db.close();
    expect((await v3.getMessages('a')).map((m) => m.text)).toEqual(['What is this?']);
    expect((await v3.searchConversations('what', 10)).total).toBe(1);
  });
});

describe('image attachments', () => {
  it('are kept as Blobs with their message, the record listing them', async () => {
    const store = await fresh();
    await seed(store, 'a', 'm1');
    const [stored] = await store.getMessages('a');
    expect(stored?.attachments?.map((a) => a.id)).toEqual(['img-m1', 'doc-m1']);
    const blobs = await store.getAttachmentBlobs(['img-m1', 'missing']);
    expect([...blobs.keys()]).toEqual(['img-m1']);
    expect(blobs.get('img-m1')?.type).toBe('image/png');
    expect(await bytesOf(blobs.get('img-m1'))).toBe(TINY_PNG_BASE64);
  });

  it('go with their message, and with the messages deleted from a point on', async () => {
    const store = await fresh();
    await seed(store, 'a', 'm1', 10);
    await store.addMessage(withImage('m2', 'a', 20), [{ id: 'img-m2', blob: png() }]);
    await store.deleteMessage('m1');
    expect([...(await store.getAttachmentBlobs(['img-m1', 'img-m2'])).keys()]).toEqual(['img-m2']);
    await store.deleteMessagesFrom('a', 20);
    expect((await store.getAttachmentBlobs(['img-m2'])).size).toBe(0);
  });

  it('go with their conversation', async () => {
    const store = await fresh();
    await seed(store, 'a', 'm1');
    await seed(store, 'b', 'm2');
    await store.deleteConversation('a');
    expect([...(await store.getAttachmentBlobs(['img-m1', 'img-m2'])).keys()]).toEqual(['img-m2']);
  });

  it('wait in the trash with their conversation: back on restore, gone when purged', async () => {
    const store = await fresh();
    await seed(store, 'a', 'm1');
    await store.trashConversation('a', 100);
    expect((await store.getAttachmentBlobs(['img-m1'])).size).toBe(1);
    await store.restoreConversation('a');
    expect((await store.getAttachmentBlobs(['img-m1'])).size).toBe(1);
    await store.trashConversation('a', 200);
    await store.purgeTrash(200);
    expect((await store.getAttachmentBlobs(['img-m1'])).size).toBe(0);
  });

  it('are replaced with the conversation by an import, and kept for a renamed id', async () => {
    const store = await fresh();
    await seed(store, 'a', 'm1');
    await seed(store, 'b', 'm2');
    // The file replaces `a` (its old image goes) and brings a message into `c` whose image id
    // `img-m2` is held by `b`, which the file does not replace: it gets a new id.
    const incoming = { ...withImage('m3', 'c', 30) };
    incoming.attachments = [{ ...incoming.attachments![0]!, id: 'img-m2' }];
    await store.importData(
      [conversation('a'), conversation('c')],
      [{ ...withImage('m9', 'a', 40), attachments: [] }, incoming],
      [{ id: 'img-m2', blob: new Blob(['other'], { type: 'image/png' }) }],
    );
    const blobs = await store.getAttachmentBlobs(['img-m1', 'img-m2']);
    expect([...blobs.keys()]).toEqual(['img-m2']);
    // b's own image is untouched.
    expect(await bytesOf(blobs.get('img-m2'))).toBe(TINY_PNG_BASE64);
    const [imported] = await store.getMessages('c');
    const renamed = imported?.attachments?.[0]?.id;
    expect(renamed).not.toBe('img-m2');
    const moved = await store.getAttachmentBlobs([renamed!]);
    expect(await moved.get(renamed!)?.text()).toBe('other');
  });

  it('are all gone with everything', async () => {
    const store = await fresh();
    await seed(store, 'a', 'm1');
    await store.clearAll();
    expect((await store.getAttachmentBlobs(['img-m1'])).size).toBe(0);
  });

  it('are left out of the search, documents too: only typed text is found', async () => {
    const store = await fresh();
    await seed(store, 'a', 'm1');
    expect((await store.searchConversations('zebra', 10)).total).toBe(0);
    expect((await store.searchConversations('notes', 10)).total).toBe(0);
    expect((await store.searchConversations('what', 10)).total).toBe(1);
  });
});
