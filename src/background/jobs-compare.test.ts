// The engine running several replies in one conversation at once (compare): each is a job of its
// own — its stream, its terminal part, its stop, its stored message — and together they are the
// versions of one reply.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChatEngine, type Watcher } from './jobs';
import { RecordingWatcher } from '../../tests/fakes/recording-watcher';
import { openStore, type Store } from './store';
import { createScriptedRunner, type ScriptedRun } from '../../tests/fakes/scripted-runner';
import { ProviderError } from '../providers/types';
import type { PortRequest, StreamPart } from '../shared/protocol';
import { TINY_PNG_BASE64 } from '../../tests/fakes/images';
import type { AttachmentInput } from '../shared/records';

let db = 0;
let store: Store;
let runner: ReturnType<typeof createScriptedRunner>;
let engine: ChatEngine;
let ended: Array<{ conversationId: string; status: string; watched: boolean }>;
let running: number[];

beforeEach(async () => {
  store = await openStore(`jobs-compare-${++db}`);
  runner = createScriptedRunner();
  let clock = 1_000;
  let ids = 0;
  ended = [];
  running = [];
  engine = new ChatEngine({
    store,
    runner,
    now: () => ++clock,
    newId: () => `id${++ids}`,
    flushIntervalMs: 20,
    onReplyEnded: (info) => ended.push(info),
    onRunningChange: (n) => running.push(n),
  });
});
afterEach(() => store.close());

const terminals = (parts: StreamPart[]) =>
  parts.filter((p) => p.type === 'finish' || p.type === 'error' || p.type === 'abort');

const compareRequest = (
  providers: string[],
  extra: Partial<Extract<PortRequest, { type: 'chat-compare' }>> = {},
): PortRequest => ({
  type: 'chat-compare',
  text: 'Which sorts faster?',
  replies: providers.map((providerId, i) => ({ streamId: `s${i + 1}`, providerId })),
  ...extra,
});

/** Starts a comparison; answers its runs in the order of the providers. */
async function startCompare(
  watcher: Watcher,
  providers = ['openai', 'anthropic', 'ollama'],
): Promise<{ conversationId: string; runs: ScriptedRun[] }> {
  await engine.handle(watcher, compareRequest(providers));
  const runs: ScriptedRun[] = [];
  for (const _ of providers) runs.push(await runner.next());
  const state = (watcher as RecordingWatcher).states()[0]!;
  return { conversationId: state.conversation.id, runs };
}

const assistants = async (conversationId: string) =>
  (await store.getMessages(conversationId)).filter((m) => m.role === 'assistant');

describe('ChatEngine: several replies in one conversation (compare)', () => {
  it('runs one job per provider, all answering the same prompt, versions of one reply', async () => {
    const w = new RecordingWatcher();
    const { conversationId, runs } = await startCompare(w);
    expect(runs.map((r) => r.providerId)).toEqual(['openai', 'anthropic', 'ollama']);
    for (const run of runs)
      expect(run.messages).toEqual([{ role: 'user', content: 'Which sorts faster?' }]);
    const state = w.states()[0]!;
    expect(state.activeStreams.map((a) => a.streamId)).toEqual(['s1', 's2', 's3']);
    expect(state.conversation.compare).toEqual({
      enabled: true,
      providerIds: ['openai', 'anthropic', 'ollama'],
    });
    const replies = await assistants(conversationId);
    expect(replies.map((m) => [m.providerId, m.status, m.inactive ?? false])).toEqual([
      ['openai', 'streaming', false],
      ['anthropic', 'streaming', true],
      ['ollama', 'streaming', true],
    ]);
    expect(new Set(replies.map((m) => m.replyGroup)).size).toBe(1);
    expect(replies[0]!.replyGroup).toBeDefined();
    expect(running).toEqual([3]);
    for (const run of runs) run.end();
    await vi.waitFor(() => expect(ended).toHaveLength(3));
  });

  it('streams each reply on its own seq and ends each exactly once, stored whole', async () => {
    const w = new RecordingWatcher();
    const { conversationId, runs } = await startCompare(w);
    const [a, b, c] = runs as [ScriptedRun, ScriptedRun, ScriptedRun];
    a.push({ type: 'text-delta', delta: 'Quick' });
    b.push({ type: 'text-delta', delta: 'Merge' });
    a.push({ type: 'text-delta', delta: 'sort' }, { type: 'finish', reason: 'stop' });
    a.end();
    c.fail(
      new ProviderError({
        code: 'auth-invalid',
        message: 'Ollama: the key was refused.',
        providerId: 'ollama',
        status: 401,
      }),
    );
    b.push(
      { type: 'text-delta', delta: 'sort' },
      { type: 'usage', usage: { inputTokens: 4, outputTokens: 2 } },
    );
    b.end();
    await vi.waitFor(() => expect(ended).toHaveLength(3));
    expect(terminals(w.parts('s1'))).toEqual([{ type: 'finish', reason: 'stop' }]);
    expect(terminals(w.parts('s2'))).toEqual([{ type: 'finish', reason: 'stop' }]);
    expect(terminals(w.parts('s3'))).toMatchObject([
      { type: 'error', error: { code: 'auth-invalid', providerId: 'ollama' } },
    ]);
    for (const id of ['s1', 's2', 's3']) {
      const seqs = w.seqs(id);
      expect(seqs).toEqual(seqs.map((_, i) => i));
    }
    const replies = await assistants(conversationId);
    expect(replies.map((m) => [m.providerId, m.text, m.status])).toEqual([
      ['openai', 'Quicksort', 'done'],
      ['anthropic', 'Mergesort', 'done'],
      ['ollama', '', 'error'],
    ]);
    expect(replies[1]!.usage).toEqual({ inputTokens: 4, outputTokens: 2 });
    expect(replies[0]!.firstTokenAt).toBeGreaterThan(replies[0]!.createdAt);
    expect(replies[2]!.error?.code).toBe('auth-invalid');
    expect(ended.map((e) => e.status).sort()).toEqual(['done', 'done', 'error']);
    expect(running.at(-1)).toBe(0);
  });

  it('stops one reply and leaves the others running; stopping the conversation stops all', async () => {
    const w = new RecordingWatcher();
    const { conversationId, runs } = await startCompare(w);
    runs[1]!.push({ type: 'text-delta', delta: 'half' });
    await vi.waitFor(() => expect(w.parts('s2')).toHaveLength(1));
    await engine.handle(w, { type: 'chat-stop', streamId: 's2' });
    await vi.waitFor(() => expect(terminals(w.parts('s2'))).toEqual([{ type: 'abort' }]));
    expect(runs[0]!.signal.aborted).toBe(false);
    expect(runs[2]!.signal.aborted).toBe(false);
    expect(terminals(w.parts('s1'))).toEqual([]);
    engine.stopConversation(conversationId);
    await vi.waitFor(() => expect(ended).toHaveLength(3));
    for (const id of ['s1', 's2', 's3'])
      expect(terminals(w.parts(id))).toEqual([{ type: 'abort' }]);
    expect((await assistants(conversationId)).map((m) => [m.text, m.status])).toEqual([
      ['', 'stopped'],
      ['half', 'stopped'],
      ['', 'stopped'],
    ]);
  });

  it('shows a view attaching mid-comparison every running reply, then their live parts', async () => {
    const w = new RecordingWatcher();
    const { conversationId, runs } = await startCompare(w, ['openai', 'anthropic']);
    runs[0]!.push({ type: 'text-delta', delta: 'one' });
    runs[1]!.push({ type: 'text-delta', delta: 'two' }, { type: 'text-delta', delta: '!' });
    await vi.waitFor(() => expect(w.parts('s2')).toHaveLength(2));
    const late = new RecordingWatcher();
    await engine.handle(late, { type: 'chat-attach', conversationId });
    const snapshot = late.states()[0]!;
    expect(snapshot.activeStreams.map((a) => [a.streamId, a.seq])).toEqual([
      ['s1', 0],
      ['s2', 1],
    ]);
    expect(snapshot.messages.filter((m) => m.role === 'assistant').map((m) => m.text)).toEqual([
      'one',
      'two!',
    ]);
    runs[1]!.push({ type: 'text-delta', delta: '?' });
    runs[1]!.end();
    runs[0]!.end();
    await vi.waitFor(() => expect(ended).toHaveLength(2));
    expect(late.seqs('s2')).toEqual([2, 3]);
    expect(late.seqs('s1')).toEqual([1]);
  });

  it('continues with one reply: shown, compare ends, the next message goes to its provider', async () => {
    const w = new RecordingWatcher();
    const { conversationId, runs } = await startCompare(w);
    runs[1]!.push({ type: 'text-delta', delta: 'Mergesort' });
    runs[1]!.end();
    await vi.waitFor(() => expect(ended).toHaveLength(1));
    const chosen = (await assistants(conversationId))[1]!;
    // Allowed while the other two still run.
    await engine.handle(w, { type: 'chat-show-version', conversationId, messageId: chosen.id });
    expect(w.failures()).toEqual([]);
    expect((await assistants(conversationId)).map((m) => m.inactive ?? false)).toEqual([
      true,
      false,
      true,
    ]);
    expect(await store.getConversation(conversationId)).toMatchObject({
      compare: { enabled: false },
      providerId: 'anthropic',
    });
    // A running job never writes which version is shown.
    runs[0]!.push({ type: 'text-delta', delta: 'Quicksort' });
    runs[0]!.end();
    runs[2]!.end();
    await vi.waitFor(() => expect(ended).toHaveLength(3));
    expect((await assistants(conversationId)).map((m) => m.inactive ?? false)).toEqual([
      true,
      false,
      true,
    ]);
    await engine.handle(w, {
      type: 'chat-send',
      streamId: 's9',
      conversationId,
      providerId: 'anthropic',
      text: 'And in the worst case?',
    });
    const next = await runner.next();
    expect(next.providerId).toBe('anthropic');
    expect(next.messages).toEqual([
      { role: 'user', content: 'Which sorts faster?' },
      { role: 'assistant', content: 'Mergesort' },
      { role: 'user', content: 'And in the worst case?' },
    ]);
    next.end();
    await vi.waitFor(() => expect(ended).toHaveLength(4));
    const conversation = await store.getConversation(conversationId);
    expect(conversation?.compare).toEqual({
      enabled: false,
      providerIds: ['openai', 'anthropic', 'ollama'],
    });
    expect(conversation?.providerId).toBe('anthropic');
  });

  it('refuses a comparison of fewer than two or more than four, or while replies run', async () => {
    const w = new RecordingWatcher();
    await engine.handle(w, compareRequest(['openai']));
    await engine.handle(w, compareRequest(['a', 'b', 'c', 'd', 'e']));
    expect(w.failures()).toHaveLength(2);
    expect(runner.runs).toHaveLength(0);
    const { conversationId, runs } = await startCompare(w, ['openai', 'anthropic']);
    await engine.handle(w, compareRequest(['openai', 'ollama'], { conversationId }));
    await engine.handle(w, {
      type: 'chat-send',
      streamId: 'x',
      conversationId,
      providerId: 'openai',
      text: 'more',
    });
    expect(w.failures()).toHaveLength(4);
    expect(runner.runs).toHaveLength(2);
    for (const run of runs) run.end();
    await vi.waitFor(() => expect(ended).toHaveLength(2));
  });

  it('sends the message’s image to every compared provider, kept once with the message', async () => {
    const w = new RecordingWatcher();
    const image: AttachmentInput = {
      kind: 'image',
      name: 'chart.png',
      mimeType: 'image/png',
      data: TINY_PNG_BASE64,
      width: 2,
      height: 1,
    };
    await engine.handle(
      w,
      compareRequest(['openai', 'anthropic'], { text: '', attachments: [image] }),
    );
    const runs = [await runner.next(), await runner.next()];
    for (const run of runs) {
      expect(run.messages.at(-1)?.parts).toEqual([
        {
          type: 'image',
          name: 'chart.png',
          mimeType: 'image/png',
          data: TINY_PNG_BASE64,
          width: 2,
          height: 1,
        },
      ]);
      run.end();
    }
    const conversationId = w.states()[0]!.conversation.id;
    expect(w.states()[0]!.conversation.title).toBe('chart.png');
    const [user] = await store.getMessages(conversationId);
    expect(user?.attachments?.map((a) => [a.kind, a.name])).toEqual([['image', 'chart.png']]);
    await vi.waitFor(() => expect(ended).toHaveLength(2));
  });

  it('refuses bad attachments before anything is stored or sent', async () => {
    const w = new RecordingWatcher();
    await engine.handle(
      w,
      compareRequest(['openai', 'anthropic'], {
        attachments: [
          { kind: 'image', name: 'x.png', mimeType: 'image/png', data: '%%%', width: 1, height: 1 },
        ],
      }),
    );
    expect(w.failures()).toHaveLength(1);
    expect(runner.runs).toHaveLength(0);
    expect(await store.listConversations()).toEqual([]);
  });
});
