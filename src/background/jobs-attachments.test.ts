// Issue 14: a message's attachments on the send path (jobs.ts, attachments.ts) and in the backup
// (data-requests.ts, shared/backup.ts): checked before anything is stored, kept with the message,
// sent to the provider as parts on this turn and the next, kept through an edit, carried out and
// back in by a backup file.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChatEngine, type Watcher } from './jobs';
import { RecordingWatcher } from '../../tests/fakes/recording-watcher';
import { openStore, type Store } from './store';
import { createDataHandlers } from './data-requests';
import { createScriptedRunner } from '../../tests/fakes/scripted-runner';
import { createStorageArea } from '../../tests/fakes/storage';
import { TINY_PNG_BASE64 } from '../../tests/fakes/images';
import { ATTACHMENT_LIMITS, type AttachmentInput } from '../shared/records';
import { buildBackup } from '../shared/backup';
import { parseSettings } from '../shared/settings';

let db = 0;
let store: Store;
let runner: ReturnType<typeof createScriptedRunner>;
let engine: ChatEngine;
let ids: number;

beforeEach(async () => {
  store = await openStore(`jobs-attachments-${++db}`);
  runner = createScriptedRunner();
  ids = 0;
  let clock = 1_000;
  engine = new ChatEngine({
    store,
    runner,
    now: () => ++clock,
    newId: () => `id${++ids}`,
    flushIntervalMs: 10,
  });
});
afterEach(() => store.close());

const image: AttachmentInput = {
  kind: 'image',
  name: 'pixels.png',
  mimeType: 'image/png',
  data: TINY_PNG_BASE64,
  width: 2,
  height: 1,
};
const tab: AttachmentInput = {
  kind: 'document',
  name: 'Example',
  title: 'Example',
  url: 'http://127.0.0.1:9/page',
  text: '# Example',
};

async function send(
  w: Watcher,
  text: string,
  attachments: AttachmentInput[],
  conversationId?: string,
) {
  await engine.handle(w, {
    type: 'chat-send',
    streamId: `s${++ids}`,
    providerId: 'anthropic',
    text,
    attachments,
    ...(conversationId ? { conversationId } : {}),
  });
}

async function answer(text = 'Two pixels.') {
  const run = await runner.next();
  run.push({ type: 'text-delta', delta: text }, { type: 'finish', reason: 'stop' });
  run.end();
  return run;
}

describe('sending attachments', () => {
  it('keeps them with the message (bytes apart) and sends parts to the provider', async () => {
    const w = new RecordingWatcher();
    await send(w, 'What is this?', [tab, image]);
    const run = await answer();
    const last = run.messages.at(-1);
    expect(last?.parts).toEqual([
      {
        type: 'document',
        name: 'Example',
        title: 'Example',
        url: 'http://127.0.0.1:9/page',
        text: '# Example',
      },
      {
        type: 'image',
        name: 'pixels.png',
        mimeType: 'image/png',
        data: TINY_PNG_BASE64,
        width: 2,
        height: 1,
      },
      { type: 'text', text: 'What is this?' },
    ]);
    const [conversation] = await store.listConversations();
    const [user] = await store.getMessages(conversation!.id);
    expect(user?.text).toBe('What is this?');
    expect(user?.attachments?.map((a) => a.kind)).toEqual(['document', 'image']);
    const imageRecord = user?.attachments?.[1];
    expect(imageRecord).toMatchObject({
      kind: 'image',
      mimeType: 'image/png',
      width: 2,
      height: 1,
      bytes: 72,
    });
    // The view gets metadata, never the bytes.
    const state = w.events.find((e) => e.type === 'conversation-state');
    expect(JSON.stringify(state)).not.toContain(TINY_PNG_BASE64);
    const blob = (await store.getAttachmentBlobs([imageRecord!.id])).get(imageRecord!.id);
    expect(Buffer.from(await blob!.arrayBuffer()).toString('base64')).toBe(TINY_PNG_BASE64);
  });

  it('takes a data URL, an image with no text, and names the chat after the image', async () => {
    const w = new RecordingWatcher();
    await send(w, '', [{ ...image, data: `data:image/png;base64,${TINY_PNG_BASE64}` }]);
    const run = await answer();
    expect(run.messages.at(-1)?.parts?.map((p) => p.type)).toEqual(['image']);
    const [conversation] = await store.listConversations();
    expect(conversation?.title).toBe('pixels.png');
  });

  it('sends the images of earlier turns again with the conversation', async () => {
    const w = new RecordingWatcher();
    await send(w, 'What is this?', [image]);
    await answer();
    const [conversation] = await store.listConversations();
    await send(w, 'And the colours?', [], conversation!.id);
    const run = await answer('Red and blue.');
    expect(run.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(run.messages[0]?.parts?.find((p) => p.type === 'image')).toMatchObject({
      data: TINY_PNG_BASE64,
    });
    expect(run.messages[2]).toEqual({ role: 'user', content: 'And the colours?' });
  });

  it('keeps a message’s attachments when it is edited', async () => {
    const w = new RecordingWatcher();
    await send(w, 'What is this?', [image]);
    await answer();
    const [conversation] = await store.listConversations();
    const [user] = await store.getMessages(conversation!.id);
    await engine.handle(w, {
      type: 'chat-edit',
      streamId: 'edit',
      conversationId: conversation!.id,
      messageId: user!.id,
      text: 'Describe it.',
    });
    const run = await answer();
    expect(run.messages.at(-1)?.parts?.map((p) => p.type)).toEqual(['image', 'text']);
    const [edited] = await store.getMessages(conversation!.id);
    expect(edited?.text).toBe('Describe it.');
    expect(edited?.attachments?.[0]).toMatchObject({ kind: 'image', name: 'pixels.png' });
  });

  it.each([
    [
      'data that is not base64',
      [{ ...image, data: 'not base64!' }],
      /“pixels.png” could not be read/,
    ],
    [
      'an unknown kind',
      [{ kind: 'audio', data: 'AAAA' } as unknown as AttachmentInput],
      /could not be read/,
    ],
    [
      'too many',
      Array.from({ length: ATTACHMENT_LIMITS.count + 1 }, () => tab),
      /up to 20 attachments; this one has 21/,
    ],
  ])('refuses %s with a clear message, storing nothing', async (_what, attachments, message) => {
    const w = new RecordingWatcher();
    await send(w, 'Look', attachments);
    expect(w.failures().map((f) => f.error.message)).toEqual([expect.stringMatching(message)]);
    expect(await store.listConversations()).toEqual([]);
    expect(runner.runs).toEqual([]);
  });

  it('refuses an image over the size limit, naming its size', async () => {
    const w = new RecordingWatcher();
    const big = Buffer.alloc(ATTACHMENT_LIMITS.imageBytes + 1).toString('base64');
    await send(w, 'Look', [{ ...image, data: big }]);
    expect(w.failures().map((f) => f.error.message)).toEqual([
      '“pixels.png” is 20.0 MB; Parley sends images up to 20 MB. Attach a smaller one.',
    ]);
    expect(await store.listConversations()).toEqual([]);
  });
});

describe('the backup', () => {
  function handlers(target: Store) {
    return createDataHandlers({
      ready: Promise.resolve({ store: target, engine: { stopConversation() {}, stopAll() {} } }),
      settings: createStorageArea(),
      now: () => 5_000,
      later: () => {},
    });
  }

  it('carries images as base64 and an import restores them', async () => {
    const w = new RecordingWatcher();
    await send(w, 'What is this?', [image]);
    await answer();
    const exported = await handlers(store)['data-export']({ images: true });
    expect(exported.images).toEqual([{ id: expect.any(String), data: TINY_PNG_BASE64 }]);
    // Without `images` (Markdown export, one conversation) no bytes are read.
    expect((await handlers(store)['data-export']({})).images).toBeUndefined();
    const file = JSON.stringify(
      buildBackup(parseSettings({}), exported, { includeKeys: false, now: 5_000 }),
    );

    const other = await openStore(`jobs-attachments-import-${db}`);
    try {
      const result = await handlers(other)['data-import']({ json: file });
      expect(result).toMatchObject({ imported: { conversations: 1, messages: 2 } });
      const [conversation] = await other.listConversations();
      const [user] = await other.getMessages(conversation!.id);
      const id = user!.attachments![0]!.id;
      const blob = (await other.getAttachmentBlobs([id])).get(id);
      expect(blob?.type).toBe('image/png');
      expect(Buffer.from(await blob!.arrayBuffer()).toString('base64')).toBe(TINY_PNG_BASE64);
      const shown = await handlers(other)['attachment-data']({ attachmentId: id });
      expect(shown.dataUrl).toBe(`data:image/png;base64,${TINY_PNG_BASE64}`);
    } finally {
      other.close();
    }
  });

  it('refuses a file whose message names an image it has no data for, changing nothing', async () => {
    const w = new RecordingWatcher();
    await send(w, 'What is this?', [image]);
    await answer();
    const exported = await handlers(store)['data-export']({ images: true });
    const file = buildBackup(parseSettings({}), exported, { includeKeys: false, now: 5_000 });
    const before = await store.exportData();
    const broken = JSON.stringify({ ...file, images: [] });
    const result = await handlers(store)['data-import']({ json: broken });
    expect(result).toEqual({
      rejected: {
        reason: 'wrong-shape',
        detail: expect.stringMatching(
          /^messages\[0\]\.attachments\[0\]: the file has no image data for/,
        ),
      },
    });
    const badData = JSON.stringify({ ...file, images: [{ id: file.images![0]!.id, data: '***' }] });
    expect(await handlers(store)['data-import']({ json: badData })).toMatchObject({
      rejected: { reason: 'wrong-shape' },
    });
    expect(await store.exportData()).toEqual(before);
  });
});
