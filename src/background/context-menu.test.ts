import { describe, expect, it } from 'vitest';
import {
  createMenus,
  handleAskCommand,
  handleMenuClick,
  MENU_ASK_SELECTION_ID,
  MENU_PAGE_ASK_ID,
  MENU_PAGE_SUMMARY_ID,
  pendingAskKey,
  type AskDeps,
} from './context-menu';
import { createStorageArea } from '../../tests/fakes/storage';
import { defaultSettings, type Settings } from '../shared/settings';
import type { PendingAsk } from '../shared/pending-ask';
import en from '../../public/_locales/en/messages.json';
import { catalogueSource } from '../shared/i18n';

// The real lookup over the English catalogue (Chrome's substitution rules); the key when missing.
const english = catalogueSource(en);
const translate = (key: string, subs?: string | string[]) => english(key, subs) || key;

interface Page {
  selection?: string;
  text?: string;
  blocked?: boolean;
}

function setup(page: Page = {}, settings: Partial<Settings['selection']> = {}) {
  const calls: string[] = [];
  const session = createStorageArea();
  const deps: AskDeps = {
    openSidePanel: async (windowId) => void calls.push(`open:${windowId}`),
    sessionSet: async (items) => {
      calls.push('session-set');
      await session.set(items);
    },
    readSettings: async () => {
      calls.push('read-settings');
      const s = defaultSettings();
      return { ...s, selection: { ...s.selection, ...settings } };
    },
    readSelection: async (_tab, frameId) => {
      calls.push(`read-selection:${frameId ?? 'all'}`);
      if (page.blocked) throw new Error('Cannot access a chrome:// URL');
      return page.selection ?? '';
    },
    readPage: async () => {
      calls.push('read-page');
      if (page.blocked) throw new Error('Cannot access contents of the page');
      return { text: page.text ?? '', title: 'Long page', url: 'http://127.0.0.1/long' };
    },
    captureTab: async (windowId, format) => {
      calls.push(`capture:${windowId}:${format}`);
      if (page.blocked) throw new Error('Cannot access contents of url "chrome://settings/"');
      return 'data:image/png;base64,iVBORw0KGgo=';
    },
    translate: translate as AskDeps['translate'],
    uiLanguage: 'en',
    now: () => 42,
    newId: () => 'ask-1',
    log: () => undefined,
  };
  const stored = () => session.snapshot()[pendingAskKey(7)] as PendingAsk | undefined;
  return { calls, deps, stored };
}

const tab = { id: 3, windowId: 7, title: 'A page', url: 'https://a.test/' };

describe('the hand-off opens the side panel before anything is awaited', () => {
  it.each([
    ['Ask about selection', MENU_ASK_SELECTION_ID],
    ['Explain', 'parley-action:explain'],
    ['Summarize this page', MENU_PAGE_SUMMARY_ID],
  ])('%s', (_name, menuItemId) => {
    const { calls, deps } = setup({ selection: 'x', text: 'y' });
    void handleMenuClick({ menuItemId, selectionText: 'x' }, tab, deps);
    // Nothing has been awaited yet: the open must already have happened, and first.
    expect(calls).toEqual(['open:7', 'read-settings']);
  });

  it('the keyboard command too', () => {
    const { calls, deps } = setup({ selection: 'x' });
    void handleAskCommand(tab, deps);
    expect(calls[0]).toBe('open:7');
  });
});

describe('selection actions', () => {
  it('Ask quotes the selection, line breaks kept, and waits for the user', async () => {
    const { deps, stored } = setup({ selection: 'first line\nsecond 🌍' });
    await handleMenuClick(
      { menuItemId: MENU_ASK_SELECTION_ID, selectionText: 'first line second 🌍', frameId: 5 },
      tab,
      deps,
    );
    expect(stored()).toEqual({
      id: 'ask-1',
      action: 'ask',
      text: '> first line\n> second 🌍\n\n',
      send: false,
      context: { pageUrl: 'https://a.test/', title: 'A page' },
      createdAt: 42,
    });
  });

  it('reads the selection in the frame that was clicked (iframes)', async () => {
    const { calls, deps } = setup({ selection: 'in a frame' });
    await handleMenuClick({ menuItemId: MENU_ASK_SELECTION_ID, frameId: 5 }, tab, deps);
    expect(calls).toContain('read-selection:5');
  });

  it('falls back to the menu’s selectionText where scripts cannot run', async () => {
    const { deps, stored } = setup({ blocked: true });
    await handleMenuClick(
      { menuItemId: MENU_ASK_SELECTION_ID, selectionText: 'from the menu' },
      tab,
      deps,
    );
    expect(stored()?.text).toBe('> from the menu\n\n');
  });

  it('Explain sends its template at once; editBeforeSend makes it wait', async () => {
    const now = setup({ selection: 'photosynthesis' });
    await handleMenuClick({ menuItemId: 'parley-action:explain' }, tab, now.deps);
    expect(now.stored()).toMatchObject({
      action: 'explain',
      send: true,
      text: 'Explain the following text in simple terms:\n\nphotosynthesis',
    });
    const wait = setup({ selection: 'photosynthesis' }, { editBeforeSend: true });
    await handleMenuClick({ menuItemId: 'parley-action:explain' }, tab, wait.deps);
    expect(wait.stored()).toMatchObject({ send: false, text: now.stored()?.text });
  });

  it('Translate names the UI language', async () => {
    const { deps, stored } = setup({ selection: 'Hallo' });
    await handleMenuClick({ menuItemId: 'parley-action:translate' }, tab, {
      ...deps,
      uiLanguage: 'ru',
    });
    expect(stored()?.text).toBe(
      'Translate the following text to русский. Reply with the translation only:\n\nHallo',
    );
  });

  it('fills a user template’s placeholders', async () => {
    const { deps, stored } = setup(
      { selection: 'x = 1' },
      {
        templates: [
          {
            id: 'review',
            title: 'Review',
            prompt: 'Review {{selection}} from {{title}} at {{url}}',
          },
        ],
      },
    );
    await handleMenuClick({ menuItemId: 'parley-template:review' }, tab, deps);
    expect(stored()).toMatchObject({
      action: 'template:review',
      send: true,
      text: 'Review x = 1 from A page at https://a.test/',
    });
  });

  it('cuts a long selection at the limit and says so', async () => {
    const { deps, stored } = setup({ selection: 'a'.repeat(50) }, { maxChars: 20 });
    await handleMenuClick({ menuItemId: 'parley-action:summarize' }, tab, deps);
    expect(stored()?.cut).toEqual({ kept: 20, total: 50 });
    expect(stored()?.text.endsWith(`\n\n${'a'.repeat(20)}`)).toBe(true);
  });

  it('reports an empty selection instead of asking about nothing', async () => {
    const { deps, stored } = setup({ selection: '   ' });
    await handleMenuClick({ menuItemId: 'parley-action:explain', selectionText: '' }, tab, deps);
    expect(stored()).toMatchObject({ problem: 'selection-empty', send: false });
  });

  it('still stores the ask when the panel fails to open', async () => {
    const { deps, stored } = setup({ selection: 'x' });
    await handleMenuClick({ menuItemId: MENU_ASK_SELECTION_ID }, tab, {
      ...deps,
      openSidePanel: () => Promise.reject(new Error('no gesture')),
    });
    expect(stored()?.text).toBe('> x\n\n');
  });

  it('ignores other menu items and clicks without a window', async () => {
    const { calls, deps } = setup();
    await handleMenuClick({ menuItemId: 'other' }, tab, deps);
    await handleMenuClick({ menuItemId: MENU_ASK_SELECTION_ID }, undefined, deps);
    await handleMenuClick({ menuItemId: 'parley-action:nope' }, tab, deps);
    expect(calls).toEqual([]);
  });
});

describe('page actions', () => {
  it('Summarize this page reads the main text, cuts it, and sends', async () => {
    const { deps, stored } = setup({ text: 'word '.repeat(100) }, { pageMaxChars: 30 });
    await handleMenuClick({ menuItemId: MENU_PAGE_SUMMARY_ID }, tab, deps);
    expect(stored()).toMatchObject({
      action: 'page-summary',
      send: true,
      cut: { kept: 30, total: 500 },
      context: { pageUrl: 'http://127.0.0.1/long', title: 'Long page' },
    });
    expect(stored()?.text).toContain('"Long page" (http://127.0.0.1/long)');
  });

  it('Ask about this page waits for the question', async () => {
    const { deps, stored } = setup({ text: 'Some article.' });
    await handleMenuClick({ menuItemId: MENU_PAGE_ASK_ID }, tab, deps);
    expect(stored()).toMatchObject({ action: 'page-ask', send: false });
    expect(stored()?.text.endsWith('My question: ')).toBe(true);
  });

  it.each([
    ['a page where scripts cannot run', { blocked: true }, tab, 'scripts-blocked'],
    ['a discarded tab', { text: 'x' }, { ...tab, discarded: true }, 'tab-discarded'],
    ['an empty page', { text: ' \n ' }, tab, 'page-empty'],
  ] as const)('reports %s', async (_name, page, clickedTab, problem) => {
    const { deps, stored } = setup(page);
    await handleMenuClick({ menuItemId: MENU_PAGE_SUMMARY_ID }, clickedTab, deps);
    expect(stored()).toMatchObject({ problem, send: false, text: '' });
  });
});

describe('createMenus', () => {
  it('builds the parent, the selection actions, the user templates and the page actions', async () => {
    const created: chrome.contextMenus.CreateProperties[] = [];
    let removed = 0;
    const settings = defaultSettings();
    settings.selection.templates = [
      { id: 'review', title: 'Review code', prompt: '{{selection}}' },
    ];
    await createMenus(
      {
        menus: {
          removeAll: async () => void removed++,
          create: (p) => void created.push(p),
        },
        translate: translate as AskDeps['translate'],
        uiLanguage: 'en',
      },
      settings,
    );
    expect(removed).toBe(1);
    expect(created.map((p) => [p.id, p.title, p.contexts?.join(',')])).toEqual([
      ['parley', 'Parley', 'selection,page'],
      ['parley-ask-selection', 'Ask about selection…', 'selection'],
      ['parley-action:explain', 'Explain', 'selection'],
      ['parley-action:summarize', 'Summarize', 'selection'],
      ['parley-action:translate', 'Translate to English', 'selection'],
      ['parley-action:fix', 'Fix grammar and style', 'selection'],
      ['parley-template:review', 'Review code', 'selection'],
      ['parley-page-summary', 'Summarize this page', 'page'],
      ['parley-page-ask', 'Ask about this page…', 'page'],
      ['parley-page-screenshot', 'Ask about a screenshot of this page', 'page'],
    ]);
    expect(created[0]).not.toHaveProperty('parentId');
    expect(created.slice(1).every((p) => p.parentId === 'parley')).toBe(true);
  });
});

describe('Ask about a screenshot of this page', () => {
  it('opens the side panel first, then hands it the capture with the page it shows', async () => {
    const { calls, deps, stored } = setup();
    const done = handleMenuClick({ menuItemId: 'parley-page-screenshot' }, tab, deps);
    expect(calls[0]).toBe('open:7');
    await done;
    expect(calls).toEqual(['open:7', 'capture:7:png', 'session-set']);
    expect(stored()).toMatchObject({
      action: 'page-screenshot',
      text: '',
      send: false,
      context: { pageUrl: 'https://a.test/', title: 'A page' },
      screenshot: { dataUrl: 'data:image/png;base64,iVBORw0KGgo=' },
    });
    expect(stored()?.problem).toBeUndefined();
  });

  it('says so when the page cannot be captured', async () => {
    const { deps, stored } = setup({ blocked: true });
    await handleMenuClick({ menuItemId: 'parley-page-screenshot' }, tab, deps);
    expect(stored()).toMatchObject({ problem: 'screenshot-failed' });
    expect(stored()?.screenshot).toBeUndefined();
  });

  it('takes a JPEG when the PNG would not fit the session storage', async () => {
    const { calls, deps, stored } = setup();
    deps.captureTab = async (windowId, format) => {
      calls.push(`capture:${windowId}:${format}`);
      return format === 'png'
        ? `data:image/png;base64,${'A'.repeat(7_000_000)}`
        : 'data:image/jpeg;base64,/9j/';
    };
    await handleMenuClick({ menuItemId: 'parley-page-screenshot' }, tab, deps);
    expect(calls.filter((c) => c.startsWith('capture'))).toEqual([
      'capture:7:png',
      'capture:7:jpeg',
    ]);
    expect(stored()?.screenshot?.dataUrl).toBe('data:image/jpeg;base64,/9j/');
  });
});
