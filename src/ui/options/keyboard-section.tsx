// The keyboard commands with the keys the browser assigned now, and the way to the browser's page
// where they are changed (an extension cannot set them itself).
import { t, type MessageKey } from '../../shared/i18n';

/**
 * Our own words for our commands: the browser reports the manifest's description in the browser's
 * language, and the person may have chosen another one here. `_execute_action` has none at all.
 */
const LABELS: Record<string, MessageKey> = {
  _execute_action: 'optionsShortcutPopup',
  'ask-selection': 'commandAskSelection',
  'open-side-panel': 'commandOpenSidePanel',
  'open-app': 'commandOpenApp',
};
import type { OptionsModel } from '../models/options-model';

export function KeyboardSection({ model }: { model: OptionsModel }) {
  const commands = model.commands.value;
  if (!model.keyboard) return null;
  return (
    <section class="options-section" aria-labelledby="keyboard-heading">
      <h2 id="keyboard-heading">{t('optionsKeyboardTitle')}</h2>
      <dl class="shortcuts" data-testid="shortcuts">
        {commands.map((c) => (
          <div key={c.name} class="shortcut" data-testid="shortcut" data-command={c.name}>
            <dt>{LABELS[c.name] ? t(LABELS[c.name]!) : c.description || c.name}</dt>
            <dd>
              {c.shortcut ? (
                <kbd data-testid="shortcut-keys">{c.shortcut}</kbd>
              ) : (
                <span class="hint" data-testid="shortcut-keys">
                  {t('optionsShortcutNone')}
                </span>
              )}
            </dd>
          </div>
        ))}
      </dl>
      <p class="hint">
        {t('optionsShortcutHint')}{' '}
        <a
          href="chrome://extensions/shortcuts"
          data-testid="shortcuts-link"
          onClick={(event) => {
            event.preventDefault();
            model.keyboard?.openSettings();
          }}
        >
          {t('optionsShortcutChange')}
        </a>
      </p>
    </section>
  );
}
