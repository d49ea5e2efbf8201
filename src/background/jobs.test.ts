import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChatEngine, toPrompt, type Watcher } from './jobs';
import { RecordingWatcher } from '../../tests/fakes/recording-watcher';
import { openStore, type Store } from './store';
import { createScriptedRunner } from '../../tests/fakes/scripted-runner';
import { ProviderError } from '../providers/types';
import type { MessageRecord, PortEvent } from '../shared/protocol';

let db = 0;
let store: Store;
let runner: ReturnType<typeof createScriptedRunner>;
let engine: ChatEngine;
let clock: number;
let ids: number;
let ended: Array<{ conversationId: string; status: string; watched: boolean }>;
let running: number[];

beforeEach(async () => {
  store = await openStore(`jobs-${++db}`);
  runner = createScriptedRunner();
  clock = 1_000;
  ids = 0;
  ended = [];
  running = [];
  engine = new ChatEngine({
    store,
    runner,
    now: () => ++clock,
    newId: () => `id${++ids}`,
    flushIntervalMs: 30,
    onReplyEnded: (info) => ended.push(info),
    onRunningChange: (n) => running.push(n),
  });
});
afterEach(() => store.close());

const ended$ = (w: RecordingWatcher) => (events: PortEvent[]) =>
  events.some(
    (e) => e.type === 'stream-part' && ['finish', 'error', 'abort'].includes(e.part.type),
  ) && w !== undefined;

async function startChat(watcher: Watcher, text = 'Hello', streamId = 's1') {
  await engine.handle(watcher, { type: 'chat-send', streamId, providerId: 'acytoo', text });
  return runner.next();
}

async function storedAssistant(conversationId: string): Promise<MessageRecord> {
  const messages = await store.getMessages(conversationId);
  return messages.filter((m) => m.role === 'assistant').at(-1)!;
}

describe('ChatEngine', () => {
  it('stores the exchange and streams every part in order, ending with one finish', async () => {
    const w = new RecordingWatcher();
    const run = await startChat(w, 'Привет');
    expect(run.messages).toEqual([{ role: 'user', content: 'Привет' }]);
    const [state] = w.states();
    expect(state?.conversation).toMatchObject({ title: 'Привет', providerId: 'acytoo' });
    expect(state?.messages.map((m) => [m.role, m.status])).toEqual([
      ['user', 'done'],
      ['assistant', 'streaming'],
    ]);
    run.push(
      { type: 'stream-start' },
      { type: 'text-delta', delta: 'Здрав' },
      { type: 'text-delta', delta: 'ствуй' },
    );
    run.push({ type: 'usage', usage: { inputTokens: 3 } }, { type: 'finish', reason: 'stop' });
    run.end();
    await w.waitFor(ended$(w));
    expect(w.parts()).toEqual([
      { type: 'stream-start', providerId: 'acytoo' },
      { type: 'text-delta', delta: 'Здрав' },
      { type: 'text-delta', delta: 'ствуй' },
      { type: 'usage', usage: { inputTokens: 3 } },
      { type: 'finish', reason: 'stop' },
    ]);
    const seqs = w.events.flatMap((e) => (e.type === 'stream-part' ? [e.seq] : []));
    expect(seqs).toEqual([0, 1, 2, 3, 4]);
    const conversationId = state!.conversation.id;
    expect(await storedAssistant(conversationId)).toMatchObject({
      text: 'Здравствуй',
      status: 'done',
      usage: { inputTokens: 3 },
      finishReason: 'stop',
    });
    expect(ended).toEqual([{ conversationId, status: 'done', watched: true }]);
    expect(running).toEqual([1, 0]);
  });

  it('keeps streaming when the watcher goes away, and stores the whole reply', async () => {
    const w = new RecordingWatcher();
    const run = await startChat(w);
    const conversationId = w.states()[0]!.conversation.id;
    run.push({ type: 'text-delta', delta: 'one ' });
    engine.drop(w);
    run.push({ type: 'text-delta', delta: 'two' });
    run.end();
    await vi.waitFor(async () =>
      expect((await storedAssistant(conversationId)).status).toBe('done'),
    );
    expect((await storedAssistant(conversationId)).text).toBe('one two');
    expect(ended).toEqual([{ conversationId, status: 'done', watched: false }]);
  });

  it('writes the partial text while the reply is still running', async () => {
    const w = new RecordingWatcher();
    const run = await startChat(w);
    const conversationId = w.states()[0]!.conversation.id;
    run.push({ type: 'text-delta', delta: 'partial' });
    await vi.waitFor(
      async () => expect((await storedAssistant(conversationId)).text).toBe('partial'),
      { timeout: 500 },
    );
    expect((await storedAssistant(conversationId)).status).toBe('streaming');
    run.end();
  });

  it('stops on chat-stop, keeping the partial text as stopped, with one abort part', async () => {
    const w = new RecordingWatcher();
    const run = await startChat(w);
    const conversationId = w.states()[0]!.conversation.id;
    run.push({ type: 'text-delta', delta: 'half' });
    await w.waitFor((events) =>
      events.some((e) => e.type === 'stream-part' && e.part.type === 'text-delta'),
    );
    await engine.handle(w, { type: 'chat-stop', streamId: 's1' });
    await w.waitFor(ended$(w));
    expect(run.signal.aborted).toBe(true);
    expect(w.parts().filter((p) => ['finish', 'error', 'abort'].includes(p.type))).toEqual([
      { type: 'abort' },
    ]);
    expect(await storedAssistant(conversationId)).toMatchObject({
      text: 'half',
      status: 'stopped',
    });
  });

  it('ends a failed reply with the error as data and keeps the partial text', async () => {
    const w = new RecordingWatcher();
    const run = await startChat(w);
    const conversationId = w.states()[0]!.conversation.id;
    run.push({ type: 'text-delta', delta: 'before the cut' });
    run.fail(
      new ProviderError({
        code: 'network',
        message: 'Acytoo: the connection failed.',
        providerId: 'acytoo',
      }),
    );
    await w.waitFor(ended$(w));
    const error = {
      code: 'network',
      message: 'Acytoo: the connection failed.',
      retryable: true,
      providerId: 'acytoo',
    };
    expect(w.parts().at(-1)).toEqual({ type: 'error', error });
    expect(await storedAssistant(conversationId)).toMatchObject({
      text: 'before the cut',
      status: 'error',
      error,
    });
  });

  it('records the provider that answered under auto', async () => {
    const w = new RecordingWatcher();
    await engine.handle(w, { type: 'chat-send', streamId: 's1', providerId: 'auto', text: 'hi' });
    const run = await runner.next();
    const conversationId = w.states()[0]!.conversation.id;
    run.push({ type: 'provider-start', providerId: 'acytoo', displayName: 'Acytoo' });
    run.push({ type: 'provider-start', providerId: 'aichat', displayName: 'Aichat' });
    run.push({ type: 'text-delta', delta: 'ok' });
    run.end();
    await w.waitFor(ended$(w));
    expect(await storedAssistant(conversationId)).toMatchObject({
      providerId: 'aichat',
      text: 'ok',
    });
    expect((await store.getConversation(conversationId))?.providerId).toBe('auto');
  });

  it('shows a view attaching mid-reply the text so far, then the rest live', async () => {
    const first = new RecordingWatcher();
    const run = await startChat(first);
    const conversationId = first.states()[0]!.conversation.id;
    run.push({ type: 'text-delta', delta: 'abc' }, { type: 'text-delta', delta: 'def' });
    await first.waitFor((events) => events.filter((e) => e.type === 'stream-part').length === 2);
    const late = new RecordingWatcher();
    await engine.handle(late, { type: 'chat-attach', conversationId });
    const snapshot = late.states()[0]!;
    expect(snapshot.activeStreams).toEqual([
      { streamId: 's1', messageId: snapshot.messages[1]!.id, seq: 1 },
    ]);
    expect(snapshot.messages[1]).toMatchObject({ text: 'abcdef', status: 'streaming' });
    run.push({ type: 'text-delta', delta: 'ghi' });
    run.end();
    await late.waitFor(ended$(late));
    const liveParts = late.events.filter((e) => e.type === 'stream-part');
    expect(liveParts.map((e) => e.type === 'stream-part' && e.seq)).toEqual([2, 3]);
    expect(
      first
        .parts()
        .filter((p) => p.type === 'text-delta')
        .map((p) => p.type === 'text-delta' && p.delta)
        .join(''),
    ).toBe('abcdefghi');
  });

  it('streams two conversations at once, each to its own watcher', async () => {
    const a = new RecordingWatcher();
    const b = new RecordingWatcher();
    const runA = await startChat(a, 'A?', 'sa');
    const runB = await startChat(b, 'B?', 'sb');
    runB.push({ type: 'text-delta', delta: 'B!' });
    runA.push({ type: 'text-delta', delta: 'A!' });
    runA.end();
    runB.end();
    await a.waitFor(ended$(a));
    await b.waitFor(ended$(b));
    expect(a.parts()).toEqual([
      { type: 'text-delta', delta: 'A!' },
      { type: 'finish', reason: 'stop' },
    ]);
    expect(b.parts()).toEqual([
      { type: 'text-delta', delta: 'B!' },
      { type: 'finish', reason: 'stop' },
    ]);
  });

  it('refuses a second send while a reply runs in the conversation', async () => {
    const w = new RecordingWatcher();
    const run = await startChat(w);
    const conversationId = w.states()[0]!.conversation.id;
    await engine.handle(w, {
      type: 'chat-send',
      streamId: 's2',
      conversationId,
      providerId: 'acytoo',
      text: 'again',
    });
    expect(w.events.at(-1)).toMatchObject({
      type: 'request-failed',
      streamId: 's2',
      error: { message: expect.stringMatching(/still running/) },
    });
    run.end();
  });

  it('answers again as a new version: the earlier one is kept behind it, the prompt is the history before it', async () => {
    const w = new RecordingWatcher();
    const first = await startChat(w, 'Q1');
    const conversationId = w.states()[0]!.conversation.id;
    first.push({ type: 'stream-start', model: 'served-1' });
    first.push({ type: 'text-delta', delta: 'A1' });
    first.end();
    await w.waitFor(ended$(w));
    const target = await storedAssistant(conversationId);
    expect(target.model).toBe('served-1');
    await engine.handle(w, {
      type: 'chat-retry',
      streamId: 's2',
      conversationId,
      messageId: target.id,
      providerId: 'other',
      model: 'm-2',
    });
    const second = await runner.next();
    expect(second.messages).toEqual([{ role: 'user', content: 'Q1' }]);
    second.push({ type: 'text-delta', delta: 'A1 again' });
    second.end();
    await vi.waitFor(async () =>
      expect((await storedAssistant(conversationId)).status).toBe('done'),
    );
    const messages = await store.getMessages(conversationId);
    expect(
      messages.map((m) => [m.role, m.text, m.providerId, m.model, m.replyGroup, m.inactive]),
    ).toEqual([
      ['user', 'Q1', undefined, undefined, undefined, undefined],
      ['assistant', 'A1', 'acytoo', 'served-1', target.id, true],
      ['assistant', 'A1 again', 'other', 'm-2', target.id, undefined],
    ]);

    // The conversation goes on from the version shown.
    await engine.handle(w, {
      type: 'chat-send',
      streamId: 's3',
      conversationId,
      providerId: 'acytoo',
      text: 'Q2',
    });
    const third = await runner.next();
    expect(third.messages).toEqual([
      { role: 'user', content: 'Q1' },
      { role: 'assistant', content: 'A1 again' },
      { role: 'user', content: 'Q2' },
    ]);
    third.end();
    await vi.waitFor(async () =>
      expect((await storedAssistant(conversationId)).status).toBe('done'),
    );
  });

  it('shows another version on request and continues from it; the turns after a regenerated reply go', async () => {
    const w = new RecordingWatcher();
    const first = await startChat(w, 'Q1');
    const conversationId = w.states()[0]!.conversation.id;
    first.push({ type: 'text-delta', delta: 'A1' });
    first.end();
    await w.waitFor(ended$(w));
    const a1 = await storedAssistant(conversationId);
    await engine.handle(w, {
      type: 'chat-retry',
      streamId: 's2',
      conversationId,
      messageId: a1.id,
    });
    const second = await runner.next();
    second.push({ type: 'text-delta', delta: 'A1b' });
    second.end();
    await vi.waitFor(async () =>
      expect((await storedAssistant(conversationId)).status).toBe('done'),
    );

    w.events = [];
    await engine.handle(w, { type: 'chat-show-version', conversationId, messageId: a1.id });
    const state = w.states().at(-1)!;
    expect(state.messages.map((m) => [m.text, m.inactive ?? false])).toEqual([
      ['Q1', false],
      ['A1', false],
      ['A1b', true],
    ]);

    await engine.handle(w, {
      type: 'chat-send',
      streamId: 's3',
      conversationId,
      providerId: 'acytoo',
      text: 'Q2',
    });
    const third = await runner.next();
    expect(third.messages.map((m) => m.content)).toEqual(['Q1', 'A1', 'Q2']);
    third.push({ type: 'text-delta', delta: 'A2' });
    third.end();
    await vi.waitFor(async () => expect((await storedAssistant(conversationId)).text).toBe('A2'));

    // Answering the first reply again drops the turn that followed from it; its versions stay.
    await engine.handle(w, {
      type: 'chat-retry',
      streamId: 's4',
      conversationId,
      messageId: a1.id,
    });
    const fourth = await runner.next();
    expect(fourth.messages.map((m) => m.content)).toEqual(['Q1']);
    fourth.push({ type: 'text-delta', delta: 'A1c' });
    fourth.end();
    await vi.waitFor(async () => expect((await storedAssistant(conversationId)).text).toBe('A1c'));
    expect((await store.getMessages(conversationId)).map((m) => m.text)).toEqual([
      'Q1',
      'A1',
      'A1b',
      'A1c',
    ]);
  });

  it('drops a failed version with no text, and shows the newest version left when the shown one is deleted', async () => {
    const w = new RecordingWatcher();
    const first = await startChat(w, 'Q1');
    const conversationId = w.states()[0]!.conversation.id;
    first.push({ type: 'text-delta', delta: 'A1' });
    first.end();
    await w.waitFor(ended$(w));
    const a1 = await storedAssistant(conversationId);
    await engine.handle(w, {
      type: 'chat-retry',
      streamId: 's2',
      conversationId,
      messageId: a1.id,
    });
    (await runner.next()).fail(new Error('boom'));
    await vi.waitFor(async () =>
      expect((await storedAssistant(conversationId)).status).toBe('error'),
    );
    const failed = await storedAssistant(conversationId);
    await engine.handle(w, {
      type: 'chat-retry',
      streamId: 's3',
      conversationId,
      messageId: failed.id,
    });
    const third = await runner.next();
    third.push({ type: 'text-delta', delta: 'A1c' });
    third.end();
    await vi.waitFor(async () => expect((await storedAssistant(conversationId)).text).toBe('A1c'));
    expect((await store.getMessages(conversationId)).map((m) => m.text)).toEqual([
      'Q1',
      'A1',
      'A1c',
    ]);

    const shown = await storedAssistant(conversationId);
    await engine.handle(w, { type: 'chat-delete', conversationId, messageId: shown.id });
    const left = await store.getMessages(conversationId);
    expect(left.map((m) => [m.text, m.inactive ?? false])).toEqual([
      ['Q1', false],
      ['A1', false],
    ]);
  });

  it('edits a user message: it and everything after it are replaced by the edit and a new reply', async () => {
    const w = new RecordingWatcher();
    const first = await startChat(w, 'Q1');
    const conversationId = w.states()[0]!.conversation.id;
    first.push({ type: 'text-delta', delta: 'A1' });
    first.end();
    await w.waitFor(ended$(w));
    await engine.handle(w, {
      type: 'chat-send',
      streamId: 's2',
      conversationId,
      providerId: 'acytoo',
      text: 'Q2',
    });
    const second = await runner.next();
    second.push({ type: 'text-delta', delta: 'A2' });
    second.end();
    await vi.waitFor(async () => expect((await storedAssistant(conversationId)).text).toBe('A2'));
    const firstQuestion = (await store.getMessages(conversationId))[0]!;

    await engine.handle(w, {
      type: 'chat-edit',
      streamId: 's3',
      conversationId,
      messageId: firstQuestion.id,
      text: 'Q1, edited',
      providerId: 'aichat',
    });
    const third = await runner.next();
    expect(third.providerId).toBe('aichat');
    expect(third.messages).toEqual([{ role: 'user', content: 'Q1, edited' }]);
    third.push({ type: 'text-delta', delta: 'A1 for the edit' });
    third.end();
    await vi.waitFor(async () =>
      expect((await storedAssistant(conversationId)).status).toBe('done'),
    );
    const messages = await store.getMessages(conversationId);
    expect(messages.map((m) => [m.role, m.text])).toEqual([
      ['user', 'Q1, edited'],
      ['assistant', 'A1 for the edit'],
    ]);
    expect(messages[0]!.id).not.toBe(firstQuestion.id);
    expect(w.parts('s3').at(-1)).toEqual({ type: 'finish', reason: 'stop' });
    expect((await store.getConversation(conversationId))!.providerId).toBe('aichat');
  });

  it('answers a retry or an edit with the model named, else the conversation’s, never another provider’s', async () => {
    const w = new RecordingWatcher();
    const finish = async (run: Awaited<ReturnType<typeof runner.next>>, text: string) => {
      run.push({ type: 'text-delta', delta: text });
      run.end();
      await vi.waitFor(async () => expect((await storedAssistant(conversationId)).text).toBe(text));
    };
    await engine.handle(w, {
      type: 'chat-send',
      streamId: 's1',
      providerId: 'openai',
      text: 'Q1',
      model: 'gpt-4o',
    });
    const first = await runner.next();
    expect(first.model).toBe('gpt-4o');
    const conversationId = w.states()[0]!.conversation.id;
    await finish(first, 'A1');
    expect((await store.getConversation(conversationId))!.model).toBe('gpt-4o');

    const retry = async (streamId: string, extra: { providerId?: string; model?: string }) => {
      const target = await storedAssistant(conversationId);
      await engine.handle(w, {
        type: 'chat-retry',
        streamId,
        conversationId,
        messageId: target.id,
        ...extra,
      });
      return runner.next();
    };
    // Same provider, no model named: the conversation's model.
    const second = await retry('s2', {});
    expect([second.providerId, second.model]).toEqual(['openai', 'gpt-4o']);
    await finish(second, 'A1 again');
    // The model named wins.
    const third = await retry('s3', { model: 'gpt-4o-mini' });
    expect([third.providerId, third.model]).toEqual(['openai', 'gpt-4o-mini']);
    await finish(third, 'A1 mini');
    // Another provider never gets the conversation's model.
    const fourth = await retry('s4', { providerId: 'ollama' });
    expect([fourth.providerId, fourth.model]).toEqual(['ollama', undefined]);
    await finish(fourth, 'A1 from Ollama');
    // The reply without a model left none behind: an edit now runs Ollama on its own default.
    expect((await store.getConversation(conversationId))!.model).toBeUndefined();
    const question = (await store.getMessages(conversationId))[0]!;
    await engine.handle(w, {
      type: 'chat-edit',
      streamId: 's5',
      conversationId,
      messageId: question.id,
      text: 'Q1, edited',
    });
    const fifth = await runner.next();
    expect([fifth.providerId, fifth.model]).toEqual(['ollama', undefined]);
    await finish(fifth, 'A1 edited');
    await engine.handle(w, {
      type: 'chat-edit',
      streamId: 's6',
      conversationId,
      messageId: (await store.getMessages(conversationId))[0]!.id,
      text: 'Q1, once more',
      model: 'llama3.2',
    });
    const sixth = await runner.next();
    expect([sixth.providerId, sixth.model]).toEqual(['ollama', 'llama3.2']);
    await finish(sixth, 'A1 llama');
  });

  it('refuses to edit a reply, an empty text, or while a reply runs', async () => {
    const w = new RecordingWatcher();
    const run = await startChat(w, 'Q1');
    const conversationId = w.states()[0]!.conversation.id;
    const [question, reply] = await store.getMessages(conversationId);
    const edit = (messageId: string, text: string, streamId: string) =>
      engine.handle(w, { type: 'chat-edit', streamId, conversationId, messageId, text });
    await edit(question!.id, 'busy', 'e1');
    expect(w.events.at(-1)).toMatchObject({
      type: 'request-failed',
      streamId: 'e1',
      error: { message: expect.stringMatching(/still running/) },
    });
    run.end();
    await w.waitFor(ended$(w));
    await edit(reply!.id, 'not mine', 'e2');
    expect(w.events.at(-1)).toMatchObject({ type: 'request-failed', streamId: 'e2' });
    await edit(question!.id, '   ', 'e3');
    expect(w.events.at(-1)).toMatchObject({ type: 'request-failed', streamId: 'e3' });
    expect(runner.runs).toHaveLength(1);
    expect((await store.getMessages(conversationId)).map((m) => m.text)).toEqual(['Q1', '']);
  });

  it('deletes one message and shows every watcher the conversation without it', async () => {
    const w = new RecordingWatcher();
    const other = new RecordingWatcher();
    const run = await startChat(w, 'Q1');
    const conversationId = w.states()[0]!.conversation.id;
    run.push({ type: 'text-delta', delta: 'A1' });
    run.end();
    await w.waitFor(ended$(w));
    await engine.handle(other, { type: 'chat-attach', conversationId });
    const [question, reply] = await store.getMessages(conversationId);

    await engine.handle(w, { type: 'chat-delete', conversationId, messageId: reply!.id });
    expect((await store.getMessages(conversationId)).map((m) => m.id)).toEqual([question!.id]);
    for (const watcher of [w, other]) {
      expect(
        watcher
          .states()
          .at(-1)!
          .messages.map((m) => m.id),
      ).toEqual([question!.id]);
    }
    await engine.handle(w, { type: 'chat-delete', conversationId, messageId: reply!.id });
    expect(w.events.at(-1)).toMatchObject({ type: 'request-failed', conversationId });
  });

  it('refuses to delete while a reply runs in the conversation', async () => {
    const w = new RecordingWatcher();
    const run = await startChat(w, 'Q1');
    const conversationId = w.states()[0]!.conversation.id;
    const [question] = await store.getMessages(conversationId);
    await engine.handle(w, { type: 'chat-delete', conversationId, messageId: question!.id });
    expect(w.events.at(-1)).toMatchObject({
      type: 'request-failed',
      conversationId,
      error: { message: expect.stringMatching(/still running/) },
    });
    expect(await store.getMessages(conversationId)).toHaveLength(2);
    run.end();
  });

  it('rejects empty messages and unknown conversations as request-failed', async () => {
    const w = new RecordingWatcher();
    await engine.handle(w, { type: 'chat-send', streamId: 's1', providerId: 'x', text: '   ' });
    await engine.handle(w, { type: 'chat-attach', conversationId: 'nope' });
    expect(w.events.map((e) => e.type)).toEqual(['request-failed', 'request-failed']);
    expect(runner.runs).toHaveLength(0);
  });
});

describe('titles', () => {
  it("titles a conversation from the user's own words, leaving a template's fixed words out", async () => {
    const titled = new ChatEngine({
      store,
      runner,
      now: () => ++clock,
      newId: () => `t${++ids}`,
      titleTemplates: () =>
        Promise.resolve(['Explain the following text in simple terms:\n\n{{selection}}']),
    });
    const w = new RecordingWatcher();
    await titled.handle(w, {
      type: 'chat-send',
      streamId: 's1',
      providerId: 'acytoo',
      text: 'Explain the following text in simple terms:\n\n> Фотосинтез — это процесс',
    });
    (await runner.next()).end();
    expect(w.states()[0]!.conversation.title).toBe('Фотосинтез — это процесс');
  });
});

describe('helpers', () => {
  it('leaves empty messages out of the prompt', () => {
    const base = { conversationId: 'c', createdAt: 1, updatedAt: 1 };
    expect(
      toPrompt([
        { ...base, id: '1', role: 'user', text: 'q', status: 'done' },
        { ...base, id: '2', role: 'assistant', text: '', status: 'error' },
        { ...base, id: '3', role: 'user', text: 'q2', status: 'done' },
      ]),
    ).toEqual([
      { role: 'user', content: 'q' },
      { role: 'user', content: 'q2' },
    ]);
  });
});
