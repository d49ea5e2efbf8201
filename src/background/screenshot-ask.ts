// "Ask about a screenshot of this page" (issue 14): the context-menu item's ask. The click grants
// activeTab, under which tabs.captureVisibleTab may capture the page; the screenshot travels to the
// side panel inside the PendingAsk (storage.session), where the composer scales it down for the
// chosen provider and attaches it. The composer's text stays empty for the question.
import type { AskProblem, PendingAsk } from '../shared/pending-ask';
import type { ClickInfo, ClickTab } from '../platform/platform';

export const MENU_PAGE_SCREENSHOT_ID = 'parley-page-screenshot';

/** storage.session holds 10 MB in all: a larger PNG (a 4K screen of photos) is taken as JPEG. */
const MAX_PNG_URL = 6 * 1024 * 1024;

export interface ScreenshotDeps {
  captureTab(windowId: number, format: 'png' | 'jpeg'): Promise<string>;
  newId(): string;
  now(): number;
  log(message: string, detail?: unknown): void;
}

export async function prepareScreenshotAsk(
  info: ClickInfo,
  tab: ClickTab & { windowId: number },
  deps: ScreenshotDeps,
): Promise<PendingAsk> {
  const base = {
    id: deps.newId(),
    action: 'page-screenshot',
    text: '',
    send: false,
    context: { pageUrl: info.pageUrl ?? tab.url ?? '', title: tab.title ?? '' },
    createdAt: deps.now(),
  };
  const problem = (kind: AskProblem): PendingAsk => ({ ...base, problem: kind });
  if (tab.discarded) return problem('tab-discarded');
  try {
    let dataUrl = await deps.captureTab(tab.windowId, 'png');
    if (dataUrl.length > MAX_PNG_URL) dataUrl = await deps.captureTab(tab.windowId, 'jpeg');
    return { ...base, screenshot: { dataUrl } };
  } catch (error) {
    deps.log('could not capture the page', error);
    return problem('screenshot-failed');
  }
}
