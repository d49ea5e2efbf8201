import { describe, expect, it } from 'vitest';
import { readTab, type TabScripting } from './read-tab';
import { READABILITY_FILE, readArticleInPage } from './read-in-page';
import { TabReadError, type PageArticle } from './tab-source';

const ARTICLE: PageArticle = {
  title: 'Tide tables',
  url: 'https://example.com/tides',
  html: '<h2>When to sail</h2>',
  text: 'When to sail',
};

type Injection = Parameters<TabScripting['scripting']['executeScript']>[0];

/** A tab at `url` whose two injections (the library, then the reader) answer as given. */
function fakeApi(
  answers: Array<(injection: Injection) => Promise<{ result?: unknown; error?: unknown }[]>>,
  url = 'https://example.com/tides',
) {
  const injections: Injection[] = [];
  const api: TabScripting = {
    tabs: { get: () => Promise.resolve({ url }) },
    scripting: {
      executeScript: (injection) => {
        injections.push(injection);
        const answer = answers[injections.length - 1];
        if (!answer) throw new Error('one injection too many');
        return answer(injection);
      },
    },
  };
  return { api, injections };
}

const frame = (outcome: { result?: unknown; error?: unknown }) => () =>
  Promise.resolve([{ frameId: 0, documentId: 'doc', ...outcome }]);
const read = (api: TabScripting) => readTab(api, 7, new AbortController().signal);
const problem = (promise: Promise<unknown>) =>
  promise.then(
    () => 'read',
    (error: unknown) => (error instanceof TabReadError ? error.problem : String(error)),
  );

describe('readTab', () => {
  it('injects the library from the extension’s root, then reads with the reader function', async () => {
    const { api, injections } = fakeApi([frame({}), frame({ result: ARTICLE })]);
    await expect(read(api)).resolves.toEqual(ARTICLE);
    expect(injections).toEqual([
      { target: { tabId: 7 }, files: [READABILITY_FILE] },
      { target: { tabId: 7 }, func: readArticleInPage },
    ]);
    // Firefox resolves the path against the calling page (context.uri.resolve in its
    // ext-scripting.js): from the side panel it must still name the root's file.
    const base = 'moz-extension://0b1c2d3e/src/ui/sidepanel/index.html';
    expect(new URL(READABILITY_FILE, base).href).toBe(
      'moz-extension://0b1c2d3e/vendor/readability.js',
    );
  });

  it('stops where Firefox answers the library’s injection with an error, instead of reading without it', async () => {
    // Firefox resolves with the failure in the frame's `error` where Chromium rejects.
    const { api, injections } = fakeApi([
      frame({
        error: 'Unable to load script: moz-extension://x/src/ui/sidepanel/vendor/readability.js',
      }),
      frame({ result: ARTICLE }),
    ]);
    const failure = read(api);
    await expect(problem(failure)).resolves.toBe('failed');
    await expect(failure).rejects.toThrow(/Unable to load script/);
    expect(injections).toHaveLength(1);
  });

  it('names a missing host permission in either browser’s words', async () => {
    const firefox = fakeApi([
      () => Promise.reject(new Error('Missing host permission for the tab')),
    ]);
    await expect(problem(read(firefox.api))).resolves.toBe('no-access');
    const chromium = fakeApi([
      () =>
        Promise.reject(
          new Error(
            'Cannot access contents of the page. Extension manifest must request permission to access the respective host.',
          ),
        ),
    ]);
    await expect(problem(read(chromium.api))).resolves.toBe('no-access');
  });

  it('fails a reader that threw or gave nothing', async () => {
    const threw = fakeApi([frame({}), frame({ error: { message: 'boom' } })]);
    await expect(read(threw.api)).rejects.toThrow('boom');
    const nothing = fakeApi([frame({}), frame({})]);
    await expect(problem(read(nothing.api))).resolves.toBe('failed');
  });

  it('refuses what no extension may read before injecting anything', async () => {
    const { api, injections } = fakeApi([], 'about:blank');
    await expect(problem(read(api))).resolves.toBe('browser-page');
    expect(injections).toEqual([]);
  });
});
