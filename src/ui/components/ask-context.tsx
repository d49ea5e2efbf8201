import type { ChatModel } from '../models/chat-model';
import { t, type MessageKey } from '../../shared/i18n';
import type { AskProblem } from '../../shared/pending-ask';

const PROBLEM_KEYS: Record<AskProblem, MessageKey> = {
  'selection-empty': 'askProblem_selection_empty',
  'page-empty': 'askProblem_page_empty',
  'scripts-blocked': 'askProblem_scripts_blocked',
  'tab-discarded': 'askProblem_tab_discarded',
  'screenshot-failed': 'attachProblemScreenshotFailed',
};

/** The page a conversation is about (title and link), above the messages. */
export function AskContextBar({ model }: { model: ChatModel }) {
  const context = model.context.value;
  if (!context || (!context.title && !context.pageUrl)) return null;
  const safeUrl = /^https?:\/\//i.test(context.pageUrl) ? context.pageUrl : undefined;
  return (
    <div class="ask-context" data-testid="ask-context">
      <span class="ask-context-label">{t('askContextLabel')}:</span>{' '}
      {safeUrl ? (
        <a href={safeUrl} target="_blank" rel="noopener noreferrer" title={safeUrl}>
          {context.title || safeUrl}
        </a>
      ) : (
        <span title={context.pageUrl}>{context.title || context.pageUrl}</span>
      )}
    </div>
  );
}

/** Why the last ask could not be sent, or that its text was cut. */
export function AskNote({ model }: { model: ChatModel }) {
  const note = model.askNote.value;
  if (!note) return null;
  const text = note.problem
    ? t(PROBLEM_KEYS[note.problem])
    : note.cut
      ? t('askCut', [String(note.cut.kept), String(note.cut.total)])
      : '';
  return (
    <div
      class={`ask-note${note.problem ? ' ask-note-problem' : ''}`}
      data-testid="ask-notice"
      data-problem={note.problem ?? ''}
      role="status"
    >
      <span>{text}</span>
      <button
        type="button"
        class="button button-quiet"
        onClick={() => (model.askNote.value = undefined)}
      >
        {t('dismissButton')}
      </button>
    </div>
  );
}
