// The polyfill never wrapped the side panel (docs/design.md, "Stack"): Chrome has chrome.sidePanel,
// Firefox has sidebarAction. This is the one place that knows the difference.

interface SidebarAction {
  open(): Promise<void>;
}

/** Opens the side panel for a window. Call it first in a user-gesture handler, before any await. */
export function openSidePanel(windowId: number): Promise<void> {
  const g = globalThis as { chrome?: typeof chrome; browser?: { sidebarAction?: SidebarAction } };
  if (g.chrome?.sidePanel?.open) return g.chrome.sidePanel.open({ windowId });
  if (g.browser?.sidebarAction?.open) return g.browser.sidebarAction.open();
  return Promise.reject(new Error('This browser has no side panel API.'));
}
