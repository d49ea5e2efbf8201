import { describe, expect, it } from 'vitest';
import { createMenus, handleMenuClick, MENU_ASK_SELECTION_ID, pendingAskKey } from './context-menu';
import { createStorageArea } from '../../tests/fakes/storage';

function deps() {
  const calls: string[] = [];
  const session = createStorageArea();
  return {
    calls,
    session,
    deps: {
      openSidePanel: async (windowId: number) => {
        calls.push(`open:${windowId}`);
      },
      sessionSet: async (items: Record<string, unknown>) => {
        calls.push('session-set');
        await session.set(items);
      },
      now: () => 1_700_000_000_000,
      log: () => {},
    },
  };
}

describe('context-menu click', () => {
  it('opens the side panel synchronously, before anything is awaited', () => {
    const { calls, deps: d } = deps();
    void handleMenuClick(
      { menuItemId: MENU_ASK_SELECTION_ID, selectionText: 'hello', pageUrl: 'https://a.test/' },
      { windowId: 7, title: 'A page' },
      d,
    );
    // Nothing has been awaited yet: the open must already have happened, and first.
    expect(calls[0]).toBe('open:7');
  });

  it('stores the pending ask keyed by window', async () => {
    const { session, deps: d } = deps();
    await handleMenuClick(
      { menuItemId: MENU_ASK_SELECTION_ID, selectionText: 'привет 🌍', pageUrl: 'https://a.test/' },
      { windowId: 3, title: 'A page' },
      d,
    );
    expect(session.snapshot()).toEqual({
      [pendingAskKey(3)]: {
        action: 'ask',
        selection: 'привет 🌍',
        pageUrl: 'https://a.test/',
        title: 'A page',
        createdAt: 1_700_000_000_000,
      },
    });
  });

  it('still stores the ask when the panel fails to open', async () => {
    const { session, deps: d } = deps();
    await handleMenuClick(
      { menuItemId: MENU_ASK_SELECTION_ID, selectionText: 'x' },
      { windowId: 1 },
      {
        ...d,
        openSidePanel: () => Promise.reject(new Error('no gesture')),
      },
    );
    expect(Object.keys(session.snapshot())).toEqual([pendingAskKey(1)]);
  });

  it('ignores other items and clicks without a window', async () => {
    const { calls, deps: d } = deps();
    await handleMenuClick({ menuItemId: 'other' }, { windowId: 1 }, d);
    await handleMenuClick({ menuItemId: MENU_ASK_SELECTION_ID }, undefined, d);
    expect(calls).toEqual([]);
  });
});

describe('createMenus', () => {
  it('replaces all items with the parent and its children, translated', async () => {
    const created: chrome.contextMenus.CreateProperties[] = [];
    let removed = 0;
    await createMenus({
      menus: {
        removeAll: async () => {
          removed++;
        },
        create: (p) => {
          created.push(p);
        },
      },
      translate: (key) => `T(${key})`,
    });
    expect(removed).toBe(1);
    expect(created).toEqual([
      { id: 'parley', title: 'T(menuParent)', contexts: ['selection'] },
      {
        id: MENU_ASK_SELECTION_ID,
        parentId: 'parley',
        title: 'T(menuAskSelection)',
        contexts: ['selection'],
      },
    ]);
  });
});
