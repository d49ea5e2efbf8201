// @vitest-environment jsdom
// Issue 11 as the chat view shows it: the real view, model, port protocol, engine and store
// (engine-harness.ts); a worker whose start failed; usage as the reply and the chat total show it.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render } from '@testing-library/preact';
import { startEngine, useEnglishMessages, type EngineHarness } from './engine-harness';
import { ChatView } from '../../src/ui/components/chat-view';
import { ChatModel } from '../../src/ui/models/chat-model';
import type { ChatPort, Connection } from '../../src/ui/models/connection';
import { acceptChatPort, type PortLike } from '../../src/background/chat-port';
import { createPortPair } from '../fakes/port';

useEnglishMessages();

let harness: EngineHarness;
beforeEach(async () => {
  harness = await startEngine();
});
afterEach(() => {
  cleanup();
  harness.close();
});

const requests = (connect: () => ChatPort): Connection => ({
  connect,
  async request(type) {
    if (type === 'providers-list') return { ok: true, value: [] } as never;
    if (type === 'conversations-list') return { ok: true, value: [] } as never;
    return { ok: false, error: { code: 'unknown', message: 'n/a', retryable: false } };
  },
});

async function mount(connection: Connection) {
  const model = new ChatModel({ connection, reconnectDelayMs: 5 });
  const view = render(<ChatView model={model} />);
  await model.start('acytoo');
  return { model, view };
}

describe('a worker whose start failed (case 6)', () => {
  // What the worker's start rejects with when its store does not open twice (worker-start.ts).
  const failedStart = {
    code: 'storage-failed',
    message: 'Parley could not start: the browser’s storage did not open.',
    retryable: false,
  };
  const brokenWorker = (): ChatPort => {
    const [view, background] = createPortPair('chat/v1', {
      id: 'ext',
      url: 'chrome-extension://ext/popup.html',
    });
    const engine = Promise.reject(failedStart);
    engine.catch(() => undefined);
    acceptChatPort(background as unknown as PortLike, { isOwnPage: () => true, engine });
    return view as unknown as ChatPort;
  };

  it('answers the send with its coded error, and the composer keeps the text', async () => {
    const { view } = await mount(requests(brokenWorker));
    const input = view.getByTestId('composer-input') as HTMLTextAreaElement;
    fireEvent.input(input, { target: { value: 'Keep me' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    await vi.waitFor(() =>
      expect(view.getByTestId('error-notice').dataset.code).toBe('storage-failed'),
    );
    expect(input.value).toBe('Keep me');
    expect(view.queryAllByTestId('message')).toHaveLength(0);
    // The user can send again once the worker works (the button is not stuck).
    fireEvent.keyDown(input, { key: 'Enter' });
    await vi.waitFor(() => expect(view.getByTestId('error-notice')).toBeTruthy());
    expect(input.value).toBe('Keep me');
  });

  it('empties the composer once a working worker has taken the message', async () => {
    const { view } = await mount(requests(() => harness.connect()));
    const input = view.getByTestId('composer-input') as HTMLTextAreaElement;
    fireEvent.input(input, { target: { value: 'Taken' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    const run = await harness.runner.next();
    await vi.waitFor(() => expect(input.value).toBe(''));
    run.end();
  });
});

describe('usage (case 10)', () => {
  it('shows reasoning tokens beside the reply, and the chat total adds what the replies show', async () => {
    const { view } = await mount(requests(() => harness.connect()));
    fireEvent.input(view.getByTestId('composer-input'), { target: { value: 'Think' } });
    fireEvent.keyDown(view.getByTestId('composer-input'), { key: 'Enter' });
    const run = await harness.runner.next();
    // What the OpenAI-compatible adapter makes of xAI's usage (tests/hostile-servers.test.ts).
    run.push(
      { type: 'text-delta', delta: 'Hi' },
      {
        type: 'usage',
        usage: { inputTokens: 12, outputTokens: 291, totalTokens: 303, reasoningTokens: 290 },
      },
    );
    run.end();
    await vi.waitFor(() =>
      expect(view.getByTestId('message-usage').textContent).toBe(
        '12 in · 291 out · 290 of them reasoning',
      ),
    );
    expect(view.getByTestId('usage-total').textContent).toBe('Tokens in this chat: 303');
  });
});
