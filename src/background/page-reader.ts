// Reads a selection or a page's main text on demand, with activeTab + scripting (docs/design.md: no
// content script on every page). The injected functions must be self-contained: they are
// serialised and run in the page.
import type { Scripting } from '../platform/platform';
import { selectionInPage, topFrameResult } from '../shared/page-scripts';

export type { Scripting };

export interface PageText {
  text: string;
  title: string;
  url: string;
}

/** Runs in the page: the main text, preferring <article>/<main> over the whole body. */
export function mainTextInPage(): PageText {
  const doc = (
    globalThis as unknown as {
      document: {
        querySelector(s: string): { innerText?: string } | null;
        body: { innerText?: string } | null;
        title: string;
      };
    }
  ).document;
  const root = doc.querySelector('article, main, [role="main"]') ?? doc.body;
  const text = (root?.innerText ?? '')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return { text, title: doc.title, url: String(globalThis.location?.href ?? '') };
}

/** The selection in one frame (the one clicked), or the first non-empty one across all frames. */
export async function readSelection(
  scripting: Scripting,
  tabId: number,
  frameId?: number,
): Promise<string> {
  const target =
    frameId === undefined ? { tabId, allFrames: true } : { tabId, frameIds: [frameId] };
  const results = await scripting.executeScript({ target, func: selectionInPage });
  // selectionInPage answers a string in every frame it ran in.
  const texts = results.map((r) => (typeof r.result === 'string' ? r.result : ''));
  return texts.find((text) => text.trim() !== '') ?? '';
}

export async function readPage(scripting: Scripting, tabId: number): Promise<PageText> {
  // What mainTextInPage returned, cloned out of the page.
  const page = topFrameResult(
    await scripting.executeScript({ target: { tabId }, func: mainTextInPage }),
  ) as PageText | undefined;
  if (!page) throw new Error('The page gave no text.');
  return page;
}
