// The composer's compare button (beside Send). In every view's first load; the picker it opens and
// the columns are chunks of their own (chat-parts.ts), fetched when the chat is idle or when the
// pointer or the focus reaches this button, so turning compare on does not wait for them.
import type { ChatModel } from '../models/chat-model';
import { t } from '../../shared/i18n';
import { Icon } from './icons';
import { compareColumns, comparePicker } from './chat-parts';
import './compare.css';

const preload = () => {
  void comparePicker.load();
  void compareColumns.load();
};

/** The composer's compare button: turns the mode on or off. */
export function CompareToggle({ model }: { model: ChatModel }) {
  const on = model.comparison.enabled.value;
  const label = on ? t('compareToggleOn') : t('compareToggleOff');
  return (
    <button
      type="button"
      class={`button button-quiet button-icon compare-toggle${on ? ' is-on' : ''}`}
      data-testid="compare-toggle"
      aria-pressed={on}
      aria-label={t('compareToggle')}
      title={label}
      disabled={model.streaming.value}
      onPointerEnter={preload}
      onFocus={preload}
      onClick={() => model.comparison.toggle()}
    >
      <Icon name="compare" />
    </button>
  );
}
