import { describe, expect, it } from 'vitest';
import { documentText, TabContext } from './tab-context';
import { estimateTextTokens } from '../../shared/token-estimate';
import { TabReadError, type OpenTab, type PageArticle, type TabSource } from '../tabs/tab-source';

/** A behavioural fake: pages by tab id, access granted per origin as the person answers. */
function fakeSource(pages: Record<number, PageArticle | TabReadError>, grant = true) {
  const asked: string[] = [];
  const source: TabSource = {
    list: () => Promise.resolve({ tabs: [], hidden: 0 }),
    requestAllTabs: () => Promise.resolve(true),
    requestAccess: (url) => {
      asked.push(url);
      return Promise.resolve(grant);
    },
    read: (id) => {
      const page = pages[id];
      if (!page) return Promise.reject(new Error('no such tab'));
      return page instanceof TabReadError ? Promise.reject(page) : Promise.resolve(page);
    },
  };
  return { source, asked };
}

const tab = (id: number, url: string, access = true): OpenTab => ({
  id,
  title: `Tab ${id}`,
  url,
  access,
});
const article = (text: string, title = 'A page', url = 'https://a.example/'): PageArticle => ({
  title,
  url,
  html: '',
  text,
});
const asText = (a: PageArticle) => Promise.resolve(a.text);
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('TabContext', () => {
  it('reads a picked tab into a document and counts its tokens', async () => {
    const { source, asked } = fakeSource({
      1: article('Hello tides', 'Tides', 'https://t.example/'),
    });
    const context = new TabContext(source, asText);
    context.pick(tab(1, 'https://t.example/'));
    expect(context.items.value[0]?.state).toBe('reading');
    expect(context.busy()).toBe(true);
    await settle();
    const item = context.items.value[0];
    expect(item).toMatchObject({
      state: 'ready',
      document: { title: 'Tides', text: 'Hello tides' },
    });
    const document = { title: 'Tides', url: 'https://t.example/', text: 'Hello tides' };
    expect(item?.state === 'ready' && item.tokens).toBe(estimateTextTokens(documentText(document)));
    expect(context.documents()).toEqual([document]);
    expect(asked).toEqual([]);
    // Picking it again adds nothing.
    context.pick(tab(1, 'https://t.example/'));
    expect(context.items.value).toHaveLength(1);
  });

  it('asks for access where Parley has none, and says so when refused', async () => {
    const allowed = fakeSource({ 2: article('x') });
    const context = new TabContext(allowed.source, asText);
    context.pick(tab(2, 'https://b.example/page', false));
    await settle();
    expect(allowed.asked).toEqual(['https://b.example/page']);
    expect(context.items.value[0]?.state).toBe('ready');

    const refused = fakeSource({ 2: article('x') }, false);
    const other = new TabContext(refused.source, asText);
    other.pick(tab(2, 'https://b.example/page', false));
    await settle();
    expect(other.items.value[0]).toMatchObject({ state: 'failed', problem: 'no-access' });
  });

  it('names why a page cannot be read, without asking for anything', async () => {
    const { source, asked } = fakeSource({
      5: article('   '),
      6: new TabReadError('failed', 'Frame showed an error page'),
    });
    const context = new TabContext(source, asText);
    context.pick(tab(3, 'chrome://settings', false));
    context.pick(tab(4, 'https://example.com/paper.pdf', false));
    context.pick(tab(5, 'https://empty.example/'));
    context.pick(tab(6, 'https://broken.example/'));
    await settle();
    expect(context.items.value.map((i) => (i.state === 'failed' ? i.problem : i.state))).toEqual([
      'browser-page',
      'pdf',
      'empty',
      'failed',
    ]);
    expect(asked).toEqual([]);
    expect(context.documents()).toEqual([]);
  });

  it('trims a document only when told, to the tokens given, and remembers its size before', async () => {
    const { source } = fakeSource({ 1: article('word '.repeat(2000).trim()) });
    const context = new TabContext(source, asText);
    context.pick(tab(1, 'https://a.example/'));
    await settle();
    const before = context.items.value[0];
    if (before?.state !== 'ready') throw new Error('not read');
    context.trim(1, 300);
    const after = context.items.value[0];
    if (after?.state !== 'ready') throw new Error('not read');
    expect(after.tokens).toBeLessThanOrEqual(300);
    expect(after.tokens).toBeGreaterThan(290);
    expect(after.trimmedFrom).toBe(before.tokens);
    expect(before.document.text.startsWith(after.document.text)).toBe(true);
  });

  it('drops a tab, even one still being read', async () => {
    const { source } = fakeSource({ 1: article('one'), 2: article('two') });
    const context = new TabContext(source, asText);
    context.pick(tab(1, 'https://a.example/'));
    context.pick(tab(2, 'https://b.example/'));
    context.remove(1);
    await settle();
    expect(context.items.value.map((i) => i.tab.id)).toEqual([2]);
    context.clear();
    expect(context.items.value).toEqual([]);
  });
});
