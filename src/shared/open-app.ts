// The full-page chat (src/ui/app/index.html) lives in one tab: opening it again focuses that tab
// rather than a second one, and moves it to the conversation asked for. Used by the popup, the side
// panel, Options and the worker's keyboard command. Every browser call is behind AppTabs, so the
// rule is tested with a fake (open-app.test.ts); app-tabs.ts has the real ones.
/** The page's path inside the extension (docs/protocol.md). */
export const APP_PAGE = 'src/ui/app/index.html';

/** The keyboard command that opens it (manifest `commands.open-app`). */
export const OPEN_APP_COMMAND = 'open-app';

/** `#conversation=<id>`: the conversation the page shows. */
export function appHash(conversationId: string | undefined): string {
  return conversationId ? `#conversation=${encodeURIComponent(conversationId)}` : '';
}

/** The conversation named by `#conversation=<id>`, if any. */
export function conversationFromHash(hash: string): string | undefined {
  const value = new URLSearchParams(hash.replace(/^#/, '')).get('conversation');
  return value || undefined;
}

/** The tabs and windows calls openApp makes. */
export interface AppTabs {
  /** The page's own URL (no hash). */
  pageUrl: string;
  /** The tab the page is open in already, if it is. */
  find(): Promise<{ tabId: number; windowId: number } | undefined>;
  create(url: string): Promise<void>;
  /** Makes the tab active (and loads `url` in it, when given) and its window focused. */
  focus(tab: { tabId: number; windowId: number }, url?: string): Promise<void>;
}

/**
 * Opens the full page (on `conversationId`, when given), or focuses the tab it is open in. Without
 * a conversation an open page stays on what it shows.
 */
export async function openApp(conversationId: string | undefined, tabs: AppTabs): Promise<void> {
  const url = tabs.pageUrl + appHash(conversationId);
  const open = await tabs.find().catch(() => undefined);
  if (open) return tabs.focus(open, conversationId ? url : undefined);
  return tabs.create(url);
}
