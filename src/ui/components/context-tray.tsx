// Above the composer: the tab picker when open, a tab that could not be read, and the context
// meter (docs/protocol.md: `tab-picker`, `tab-option` with `data-tab-id`, `context-meter` with
// `data-tokens`, `data-window`). Picked tabs show as the composer's attachment chips. The picker
// and the meter are chunks of their own (chat-parts.ts), shown once they are in.
import { t, type MessageKey } from '../../shared/i18n';
import type { ComposerContext } from '../models/composer-context';
import { contextMeter, tabPicker } from './chat-parts';
import type { TabProblem, TabSource } from '../tabs/tab-source';
import { Icon } from './icons';
import './context-tray.css';

const PROBLEMS: Record<TabProblem, MessageKey> = {
  'browser-page': 'tabProblemBrowserPage',
  store: 'tabProblemStore',
  pdf: 'tabProblemPdf',
  file: 'tabProblemFile',
  discarded: 'tabProblemDiscarded',
  'no-access': 'tabProblemNoAccess',
  empty: 'tabProblemEmpty',
  failed: 'tabProblemFailed',
};

export function ContextTray({
  context,
  source,
  onPicked,
}: {
  context: ComposerContext;
  source: TabSource;
  /** The picker closed: the composer takes the focus back (and drops the `@` that opened it). */
  onPicked(picked: boolean, trigger: 'at' | 'button'): void;
}) {
  const open = context.picker.value;
  const notice = context.tabs.notice.value;
  return (
    <div class="context-tray">
      {open && (
        <tabPicker.View
          source={source}
          picked={context.tabs.pickedTabs()}
          onPick={(tab) => {
            context.tabs.pick(tab);
            context.picker.value = false;
            onPicked(true, open);
          }}
          onClose={() => {
            context.picker.value = false;
            onPicked(false, open);
          }}
        />
      )}
      {notice && (
        <p class="tab-notice" role="alert" data-testid="tab-notice" data-problem={notice.problem}>
          <span>{t(PROBLEMS[notice.problem], notice.title)}</span>
          <button
            type="button"
            class="button button-quiet button-icon"
            aria-label={t('attachNoticeDismiss')}
            onClick={() => (context.tabs.notice.value = undefined)}
          >
            <Icon name="close" size={14} />
          </button>
        </p>
      )}
      {context.visible() && <contextMeter.View context={context} />}
    </div>
  );
}
