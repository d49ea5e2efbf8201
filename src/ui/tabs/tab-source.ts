// Open tabs as context (docs/design.md "Open tabs and the context meter"): what the view needs from
// the browser to list tabs and read one, as an interface, so models and components stay testable
// without an extension around them (runtime-tab-source.ts is the real one).

export interface OpenTab {
  id: number;
  title: string;
  url: string;
  favIconUrl?: string;
  /** Parley may read it now (a host permission or activeTab covers it). */
  access: boolean;
  /** The browser unloaded it to save memory: it must be shown once before it can be read. */
  discarded?: boolean;
}

export interface TabList {
  tabs: OpenTab[];
  /** Open tabs whose title and address Parley may not see (no `tabs` permission, no host access). */
  hidden: number;
}

/** The readable part of a page, as read in the page (read-in-page.ts). */
export interface PageArticle {
  title: string;
  url: string;
  /** Readability's cleaned HTML of the main content; '' when it found no article. */
  html: string;
  /** The main content as plain text (the whole body's when Readability found no article). */
  text: string;
  /** The page's language (`<html lang>`), when it says. */
  lang?: string;
}

export type TabProblem =
  'browser-page' | 'store' | 'pdf' | 'file' | 'discarded' | 'no-access' | 'empty' | 'failed';

export class TabReadError extends Error {
  constructor(
    readonly problem: TabProblem,
    detail?: string,
  ) {
    super(detail ?? problem);
    this.name = 'TabReadError';
  }
}

export interface TabSource {
  list(): Promise<TabList>;
  /**
   * Asks to see every tab's title and address (the optional `tabs` permission). Call it first thing
   * in the click: the prompt needs the user gesture, which does not survive an `await` in Firefox.
   */
  requestAllTabs(): Promise<boolean>;
  /** Asks for access to the tab's site (an optional host permission); first thing in the click. */
  requestAccess(url: string): Promise<boolean>;
  /** Injects the readability library into the tab and reads its live DOM. */
  read(tabId: number, signal: AbortSignal): Promise<PageArticle>;
}

// Pages no extension may script, by the browsers' own rules: their internal pages, the extension
// stores, and the PDF viewer (which shows the PDF in a page of its own).
const BROWSER_SCHEMES = [
  'chrome:',
  'chrome-untrusted:',
  'chrome-extension:',
  'edge:',
  'brave:',
  'opera:',
  'vivaldi:',
  'about:',
  'moz-extension:',
  'view-source:',
  'devtools:',
  'data:',
  'javascript:',
  'blob:',
];
const STORES = [
  { host: 'chromewebstore.google.com' },
  { host: 'chrome.google.com', path: '/webstore' },
  { host: 'microsoftedge.microsoft.com', path: '/addons' },
  { host: 'addons.mozilla.org' },
  { host: 'addons.opera.com' },
];

/** Why a tab cannot be read whatever the permissions, or undefined when it may be. */
export function unreadableReason(address: string): TabProblem | undefined {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return 'browser-page';
  }
  if (BROWSER_SCHEMES.includes(url.protocol)) return 'browser-page';
  if (url.protocol === 'file:') return url.pathname.toLowerCase().endsWith('.pdf') ? 'pdf' : 'file';
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'browser-page';
  if (STORES.some((s) => url.hostname === s.host && (!s.path || url.pathname.startsWith(s.path))))
    return 'store';
  if (url.pathname.toLowerCase().endsWith('.pdf')) return 'pdf';
  return undefined;
}

/** Case-insensitive search over titles and addresses; every word must match. */
export function matchTabs(tabs: readonly OpenTab[], query: string): OpenTab[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...tabs];
  return tabs.filter((tab) => {
    const hay = `${tab.title}\n${tab.url}`.toLowerCase();
    return words.every((word) => hay.includes(word));
  });
}

/** The host shown under a tab's title. */
export function hostOf(address: string): string {
  try {
    return new URL(address).host || address;
  } catch {
    return address;
  }
}
