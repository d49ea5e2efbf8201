// Context-menu items and the hand-off to the side panel (docs/design.md, "Context menu → side
// panel"). Every handler opens the side panel FIRST, synchronously inside the user gesture (an
// await before it loses the gesture and Chrome refuses), and only then prepares the ask — reading
// the selection or page with activeTab + scripting — and stores it in storage.session keyed by
// window. The side panel takes it on mount or as it arrives. No timers anywhere.
import type { ClickInfo, ClickTab, MenusApi } from '../platform/platform';
import type { MessageKey } from '../shared/i18n';
import { pendingAskKey, type AskProblem, type PendingAsk } from '../shared/pending-ask';
import type { Settings } from '../shared/settings';
import {
  cutText,
  fillTemplate,
  languageName,
  quoteSelection,
  SELECTION_ACTIONS,
  templateIdFromMenu,
  templateMenuId,
} from './templates';
import type { PageText } from './page-reader';
import {
  MENU_PAGE_SCREENSHOT_ID,
  prepareScreenshotAsk,
  type ScreenshotDeps,
} from './screenshot-ask';

export type { ClickInfo, ClickTab, MenusApi };

export const MENU_PARENT_ID = 'parley';
export const MENU_ASK_SELECTION_ID = 'parley-ask-selection';
export const MENU_PAGE_SUMMARY_ID = 'parley-page-summary';
export const MENU_PAGE_ASK_ID = 'parley-page-ask';
const ACTION_PREFIX = 'parley-action:';

export { pendingAskKey };

type Contexts = chrome.contextMenus.CreateProperties['contexts'];

export interface MenuDeps {
  menus: MenusApi;
  translate(key: MessageKey, substitutions?: string | string[]): string;
  uiLanguage: string;
}

/** The whole menu: built-ins, then the user's templates. Rebuilt when the templates change. */
export async function createMenus(deps: MenuDeps, settings: Settings): Promise<void> {
  await deps.menus.removeAll();
  // The parent has no parentId (null, not undefined: undefined would take the default); every
  // other item hangs under it.
  const add = (
    id: string,
    title: string,
    contexts: Contexts,
    parentId: string | null = MENU_PARENT_ID,
  ) => {
    const props: chrome.contextMenus.CreateProperties = { id, title, contexts };
    if (parentId !== null) props.parentId = parentId;
    deps.menus.create(props);
  };
  add(MENU_PARENT_ID, deps.translate('menuParent'), ['selection', 'page'], null);
  add(MENU_ASK_SELECTION_ID, deps.translate('menuAskSelection'), ['selection']);
  for (const action of SELECTION_ACTIONS) {
    const title =
      action.id === 'translate'
        ? deps.translate(action.titleKey, languageName(deps.uiLanguage))
        : deps.translate(action.titleKey);
    add(`${ACTION_PREFIX}${action.id}`, title, ['selection']);
  }
  for (const template of settings.selection.templates)
    add(templateMenuId(template), template.title, ['selection']);
  add(MENU_PAGE_SUMMARY_ID, deps.translate('menuPageSummary'), ['page']);
  add(MENU_PAGE_ASK_ID, deps.translate('menuPageAsk'), ['page']);
  // Issue 14: a screenshot of the page, attached in the side panel (screenshot-ask.ts).
  add(MENU_PAGE_SCREENSHOT_ID, deps.translate('menuPageScreenshot'), ['page']);
}

export interface AskDeps {
  openSidePanel(windowId: number): Promise<void>;
  sessionSet(items: Record<string, unknown>): Promise<void>;
  readSettings(): Promise<Settings>;
  readSelection(tabId: number, frameId?: number): Promise<string>;
  readPage(tabId: number): Promise<PageText>;
  captureTab: ScreenshotDeps['captureTab'];
  translate(key: MessageKey, substitutions?: string | string[]): string;
  uiLanguage: string;
  now(): number;
  newId(): string;
  log(message: string, detail?: unknown): void;
}

/** What a menu item asks for. */
type Action =
  | { kind: 'selection'; id: 'ask' | 'explain' | 'summarize' | 'translate' | 'fix' }
  | { kind: 'selection'; id: 'template'; templateId: string }
  | { kind: 'page'; id: 'page-summary' | 'page-ask' };

export function actionFor(menuItemId: string | number): Action | undefined {
  const id = String(menuItemId);
  if (id === MENU_ASK_SELECTION_ID) return { kind: 'selection', id: 'ask' };
  if (id === MENU_PAGE_SUMMARY_ID) return { kind: 'page', id: 'page-summary' };
  if (id === MENU_PAGE_ASK_ID) return { kind: 'page', id: 'page-ask' };
  if (id.startsWith(ACTION_PREFIX)) {
    const builtin = SELECTION_ACTIONS.find((a) => `${ACTION_PREFIX}${a.id}` === id);
    return builtin ? { kind: 'selection', id: builtin.id } : undefined;
  }
  const templateId = templateIdFromMenu(id);
  return templateId ? { kind: 'selection', id: 'template', templateId } : undefined;
}

/** contextMenus.onClicked. Not async on purpose: sidePanel.open runs before anything is awaited. */
export function handleMenuClick(
  info: ClickInfo,
  tab: ClickTab | undefined,
  deps: AskDeps,
): Promise<void> {
  // Issue 14: the screenshot item has its own ask (screenshot-ask.ts).
  if (info.menuItemId === MENU_PAGE_SCREENSHOT_ID && tab?.windowId !== undefined) {
    const inWindow = { ...tab, windowId: tab.windowId };
    return handOff(tab.windowId, deps, () => prepareScreenshotAsk(info, inWindow, deps));
  }
  const action = actionFor(info.menuItemId);
  if (!action || tab?.windowId === undefined) return Promise.resolve();
  return handOff(tab.windowId, deps, () => prepareAsk(action, info, tab, deps));
}

/** The keyboard command: asks about the current selection exactly as the menu item does. */
export function handleAskCommand(tab: ClickTab | undefined, deps: AskDeps): Promise<void> {
  if (tab?.windowId === undefined) return Promise.resolve();
  return handOff(tab.windowId, deps, () =>
    prepareAsk({ kind: 'selection', id: 'ask' }, { menuItemId: MENU_ASK_SELECTION_ID }, tab, deps),
  );
}

function handOff(
  windowId: number,
  deps: AskDeps,
  prepare: () => Promise<PendingAsk>,
): Promise<void> {
  const opened = deps
    .openSidePanel(windowId)
    .catch((error: unknown) => deps.log('side panel did not open', error));
  const stored = prepare()
    .then((ask) => deps.sessionSet({ [pendingAskKey(windowId)]: ask }))
    .catch((error: unknown) => deps.log('could not prepare the ask', error));
  return Promise.all([opened, stored]).then(() => undefined);
}

async function prepareAsk(
  action: Action,
  info: ClickInfo,
  tab: ClickTab,
  deps: AskDeps,
): Promise<PendingAsk> {
  const settings = await deps.readSettings();
  const context = { pageUrl: info.pageUrl ?? tab.url ?? '', title: tab.title ?? '' };
  const base = {
    id: deps.newId(),
    action: action.id === 'template' ? `template:${action.templateId}` : action.id,
    context,
    createdAt: deps.now(),
  };
  const problem = (kind: AskProblem): PendingAsk => ({
    ...base,
    text: '',
    send: false,
    problem: kind,
  });

  if (action.kind === 'page') {
    if (tab.discarded) return problem('tab-discarded');
    if (tab.id === undefined) return problem('scripts-blocked');
    let page: PageText;
    try {
      page = await deps.readPage(tab.id);
    } catch (error) {
      deps.log('could not read the page', error);
      return problem('scripts-blocked');
    }
    if (!page.text.trim()) return problem('page-empty');
    const { text, cut } = cutText(page.text, settings.selection.pageMaxChars);
    const pageContext = {
      pageUrl: page.url || context.pageUrl,
      title: page.title || context.title,
    };
    const key: MessageKey = action.id === 'page-summary' ? 'promptPageSummary' : 'promptPageAsk';
    const prompt = fillTemplate(deps.translate(key), {
      selection: text,
      url: pageContext.pageUrl,
      title: pageContext.title,
    });
    const send = action.id === 'page-summary' && !settings.selection.editBeforeSend;
    return { ...base, context: pageContext, text: prompt, send, ...(cut ? { cut } : {}) };
  }

  // The selection as the page has it (line breaks kept); the menu's selectionText as a fallback
  // for pages where scripts cannot run.
  let selection = '';
  if (tab.id !== undefined && !tab.discarded) {
    selection = await deps.readSelection(tab.id, info.frameId).catch((error: unknown) => {
      deps.log('could not read the selection', error);
      return '';
    });
  }
  if (!selection.trim()) selection = info.selectionText ?? '';
  if (!selection.trim()) return problem(tab.discarded ? 'tab-discarded' : 'selection-empty');
  const { text: kept, cut } = cutText(selection, settings.selection.maxChars);
  const values = {
    selection: kept,
    url: context.pageUrl,
    title: context.title,
    language: languageName(deps.uiLanguage),
  };
  const withCut = cut ? { cut } : {};
  if (action.id === 'ask') return { ...base, text: quoteSelection(kept), send: false, ...withCut };
  const template =
    action.id === 'template'
      ? settings.selection.templates.find((t) => t.id === action.templateId)?.prompt
      : deps.translate(SELECTION_ACTIONS.find((a) => a.id === action.id)!.promptKey);
  if (template === undefined)
    return { ...base, text: quoteSelection(kept), send: false, ...withCut };
  return {
    ...base,
    text: fillTemplate(template, values),
    send: !settings.selection.editBeforeSend,
    ...withCut,
  };
}
