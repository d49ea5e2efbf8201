// Runs in the picked tab, after the readability library was injected there (runtime-tab-source.ts):
// serialised by scripting.executeScript, so it must be self-contained. It reads a clone of the live
// document — what a single-page app has built so far, not a refetch — and Readability changes the
// document it parses, so the clone also leaves the page as it was.
import type { PageArticle } from './tab-source';

/**
 * The injected file: @mozilla/readability's Readability.js, copied as it is by vite.config.ts to
 * vendor/readability.js. From the extension's root with the leading slash: Chromium takes a path
 * from the root either way, but Firefox resolves a relative one against the calling page
 * (src/ui/sidepanel/vendor/readability.js, which does not exist).
 */
export const READABILITY_FILE = '/vendor/readability.js';

export function readArticleInPage(): PageArticle {
  type Article = { title?: string | null; content?: string | null; textContent?: string | null };
  const scope = globalThis as unknown as {
    document: {
      title: string;
      body: { innerText?: string } | null;
      documentElement: { lang?: string } | null;
      cloneNode(deep: boolean): unknown;
    };
    location: { href: string };
    Readability?: new (doc: unknown) => { parse(): Article | null };
  };
  const doc = scope.document;
  let article: Article | null;
  try {
    article = scope.Readability ? new scope.Readability(doc.cloneNode(true)).parse() : null;
  } catch {
    article = null;
  }
  const tidy = (text: string) =>
    text
      .replace(/[ \t]+\n/g, '\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim();
  return {
    title: doc.title || article?.title || '',
    url: String(scope.location.href),
    html: article?.content ?? '',
    text: tidy(article?.textContent ?? doc.body?.innerText ?? ''),
    ...(doc.documentElement?.lang ? { lang: doc.documentElement.lang } : {}),
  };
}
