import { describe, expect, it } from 'vitest';
import { hostOf, matchTabs, unreadableReason, type OpenTab } from './tab-source';

describe('unreadableReason', () => {
  it('lets web pages through', () => {
    expect(unreadableReason('https://example.com/article')).toBeUndefined();
    expect(unreadableReason('http://127.0.0.1:8080/')).toBeUndefined();
  });

  it('names what no extension may read', () => {
    expect(unreadableReason('chrome://settings')).toBe('browser-page');
    expect(unreadableReason('about:blank')).toBe('browser-page');
    expect(unreadableReason('edge://newtab')).toBe('browser-page');
    expect(unreadableReason('chrome-extension://abc/page.html')).toBe('browser-page');
    expect(unreadableReason('not a url')).toBe('browser-page');
    expect(unreadableReason('https://chromewebstore.google.com/detail/x')).toBe('store');
    expect(unreadableReason('https://chrome.google.com/webstore/detail/x')).toBe('store');
    expect(unreadableReason('https://addons.mozilla.org/en-US/firefox/')).toBe('store');
    expect(unreadableReason('https://chrome.google.com/search')).toBeUndefined();
    expect(unreadableReason('https://example.com/paper.PDF')).toBe('pdf');
    expect(unreadableReason('file:///home/me/paper.pdf')).toBe('pdf');
    expect(unreadableReason('file:///home/me/notes.html')).toBe('file');
  });
});

describe('matchTabs', () => {
  const tabs: OpenTab[] = [
    { id: 1, title: 'Rust book', url: 'https://doc.rust-lang.org/book/', access: false },
    { id: 2, title: 'Новости', url: 'https://news.example.ru/', access: true },
  ];
  it('finds by every word in the title or the address, any case', () => {
    expect(matchTabs(tabs, '').map((t) => t.id)).toEqual([1, 2]);
    expect(matchTabs(tabs, 'RUST lang').map((t) => t.id)).toEqual([1]);
    expect(matchTabs(tabs, 'новости').map((t) => t.id)).toEqual([2]);
    expect(matchTabs(tabs, 'example rust')).toEqual([]);
  });

  it('shows the host', () => {
    expect(hostOf('https://doc.rust-lang.org/book/')).toBe('doc.rust-lang.org');
    expect(hostOf('nonsense')).toBe('nonsense');
  });
});
