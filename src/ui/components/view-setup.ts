// What every view (popup, side panel, options) does before its first render: apply the theme and
// load the chosen language, so nothing is shown in the wrong colours or words and then redrawn.
// Afterwards a theme change applies at once; a language change reloads the view (strings are read
// while rendering, and a reload is the one way to be sure none is left in the old language).
import { browser } from '../../shared/browser';
import { currentLanguage, loadLanguage } from '../../shared/i18n';
import { parseSettings, readSettings, SETTINGS_KEY, type Settings } from '../../shared/settings';

export type Theme = Settings['ui']['theme'];

/** The last theme applied, kept in the page's localStorage to be applied before settings load. */
const THEME_CACHE = 'parley.theme';

const isTheme = (value: unknown): value is Theme =>
  value === 'system' || value === 'light' || value === 'dark';

export function applyTheme(theme: Theme, root: HTMLElement = document.documentElement): void {
  root.dataset.theme = theme;
  try {
    localStorage.setItem(THEME_CACHE, theme);
  } catch {
    // Storage can be unavailable; the theme still applies, it just is not remembered.
  }
}

/** Applies the remembered theme synchronously (the first thing a view's script does). */
export function applyCachedTheme(root: HTMLElement = document.documentElement): void {
  try {
    const cached = localStorage.getItem(THEME_CACHE);
    if (isTheme(cached)) root.dataset.theme = cached;
  } catch {
    // As above.
  }
}

/** Reads the settings, applies theme and language, and follows later changes. */
export async function prepareView(): Promise<Settings> {
  applyCachedTheme();
  let settings = await readSettings(browser.storage.local);
  applyTheme(settings.ui.theme);
  try {
    await loadLanguage(settings.ui.language);
  } catch {
    // A catalogue that does not load must not leave the view blank: use the browser's language.
    await loadLanguage('system');
  }
  document.documentElement.lang = currentLanguage();
  browser.storage.onChanged.addListener((changes, area) => {
    const change = changes[SETTINGS_KEY];
    if (area !== 'local' || !change) return;
    const next = parseSettings(change.newValue);
    applyTheme(next.ui.theme);
    const languageChanged = next.ui.language !== settings.ui.language;
    settings = next;
    if (languageChanged) location.reload();
  });
  return settings;
}
