import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDB } from 'idb';
import { ChatEngine } from './jobs';
import { RecordingWatcher } from '../../tests/fakes/recording-watcher';
import { openStore, type Store } from './store';
import { withTemporaryChats } from './temporary-store';
import { createScriptedRunner } from '../../tests/fakes/scripted-runner';

let db = 0;
let name: string;
let persistent: Store;
let store: Store;
let runner: ReturnType<typeof createScriptedRunner>;
let engine: ChatEngine;

beforeEach(async () => {
  name = `temporary-${++db}`;
  persistent = await openStore(name);
  store = withTemporaryChats(persistent, 2);
  runner = createScriptedRunner();
  let clock = 0;
  let id = 0;
  engine = new ChatEngine({ store, runner, now: () => ++clock, newId: () => `id${++id}` });
});
afterEach(() => persistent.close());

/** Everything in the database, read directly (not through the store). */
async function rawRecords(): Promise<unknown[]> {
  const raw = await openDB(name);
  const all = [
    ...(await raw.getAll('conversations')),
    ...(await raw.getAll('messages')),
    ...(await raw.getAll('search')),
    ...(await raw.getAll('trash')),
  ];
  raw.close();
  return all;
}

async function temporaryChat(w: RecordingWatcher, text: string, streamId: string) {
  await engine.handle(w, {
    type: 'chat-send',
    streamId,
    providerId: 'acytoo',
    text,
    temporary: true,
  });
  const run = await runner.next();
  run.push({ type: 'text-delta', delta: `re: ${text}` });
  run.end();
  return w.lastState()!.conversation.id;
}

describe('temporary chats', () => {
  it('run like any chat but never reach IndexedDB, the history or the search', async () => {
    const w = new RecordingWatcher();
    const id = await temporaryChat(w, 'Secret question', 's1');
    await w.finished(1);
    expect(w.lastState()?.conversation).toMatchObject({ id, temporary: true });

    // A follow-up in the same conversation gets the history, and stays in memory too.
    await engine.handle(w, {
      type: 'chat-send',
      streamId: 's2',
      conversationId: id,
      providerId: 'acytoo',
      text: 'And then?',
    });
    const second = await runner.next();
    expect(second.messages).toEqual([
      { role: 'user', content: 'Secret question' },
      { role: 'assistant', content: 're: Secret question' },
      { role: 'user', content: 'And then?' },
    ]);
    second.push({ type: 'text-delta', delta: 'Then nothing.' });
    second.end();
    await w.finished(2);

    expect(await rawRecords()).toEqual([]);
    expect(await store.listConversations()).toEqual([]);
    expect((await store.searchConversations('secret', 10)).total).toBe(0);
    expect(await store.exportData()).toEqual({ conversations: [], messages: [] });

    // Another view can attach while the worker holds it.
    const late = new RecordingWatcher();
    await engine.handle(late, { type: 'chat-attach', conversationId: id });
    expect(late.lastState()?.messages.map((m) => m.text)).toEqual([
      'Secret question',
      're: Secret question',
      'And then?',
      'Then nothing.',
    ]);
  });

  it('can be answered again, and deleted without a trace', async () => {
    const w = new RecordingWatcher();
    const id = await temporaryChat(w, 'Q', 's1');
    await w.finished(1);
    const reply = w.lastState()!.messages.find((m) => m.role === 'assistant');
    const state = await store.getMessages(id);
    const assistant = state.find((m) => m.role === 'assistant')!;
    expect(assistant.text).toBe('re: Q');
    await engine.handle(w, {
      type: 'chat-retry',
      streamId: 's2',
      conversationId: id,
      messageId: reply!.id,
    });
    const again = await runner.next();
    again.push({ type: 'text-delta', delta: 'second answer' });
    again.end();
    await w.finished(2);
    // The first answer stays as an earlier version of the reply.
    expect((await store.getMessages(id)).map((m) => m.text)).toEqual([
      'Q',
      're: Q',
      'second answer',
    ]);
    for (const answer of (await store.getMessages(id)).slice(1)) {
      await engine.handle(w, { type: 'chat-delete', conversationId: id, messageId: answer.id });
      expect(await store.getMessage(answer.id)).toBeUndefined();
    }
    expect((await store.getMessages(id)).map((m) => m.text)).toEqual(['Q']);
    expect(await store.trashConversation(id, 1)).toBe(true);
    expect(await store.getConversation(id)).toBeUndefined();
    expect(await rawRecords()).toEqual([]);
  });

  it('keeps only the most recent few in memory', async () => {
    const w = new RecordingWatcher();
    const first = await temporaryChat(w, 'one', 's1');
    await w.finished(1);
    await temporaryChat(w, 'two', 's2');
    await w.finished(2);
    await temporaryChat(w, 'three', 's3');
    await w.finished(3);
    expect(await store.getConversation(first)).toBeUndefined();
  });

  it('leave ordinary chats stored as before', async () => {
    const w = new RecordingWatcher();
    await engine.handle(w, {
      type: 'chat-send',
      streamId: 's',
      providerId: 'acytoo',
      text: 'Kept',
    });
    const run = await runner.next();
    run.end();
    await w.finished(1);
    expect(w.lastState()?.conversation.temporary).toBeUndefined();
    expect((await store.listConversations()).map((c) => c.title)).toEqual(['Kept']);
  });
});
