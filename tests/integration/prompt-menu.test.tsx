// @vitest-environment jsdom
// The composer's `/` menu in the real chat view, model, engine and store (issue 13): keys, mouse,
// roles, and the variables filled from an ask about a selection; the browser's tab and clipboard
// are fakes that behave like a refusing browser.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render } from '@testing-library/preact';
import { startEngine, useEnglishMessages, type EngineHarness } from './engine-harness';
import { ChatView } from '../../src/ui/components/chat-view';
import { ChatModel } from '../../src/ui/models/chat-model';
import { noPageActions, type PageActions } from '../../src/ui/models/page-actions';
import { acytoo } from '../../src/providers/acytoo';
import type { createScriptedRunner } from '../fakes/scripted-runner';

let harness: EngineHarness;
let runner: ReturnType<typeof createScriptedRunner>;

useEnglishMessages();

beforeEach(async () => {
  harness = await startEngine();
  ({ runner } = harness);
});
afterEach(() => {
  cleanup();
  harness.close();
});

async function mount(actions: PageActions = noPageActions) {
  const model = new ChatModel({
    connection: harness.connection({ providers: [acytoo] }),
    reconnectDelayMs: 5,
    actions,
  });
  const view = render(<ChatView model={model} />);
  await model.start('acytoo');
  const input = view.getByTestId('composer-input') as HTMLTextAreaElement;
  const type = (value: string) => fireEvent.input(input, { target: { value } });
  const key = (k: string) => fireEvent.keyDown(input, { key: k });
  return { model, view, input, type, key };
}

const titles = (view: ReturnType<typeof render>) =>
  view.queryAllByTestId('prompt-item').map((el: HTMLElement) => el.firstChild?.textContent);

describe('the / menu', () => {
  it('inserts a saved prompt with the selection of the ask filled in, and sends it', async () => {
    const { model, view, input, type, key } = await mount();
    model.takeAsk({
      id: 'a1',
      action: 'ask',
      text: '> Plants make sugar.\n\n',
      send: false,
      context: { pageUrl: 'http://127.0.0.1/article', title: 'An article' },
      selection: 'Plants make sugar.',
      createdAt: 1,
    });
    await vi.waitFor(() => expect(input.value).toBe('> Plants make sugar.\n\n'));
    // Only in an empty composer.
    type('> Plants make sugar.\n\n/');
    expect(view.queryByTestId('prompt-menu')).toBeNull();
    type('');
    type('/');
    const menu = view.getByTestId('prompt-menu');
    expect(menu.getAttribute('role')).toBe('listbox');
    expect(titles(view)).toEqual([
      'Explain',
      'Summarize',
      'Translate to English',
      'Fix grammar and style',
      'Explain code',
    ]);
    type('/ex');
    expect(titles(view)).toEqual(['Explain', 'Explain code']);
    // The focus stays in the composer, which points at the highlighted option.
    const active = () => input.getAttribute('aria-activedescendant');
    expect(active()).toBe(view.getAllByTestId('prompt-item')[0]!.id);
    key('ArrowDown');
    expect(active()).toBe(view.getAllByTestId('prompt-item')[1]!.id);
    expect(view.getAllByTestId('prompt-item')[1]!.getAttribute('aria-selected')).toBe('true');
    key('ArrowUp');
    key('Enter');
    await vi.waitFor(() =>
      expect(input.value).toBe('Explain the following text in simple terms:\n\nPlants make sugar.'),
    );
    expect(view.queryByTestId('prompt-menu')).toBeNull();
    expect(input.hasAttribute('aria-activedescendant')).toBe(false);
    // Enter took the prompt, it did not send.
    expect(runner.runs).toHaveLength(0);
    key('Enter');
    const run = await runner.next();
    expect(run.messages).toEqual([
      {
        role: 'user',
        content: 'Explain the following text in simple terms:\n\nPlants make sugar.',
      },
    ]);
  });

  it('Escape closes it and leaves the /; a click inserts', async () => {
    const { view, input, type, key } = await mount();
    type('/');
    key('Escape');
    expect(view.queryByTestId('prompt-menu')).toBeNull();
    expect(input.value).toBe('/');
    type('');
    type('/');
    const code = view
      .getAllByTestId('prompt-item')
      .find((el) => el.dataset.promptId === 'explain-code')!;
    fireEvent.mouseMove(code);
    expect(code.getAttribute('aria-selected')).toBe('true');
    fireEvent.click(code);
    // No selection anywhere: {{selection}} stays, and the note says why.
    await vi.waitFor(() => expect(input.value).toContain('{{selection}}'));
    expect(input.value.startsWith('Explain what the following code does')).toBe(true);
    const note = view.getByTestId('prompt-note');
    expect(note.querySelector('[data-variable="selection"]')?.textContent).toBe(
      '{{selection}} is left in the text: no selected text was found. Ask about a selection from the context menu, or type it in.',
    );
  });

  it('says so when the browser refuses the clipboard, and fills the page from the active tab', async () => {
    const { model, view, input, type, key } = await mount({
      ...noPageActions,
      readActiveTab: async () => ({ url: 'https://tab.test/', title: 'The tab' }),
      readClipboard: () =>
        Promise.reject(new DOMException('Read permission denied.', 'NotAllowedError')),
    });
    model.settings.value = {
      ...model.settings.value,
      prompts: [
        { id: 'p', title: 'Compare', text: '{{title}} <{{url}}> vs {{clipboard}}', inMenu: false },
      ],
    };
    type('/');
    expect(titles(view)).toEqual(['Compare']);
    key('Enter');
    await vi.waitFor(() =>
      expect(input.value).toBe('The tab <https://tab.test/> vs {{clipboard}}'),
    );
    expect(view.getByTestId('prompt-note').textContent).toContain(
      '{{clipboard}} is left in the text: the browser did not let Parley read the clipboard. Paste it in its place (Ctrl+V).',
    );
    // Filled in by hand: the note goes.
    type('The tab <https://tab.test/> vs pasted');
    await vi.waitFor(() => expect(view.queryByTestId('prompt-note')).toBeNull());
  });

  it('nothing matching: says so, and Enter sends nothing', async () => {
    const { view, input, type, key } = await mount();
    type('/');
    type('/zzz');
    expect(view.getByTestId('prompt-menu').textContent).toBe('');
    expect(view.getByText('No prompt matches “zzz”.')).toBeTruthy();
    key('Enter');
    expect(input.value).toBe('/zzz');
    expect(runner.runs).toHaveLength(0);
  });
});
