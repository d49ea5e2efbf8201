import { describe, expect, it } from 'vitest';
import { signal } from '@preact/signals';
import { documentTokens, TabContext, trimDocument } from './tab-context';
import { ComposerAttachments } from './composer-attachments';
import { documentBlock } from '../../shared/content-parts';
import { estimateTextTokens } from '../../shared/token-estimate';
import { TabReadError, type OpenTab, type PageArticle, type TabSource } from '../tabs/tab-source';

/** A behavioural fake: pages by tab id, access granted as the person answers. */
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

function setup(pages: Record<number, PageArticle | TabReadError>, grant = true) {
  const { source, asked } = fakeSource(pages, grant);
  let n = 0;
  const attachments = new ComposerAttachments(
    { providers: signal([]), providerId: signal('auto'), conversation: signal(undefined) },
    { newId: () => `a${++n}` },
  );
  const tabs = new TabContext(attachments, source, (a) => Promise.resolve(a.text));
  return { attachments, tabs, asked };
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
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('TabContext', () => {
  it('reads a picked tab into a document attachment with its title, address and tokens', async () => {
    const { attachments, tabs, asked } = setup({
      1: article('Hello tides', 'Tides', 'https://t.example/'),
    });
    tabs.pick(tab(1, 'https://t.example/'));
    expect(attachments.items.value[0]).toMatchObject({ kind: 'tab', status: 'preparing' });
    await settle();
    const input = {
      kind: 'document',
      name: 'Tides',
      title: 'Tides',
      url: 'https://t.example/',
      text: 'Hello tides',
    } as const;
    expect(attachments.items.value[0]).toMatchObject({
      kind: 'tab',
      status: 'ready',
      name: 'Tides',
      input,
    });
    expect(attachments.items.value[0]?.tokens).toBe(estimateTextTokens(documentBlock(input)));
    expect(documentTokens(input)).toBe(attachments.items.value[0]?.tokens);
    expect(attachments.inputs()).toEqual([input]);
    expect(asked).toEqual([]);
    expect(tabs.pickedTabs()).toEqual([1]);
    // Picking it again adds nothing; removing its chip lets it be picked again.
    tabs.pick(tab(1, 'https://t.example/'));
    expect(attachments.items.value).toHaveLength(1);
    attachments.remove('a1');
    expect(tabs.pickedTabs()).toEqual([]);
  });

  it('asks for access where Parley has none, and says so when refused', async () => {
    const allowed = setup({ 2: article('x') });
    allowed.tabs.pick(tab(2, 'https://b.example/page', false));
    await settle();
    expect(allowed.asked).toEqual(['https://b.example/page']);
    expect(allowed.attachments.items.value[0]?.status).toBe('ready');

    const refused = setup({ 2: article('x') }, false);
    refused.tabs.pick(tab(2, 'https://b.example/page', false));
    await settle();
    expect(refused.attachments.items.value).toEqual([]);
    expect(refused.tabs.notice.value).toEqual({ problem: 'no-access', title: 'Tab 2' });
  });

  it('names why a page cannot be read, without asking for anything', async () => {
    const { attachments, tabs, asked } = setup({
      5: article('   '),
      6: new TabReadError('failed', 'Frame showed an error page'),
    });
    const seen: string[] = [];
    for (const [id, url] of [
      [3, 'chrome://settings'],
      [4, 'https://example.com/paper.pdf'],
      [5, 'https://empty.example/'],
      [6, 'https://broken.example/'],
    ] as const) {
      tabs.pick(tab(id, url, id < 5 ? false : true));
      await settle();
      seen.push(tabs.notice.value?.problem ?? 'none');
    }
    expect(seen).toEqual(['browser-page', 'pdf', 'empty', 'failed']);
    expect(asked).toEqual([]);
    expect(attachments.items.value).toEqual([]);
  });

  it('drops a tab removed while it is still being read', async () => {
    const { attachments, tabs } = setup({ 1: article('one'), 2: article('two') });
    tabs.pick(tab(1, 'https://a.example/'));
    tabs.pick(tab(2, 'https://b.example/'));
    attachments.remove('a1');
    await settle();
    expect(attachments.items.value.map((a) => a.id)).toEqual(['a2']);
    expect(tabs.notice.value).toBeUndefined();
  });
});

describe('trimDocument', () => {
  it('cuts only when told, so the whole block takes at most the tokens given, keeping the start', async () => {
    const { attachments, tabs } = setup({ 1: article('word '.repeat(2000).trim()) });
    tabs.pick(tab(1, 'https://a.example/'));
    await settle();
    const before = attachments.items.value[0]!;
    trimDocument(attachments, 'a1', 300);
    const after = attachments.items.value[0]!;
    expect(after.tokens).toBeLessThanOrEqual(300);
    expect(after.tokens).toBeGreaterThan(290);
    expect(after.tokens).toBe(estimateTextTokens(documentBlock(after.input as never)));
    const text = (i: typeof before) => (i.input?.kind === 'document' ? i.input.text : '');
    expect(text(before).startsWith(text(after))).toBe(true);
  });
});
