import { describe, expect, it } from 'vitest';
import { appHash, conversationFromHash, openApp, type AppTabs } from './open-app';

/** A browser's tabs as a list: what openApp leaves open is what the assertions read. */
function fakeTabs(open: { url: string; windowId: number }[] = []) {
  const tabs = open.map((t, i) => ({ ...t, id: i + 1, active: false }));
  let focusedWindow = 0;
  const api: AppTabs = {
    pageUrl: 'chrome-extension://abc/src/ui/app/index.html',
    async find() {
      const tab = tabs.find((t) => t.url.split('#')[0] === api.pageUrl);
      return tab && { tabId: tab.id, windowId: tab.windowId };
    },
    async create(url) {
      tabs.push({ url, windowId: 1, id: tabs.length + 1, active: true });
    },
    async focus({ tabId, windowId }, url) {
      for (const t of tabs) t.active = t.id === tabId;
      const tab = tabs.find((t) => t.id === tabId)!;
      if (url) tab.url = url;
      focusedWindow = windowId;
    },
  };
  return { api, tabs, focused: () => focusedWindow };
}

describe('openApp', () => {
  it('opens the page in a new tab, on the conversation asked for', async () => {
    const { api, tabs } = fakeTabs();
    await openApp('c 1', api);
    expect(tabs).toEqual([
      expect.objectContaining({ url: `${api.pageUrl}#conversation=c%201`, active: true }),
    ]);
  });

  it('focuses the tab already open instead of opening a second one', async () => {
    const { api, tabs, focused } = fakeTabs([
      { url: 'https://example.com/', windowId: 1 },
      { url: 'chrome-extension://abc/src/ui/app/index.html#conversation=old', windowId: 2 },
    ]);
    await openApp(undefined, api);
    expect(tabs).toHaveLength(2);
    expect(tabs[1]).toMatchObject({
      active: true,
      url: expect.stringContaining('#conversation=old'),
    });
    expect(focused()).toBe(2);
    // With a conversation, the open tab moves to it.
    await openApp('new', api);
    expect(tabs).toHaveLength(2);
    expect(tabs[1]!.url).toBe(`${api.pageUrl}#conversation=new`);
  });

  it('opens a tab when looking for the open one fails', async () => {
    const { api, tabs } = fakeTabs();
    api.find = () => Promise.reject(new Error('no getContexts'));
    await openApp(undefined, api);
    expect(tabs.map((t) => t.url)).toEqual([api.pageUrl]);
  });
});

describe('the #conversation= hash', () => {
  it('round-trips any id', () => {
    for (const id of ['abc', 'a b/c#d', 'ключ']) expect(conversationFromHash(appHash(id))).toBe(id);
    expect(appHash(undefined)).toBe('');
    expect(conversationFromHash('')).toBeUndefined();
    expect(conversationFromHash('#provider=x')).toBeUndefined();
  });
});
