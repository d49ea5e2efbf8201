// "Screenshot of this tab" from a view: the visible part of the active tab of the browser window
// the view belongs to. Chrome allows tabs.captureVisibleTab under activeTab (granted when the
// toolbar button or its shortcut opened the popup, or a context-menu item was clicked) or the
// <all_urls> host permission, which Parley does not ask for: from the side panel, where Chrome
// grants no activeTab, the browser refuses and the composer says to use the toolbar button or
// the page's context menu ("Ask about a screenshot of this page"). docs/decisions/screenshots.md.
import { browser } from '../../shared/browser';

export async function captureActiveTab(): Promise<{ blob: Blob; title: string }> {
  // The view's own window when it is a browser window (popup, side panel); else (a view opened
  // in a window of its own) the browser window used last.
  const current = await browser.windows.getCurrent();
  const [tab] =
    current.type === 'normal'
      ? await browser.tabs.query({ active: true, windowId: current.id! })
      : await browser.tabs.query({ active: true, windowType: 'normal' });
  if (tab?.windowId === undefined) throw new Error('no tab to capture');
  const dataUrl = await browser.tabs.captureVisibleTab(tab.windowId, { format: 'png' });
  return { blob: await dataUrlBlob(dataUrl), title: tab?.title ?? '' };
}

/** The bytes of a `data:` URL (what captureVisibleTab answers). */
export async function dataUrlBlob(dataUrl: string): Promise<Blob> {
  return (await fetch(dataUrl)).blob();
}
