// The hand-off from the context menu (or the keyboard command) to the side panel (docs/design.md,
// "Context menu → side panel"): the background stores one PendingAsk per window in storage.session;
// the side panel of that window takes it (reads and removes it) on mount, or as it arrives.
import type { AskContext } from './protocol';

export const PENDING_ASK_PREFIX = 'pending-ask:';

export function pendingAskKey(windowId: number): string {
  return `${PENDING_ASK_PREFIX}${windowId}`;
}

/** Why an ask could not be prepared; the side panel shows a localized message for each. */
export type AskProblem =
  'selection-empty' | 'page-empty' | 'scripts-blocked' | 'tab-discarded' | 'screenshot-failed';

export interface PendingAsk {
  id: string;
  /** The menu action: `ask`, `explain`, `summarize`, `translate`, `fix`, `page-summary`, `page-ask`, or `template:<id>`. */
  action: string;
  /** What goes into the composer (send = false) or is sent at once (send = true). */
  text: string;
  send: boolean;
  context: AskContext;
  /** Set when the selection or page was longer than the limit and was cut. */
  cut?: { kept: number; total: number };
  problem?: AskProblem;
  /** "Ask about a screenshot of this page": the capture, attached by the side panel (issue 14). */
  screenshot?: { dataUrl: string };
  createdAt: number;
}

export function isPendingAsk(value: unknown): value is PendingAsk {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<PendingAsk>;
  return (
    typeof v.id === 'string' &&
    typeof v.action === 'string' &&
    typeof v.text === 'string' &&
    typeof v.send === 'boolean'
  );
}
