// Theme and language. Both save at once; every open view follows (view-setup.ts): the theme right
// away, the language by reloading (this page too).
import { t, type MessageKey } from '../../shared/i18n';
import type { Settings } from '../../shared/settings';
import type { OptionsModel } from '../models/options-model';

const THEMES: Array<[Settings['ui']['theme'], MessageKey]> = [
  ['system', 'optionsThemeSystem'],
  ['light', 'optionsThemeLight'],
  ['dark', 'optionsThemeDark'],
];

export function AppearanceSection({ model }: { model: OptionsModel }) {
  const { theme, language } = model.settings.value.ui;
  return (
    <section class="options-section" aria-labelledby="appearance-heading">
      <h2 id="appearance-heading">{t('optionsAppearanceTitle')}</h2>
      <fieldset class="choices">
        <legend>{t('optionsTheme')}</legend>
        {THEMES.map(([value, key]) => (
          <label key={value} class="check">
            <input
              type="radio"
              name="theme"
              value={value}
              data-testid={`theme-${value}`}
              checked={theme === value}
              onChange={() => void model.setTheme(value)}
            />
            {t(key)}
          </label>
        ))}
      </fieldset>
      <label for="language-select">{t('optionsLanguage')}</label>
      <select
        id="language-select"
        data-testid="language-select"
        value={language}
        onChange={(event) =>
          void model.setLanguage(event.currentTarget.value as Settings['ui']['language'])
        }
      >
        <option value="system">{t('optionsLanguageSystem')}</option>
        {/* Each language named in itself, so it can be found whatever the current one is. */}
        <option value="en" lang="en">
          English
        </option>
        <option value="ru" lang="ru">
          Русский
        </option>
      </select>
    </section>
  );
}
