import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { currentLanguage, t, type MessageKey } from '../../shared/i18n';

export type Surface = 'popup' | 'sidepanel' | 'app' | 'options';

const TITLE_KEYS: Record<Surface, MessageKey> = {
  popup: 'popupTitle',
  sidepanel: 'sidePanelTitle',
  app: 'appPageTitle',
  options: 'optionsTitle',
};

/**
 * The frame every view shares: header with the product name, then the view's content. A chat
 * keeps the name for screen readers only: the side panel's own title bar already says "Parley",
 * and in the popup every pixel of height goes to the messages.
 */
export function AppShell({
  surface,
  children,
  actions,
}: {
  surface: Surface;
  children?: ComponentChildren;
  /** Buttons at the end of a visible header (Options' way to the full page). */
  actions?: ComponentChildren;
}) {
  useEffect(() => {
    document.title = t(TITLE_KEYS[surface]);
    document.documentElement.lang = currentLanguage();
  }, [surface]);

  return (
    <div class="app" data-surface={surface} data-testid="app-shell">
      <header class={surface === 'options' ? 'app-header' : 'visually-hidden'}>
        <img class="app-logo" src="/icons/icon-32.png" alt="" width={20} height={20} />
        <h1 class="app-title">{t('appName')}</h1>
        {actions && <div class="app-header-actions">{actions}</div>}
      </header>
      <main class="app-main">{children ?? <p class="empty-state">{t('shellEmpty')}</p>}</main>
    </div>
  );
}
