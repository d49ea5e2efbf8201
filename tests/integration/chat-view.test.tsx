// @vitest-environment jsdom
// jsdom, not happy-dom: replies render through DOMPurify, which mis-sanitises under happy-dom
// (cure53/DOMPurify#1457) — src/ui/markdown/render-html.ts.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, within } from '@testing-library/preact';
import { startEngine, useEnglishMessages, type EngineHarness } from './engine-harness';
import { ChatView } from '../../src/ui/components/chat-view';
import { ChatModel } from '../../src/ui/models/chat-model';
import type { Connection } from '../../src/ui/models/connection';
import { acytoo } from '../../src/providers/acytoo';
import type { PortLike } from '../../src/background/chat-port';
import type { createScriptedRunner } from '../fakes/scripted-runner';
import { ProviderError } from '../../src/providers/types';

// The real view, model, port protocol, engine and store, joined by a fake Port that delivers.
let harness: EngineHarness;
let runner: ReturnType<typeof createScriptedRunner>;
let backgroundPorts: PortLike[];

useEnglishMessages();

beforeEach(async () => {
  harness = await startEngine();
  ({ runner } = harness);
  backgroundPorts = harness.backgroundPorts;
});
afterEach(() => {
  cleanup();
  harness.close();
});

// The worker's own request handlers over the real Acytoo adapter (offline since 2023-10-16).
const connection = (): Connection => harness.connection({ providers: [acytoo] });

async function mount() {
  const model = new ChatModel({ connection: connection(), reconnectDelayMs: 5 });
  const view = render(<ChatView model={model} />);
  await model.start('acytoo');
  return { model, view };
}

const messages = (view: ReturnType<typeof render>) =>
  view
    .queryAllByTestId('message')
    .map((el: HTMLElement) => [
      el.dataset.role,
      el.dataset.status,
      within(el).getByTestId('message-text').textContent,
    ]);

/** A conversation with `text` sent and answered in one view, then a second view, not started. */
async function afterOneConversation(text: string) {
  const first = await mount();
  fireEvent.input(first.view.getByTestId('composer-input'), { target: { value: text } });
  fireEvent.click(first.view.getByTestId('send-button'));
  (await runner.next()).end();
  await vi.waitFor(() => expect(messages(first.view).at(-1)?.[1]).toBe('done'));
  cleanup();
  const model = new ChatModel({ connection: connection(), reconnectDelayMs: 5 });
  return { model, view: render(<ChatView model={model} />) };
}

describe('ChatView', () => {
  it('lists providers with their offline date and auto first', async () => {
    const { view } = await mount();
    await vi.waitFor(() =>
      expect(view.getByTestId('provider-select').querySelectorAll('option')).toHaveLength(2),
    );
    const options = [...view.getByTestId('provider-select').querySelectorAll('option')].map((o) => [
      o.value,
      o.textContent,
    ]);
    expect(options).toEqual([
      ['auto', 'Auto'],
      ['acytoo', 'Acytoo — offline since 2023-10-16'],
    ]);
  });

  it('sends on Enter, streams the reply in, and shows Stop only while it runs', async () => {
    const { view } = await mount();
    const input = view.getByTestId('composer-input') as HTMLTextAreaElement;
    fireEvent.input(input, { target: { value: 'Hello' } });
    fireEvent.keyDown(input, { key: 'Enter', shiftKey: true });
    expect(runner.runs).toHaveLength(0);
    fireEvent.keyDown(input, { key: 'Enter' });
    const run = await runner.next();
    await vi.waitFor(() => expect(view.getByTestId('stop-button')).toBeTruthy());
    expect(input.value).toBe('');
    run.push(
      { type: 'provider-start', providerId: 'acytoo', displayName: 'Acytoo' },
      { type: 'text-delta', delta: 'Hi ' },
    );
    await vi.waitFor(() =>
      expect(messages(view)).toEqual([
        ['user', 'done', 'Hello'],
        ['assistant', 'streaming', 'Hi '],
      ]),
    );
    run.push({ type: 'text-delta', delta: 'there' });
    run.end();
    await vi.waitFor(() =>
      expect(messages(view)).toEqual([
        ['user', 'done', 'Hello'],
        ['assistant', 'done', 'Hi there'],
      ]),
    );
    expect(view.queryByTestId('stop-button')).toBeNull();
    expect(view.getByText('via Acytoo')).toBeTruthy();
  });

  it('stops a reply and keeps what arrived', async () => {
    const { view } = await mount();
    fireEvent.input(view.getByTestId('composer-input'), { target: { value: 'Q' } });
    fireEvent.click(view.getByTestId('send-button'));
    const run = await runner.next();
    run.push({ type: 'text-delta', delta: 'partial' });
    await vi.waitFor(() =>
      expect(messages(view).at(-1)).toEqual(['assistant', 'streaming', 'partial']),
    );
    fireEvent.click(view.getByTestId('stop-button'));
    await vi.waitFor(() =>
      expect(messages(view).at(-1)).toEqual(['assistant', 'stopped', 'partial']),
    );
  });

  it('shows an error by its code with the provider name, keeps the partial text, and retries', async () => {
    const { view } = await mount();
    fireEvent.input(view.getByTestId('composer-input'), { target: { value: 'Q' } });
    fireEvent.click(view.getByTestId('send-button'));
    const run = await runner.next();
    run.push(
      { type: 'provider-start', providerId: 'acytoo', displayName: 'Acytoo' },
      { type: 'text-delta', delta: 'cut' },
    );
    run.fail(
      new ProviderError({
        code: 'network',
        message: 'Acytoo: the connection failed.',
        providerId: 'acytoo',
        detail: 'ECONNRESET',
      }),
    );
    await vi.waitFor(() => expect(view.getByTestId('error-notice').dataset.code).toBe('network'));
    expect(messages(view).at(-1)).toEqual(['assistant', 'error', 'cut']);
    expect(view.getByTestId('error-notice').textContent).toContain('Could not reach Acytoo.');
    expect(view.getByTestId('error-notice').textContent).toContain('ECONNRESET');
    fireEvent.click(view.getByTestId('retry-button'));
    const again = await runner.next();
    expect(again.messages).toEqual([{ role: 'user', content: 'Q' }]);
    again.push({ type: 'text-delta', delta: 'whole' });
    again.end();
    await vi.waitFor(() =>
      expect(messages(view)).toEqual([
        ['user', 'done', 'Q'],
        ['assistant', 'done', 'whole'],
      ]),
    );
  });

  it('reconnects when the worker drops the port and shows the conversation again', async () => {
    const { view, model } = await mount();
    fireEvent.input(view.getByTestId('composer-input'), { target: { value: 'Q' } });
    fireEvent.click(view.getByTestId('send-button'));
    const run = await runner.next();
    run.push({ type: 'text-delta', delta: 'A' });
    run.end();
    await vi.waitFor(() => expect(messages(view).at(-1)?.[1]).toBe('done'));
    backgroundPorts[0]!.disconnect();
    await vi.waitFor(() => expect(backgroundPorts).toHaveLength(2));
    await vi.waitFor(() => expect(model.conversation.value).toBeDefined());
    expect(messages(view)).toEqual([
      ['user', 'done', 'Q'],
      ['assistant', 'done', 'A'],
    ]);
  });

  it('starts a new chat, and reopens the last conversation on the next mount', async () => {
    const first = await mount();
    fireEvent.input(first.view.getByTestId('composer-input'), { target: { value: 'Remember me' } });
    fireEvent.click(first.view.getByTestId('send-button'));
    const run = await runner.next();
    run.end();
    await vi.waitFor(() => expect(messages(first.view).at(-1)?.[1]).toBe('done'));
    fireEvent.click(first.view.getByTestId('new-chat-button'));
    expect(messages(first.view)).toEqual([]);
    cleanup();
    const second = await mount();
    await vi.waitFor(() =>
      expect(messages(second.view)[0]).toEqual(['user', 'done', 'Remember me']),
    );
  });

  it('keeps a new chat started while the last conversation was still loading', async () => {
    const { model, view } = await afterOneConversation('Old');
    const starting = model.start('acytoo');
    model.newChat();
    await starting;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(model.conversation.value).toBeUndefined();
    expect(messages(view)).toEqual([]);
  });

  it('keeps a new chat started while the last conversation it asked for was on its way', async () => {
    // The side panel takes an ask just after it asked for the last conversation: the state that
    // comes back late must not cover the new chat (it did, and the ask's text was lost).
    const { model, view } = await afterOneConversation('Old');
    await model.start('acytoo');
    model.takeAsk({
      id: 'k0',
      action: 'ask',
      text: 'What is this page about?',
      send: false,
      context: { pageUrl: 'https://a.test/doc', title: 'A doc' },
      createdAt: 1,
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(model.conversation.value).toBeUndefined();
    expect(messages(view)).toEqual([]);
    expect(model.draft.value).toBe('What is this page about?');
    // And it sends as a new conversation of its own; the old one is left as it was.
    fireEvent.click(view.getByTestId('send-button'));
    const run = await runner.next();
    expect(run.messages).toEqual([{ role: 'user', content: 'What is this page about?' }]);
    run.end();
    await vi.waitFor(() => expect(messages(view).at(-1)?.[1]).toBe('done'));
    expect(messages(view)[0]).toEqual(['user', 'done', 'What is this page about?']);
  });

  it('takes an ask: a new chat about the page with the quote in the composer, nothing sent', async () => {
    const { view, model } = await mount();
    model.takeAsk({
      id: 'k1',
      action: 'ask',
      text: '> quoted\n\n',
      send: false,
      context: { pageUrl: 'https://a.test/doc', title: 'A doc' },
      cut: { kept: 5, total: 9 },
      createdAt: 1,
    });
    await vi.waitFor(() =>
      expect((view.getByTestId('composer-input') as HTMLTextAreaElement).value).toBe(
        '> quoted\n\n',
      ),
    );
    expect(view.getByTestId('ask-context').textContent).toBe('About: A doc');
    expect(view.getByTestId('ask-notice').textContent).toContain('cut to 5 of its 9 characters');
    expect(runner.runs).toHaveLength(0);
    fireEvent.input(view.getByTestId('composer-input'), {
      target: { value: '> quoted\n\nWhat does it mean?' },
    });
    fireEvent.click(view.getByTestId('send-button'));
    const run = await runner.next();
    expect(run.messages).toEqual([{ role: 'user', content: '> quoted\n\nWhat does it mean?' }]);
    run.end();
    await vi.waitFor(() =>
      expect(model.conversation.value?.context).toEqual({
        pageUrl: 'https://a.test/doc',
        title: 'A doc',
      }),
    );
  });

  it('sends a template ask at once, and shows a problem instead of sending', async () => {
    const { view, model } = await mount();
    model.takeAsk({
      id: 'k2',
      action: 'explain',
      text: 'Explain: x',
      send: true,
      context: { pageUrl: 'https://a.test/', title: 'A' },
      createdAt: 1,
    });
    const run = await runner.next();
    expect(run.messages).toEqual([{ role: 'user', content: 'Explain: x' }]);
    run.end();
    await vi.waitFor(() => expect(messages(view).at(-1)?.[1]).toBe('done'));
    model.takeAsk({
      id: 'k3',
      action: 'page-summary',
      text: '',
      send: false,
      problem: 'scripts-blocked',
      context: { pageUrl: 'chrome://x', title: '' },
      createdAt: 2,
    });
    await vi.waitFor(() =>
      expect(view.getByTestId('ask-notice').dataset.problem).toBe('scripts-blocked'),
    );
    expect(messages(view)).toEqual([]);
    expect(runner.runs).toHaveLength(1);
  });

  it('starts a new chat with the default provider, not the reopened conversation’s', async () => {
    const { model, view } = await afterOneConversation('with acytoo');
    await model.start('auto');
    await vi.waitFor(() => expect(model.providerId.value).toBe('acytoo'));
    fireEvent.click(view.getByTestId('new-chat-button'));
    expect(model.providerId.value).toBe('auto');
    expect((view.getByTestId('provider-select') as HTMLSelectElement).value).toBe('auto');
  });
});
