// The keyboard shortcut that opens the side panel (manifest `commands.open-side-panel`). Chrome
// has no built-in command for a side panel, so this is a named command handled in
// commands.onCommand. sidePanel.open needs the shortcut's user gesture, which does not survive an
// `await`: it is called first, synchronously, in the window the key was pressed in.
export const OPEN_SIDE_PANEL_COMMAND = 'open-side-panel';

export function handleOpenSidePanelCommand(
  tab: { windowId?: number } | undefined,
  deps: {
    openSidePanel(windowId: number): Promise<void>;
    log(message: string, detail?: unknown): void;
  },
): Promise<void> {
  if (tab?.windowId === undefined) {
    deps.log('side-panel shortcut without a window; nothing opened');
    return Promise.resolve();
  }
  return deps
    .openSidePanel(tab.windowId)
    .catch((error: unknown) => deps.log('side panel did not open', error));
}
