// Issue 11, case 4: the browser's storage fails mid-reply (IndexedDB's QuotaExceededError). The
// store is the real one (fake-indexeddb) behind a behavioural fault: a quota on the reply's text,
// so a write that grows the text past it fails as IndexedDB fails, and smaller writes still land.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChatEngine, type Watcher } from './jobs';
import { openStore, type Store } from './store';
import { createScriptedRunner } from '../../tests/fakes/scripted-runner';
import type { PortEvent } from '../shared/protocol';

let db = 0;
let store: Store;
let runner: ReturnType<typeof createScriptedRunner>;
let engine: ChatEngine;
let ended: Array<{ status: string }>;
const QUOTA = 40;

/** The real store, except that a message text longer than QUOTA cannot be written. */
function withTextQuota(inner: Store): Store {
  return new Proxy(inner, {
    get(target, property, receiver) {
      if (property === 'updateMessage') {
        return (id: string, patch: { text?: string }) =>
          patch.text !== undefined && patch.text.length > QUOTA
            ? Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'))
            : target.updateMessage(id, patch);
      }
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
}

beforeEach(async () => {
  store = withTextQuota(await openStore(`jobs-storage-${++db}`));
  runner = createScriptedRunner();
  ended = [];
  let clock = 1_000;
  let ids = 0;
  engine = new ChatEngine({
    store,
    runner,
    now: () => ++clock,
    newId: () => `id${++ids}`,
    flushIntervalMs: 10,
    onReplyEnded: (info) => ended.push(info),
  });
});
afterEach(() => store.close());

const recorder = () => {
  const events: PortEvent[] = [];
  const watcher: Watcher = { send: (event) => events.push(structuredClone(event)) };
  return { events, watcher };
};

describe('a storage failure mid-reply', () => {
  it('ends the reply as a storage-failed error, stops the provider, and keeps the text', async () => {
    const { events, watcher } = recorder();
    await engine.handle(watcher, {
      type: 'chat-send',
      streamId: 's1',
      providerId: 'acytoo',
      text: 'Q',
    });
    const run = await runner.next();
    run.push({ type: 'text-delta', delta: 'a'.repeat(30) });
    const [conversation] = await store.listConversations(1);
    const assistant = async () =>
      (await store.getMessages(conversation!.id)).find((m) => m.role === 'assistant')!;
    await vi.waitFor(async () => expect((await assistant()).text).toHaveLength(30));
    run.push({ type: 'text-delta', delta: 'b'.repeat(30) });

    // The view is told, once, with the code its notice shows.
    await vi.waitFor(() =>
      expect(events.some((e) => e.type === 'stream-part' && e.part.type === 'error')).toBe(true),
    );
    const terminals = events.filter(
      (e) => e.type === 'stream-part' && ['finish', 'error', 'abort'].includes(e.part.type),
    );
    expect(terminals).toHaveLength(1);
    expect(terminals[0]).toMatchObject({
      part: { type: 'error', error: { code: 'storage-failed', providerId: 'acytoo' } },
    });
    // Nothing more is asked of the provider.
    expect(run.signal.aborted).toBe(true);
    expect(ended).toEqual([expect.objectContaining({ status: 'error' })]);

    // The store says how it ended; it is never left `streaming`.
    const stored = await assistant();
    expect(stored.status).toBe('error');
    expect(stored.error?.code).toBe('storage-failed');

    // A view that opens the chat now still gets the whole text, to copy or export.
    const later = recorder();
    await engine.handle(later.watcher, { type: 'chat-attach', conversationId: conversation!.id });
    const state = later.events.find((e) => e.type === 'conversation-state');
    const shown = state?.type === 'conversation-state' ? state.messages.at(-1) : undefined;
    expect(shown).toMatchObject({
      status: 'error',
      text: 'a'.repeat(30) + 'b'.repeat(30),
      error: { code: 'storage-failed' },
    });
  });
});
