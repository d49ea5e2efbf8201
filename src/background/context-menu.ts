// Context-menu items and the hand-off to the side panel (design.md, "Context menu → side panel").
// The click handler calls sidePanel.open first, synchronously inside the user gesture, and only then
// stores the pending ask in storage.session keyed by window. The side panel takes it on mount.
import type { MessageKey } from '../shared/i18n';

export const MENU_PARENT_ID = 'parley';
export const MENU_ASK_SELECTION_ID = 'parley-ask-selection';

/** storage.session key for a window's pending ask. */
export function pendingAskKey(windowId: number): string {
  return `pending-ask:${windowId}`;
}

export interface PendingAsk {
  action: 'ask';
  selection: string;
  pageUrl: string;
  title: string;
  createdAt: number;
}

export interface MenuItem {
  id: string;
  parentId?: string;
  titleKey: MessageKey;
  contexts: chrome.contextMenus.CreateProperties['contexts'];
}

export const MENU_ITEMS: readonly MenuItem[] = [
  { id: MENU_PARENT_ID, titleKey: 'menuParent', contexts: ['selection'] },
  {
    id: MENU_ASK_SELECTION_ID,
    parentId: MENU_PARENT_ID,
    titleKey: 'menuAskSelection',
    contexts: ['selection'],
  },
];

export interface MenuDeps {
  menus: {
    removeAll(): Promise<void>;
    create(props: chrome.contextMenus.CreateProperties): void;
  };
  translate(key: MessageKey): string;
}

export async function createMenus(deps: MenuDeps): Promise<void> {
  await deps.menus.removeAll();
  for (const item of MENU_ITEMS) {
    const props: chrome.contextMenus.CreateProperties = {
      id: item.id,
      title: deps.translate(item.titleKey),
      contexts: item.contexts,
    };
    if (item.parentId) props.parentId = item.parentId;
    deps.menus.create(props);
  }
}

export interface ClickDeps {
  openSidePanel(windowId: number): Promise<void>;
  sessionSet(items: Record<string, unknown>): Promise<void>;
  now(): number;
  log(message: string, detail?: unknown): void;
}

interface ClickInfo {
  menuItemId: string | number;
  selectionText?: string;
  pageUrl?: string;
}

interface ClickTab {
  windowId?: number;
  title?: string;
  url?: string;
}

/** Not async on purpose: sidePanel.open must run before anything awaits, or the gesture is lost. */
export function handleMenuClick(
  info: ClickInfo,
  tab: ClickTab | undefined,
  deps: ClickDeps,
): Promise<void> {
  if (info.menuItemId !== MENU_ASK_SELECTION_ID || tab?.windowId === undefined) {
    return Promise.resolve();
  }
  const windowId = tab.windowId;
  const opened = deps.openSidePanel(windowId).catch((error: unknown) => {
    deps.log('side panel did not open', error);
  });
  const ask: PendingAsk = {
    action: 'ask',
    selection: info.selectionText ?? '',
    pageUrl: info.pageUrl ?? tab.url ?? '',
    title: tab.title ?? '',
    createdAt: deps.now(),
  };
  const stored = deps.sessionSet({ [pendingAskKey(windowId)]: ask });
  return Promise.all([opened, stored]).then(() => undefined);
}
