// A reply's versions, the one rule for which of them is shown (and continued from). Versions of a
// reply are ordinary messages sharing a `replyGroup`: each keeps its own provider, model, status,
// usage and error, can stream on its own (Regenerate now; side-by-side compare later, where several
// providers answer one prompt at once and "Continue with this one" shows the picked one), and is
// stored, exported and imported like any message.
import type { MessageRecord } from './protocol';

/** The group a message belongs to: its `replyGroup`, else itself alone. */
export const replyGroupOf = (message: Pick<MessageRecord, 'id' | 'replyGroup'>): string =>
  message.replyGroup ?? message.id;

export interface ReplyRow<T> {
  /** The version shown. */
  shown: T;
  /** Every version, oldest first (one for an ordinary message). */
  versions: readonly T[];
}

/**
 * Messages (oldest first) as rows: one per reply group, at the place of its first version. The
 * shown version is the newest one not marked `inactive`; if a failed write left none unmarked,
 * the newest, so a reply never disappears.
 */
export function replyRows<T>(
  items: readonly T[],
  recordOf: (item: T) => Pick<MessageRecord, 'id' | 'replyGroup' | 'inactive'>,
): ReplyRow<T>[] {
  const groups = new Map<string, T[]>();
  const order: T[][] = [];
  for (const item of items) {
    const key = replyGroupOf(recordOf(item));
    let group = groups.get(key);
    if (!group) {
      group = [];
      groups.set(key, group);
      order.push(group);
    }
    group.push(item);
  }
  return order.map((versions) => ({
    shown: versions.findLast((v) => !recordOf(v).inactive) ?? versions.at(-1)!,
    versions,
  }));
}

/** The conversation as it reads: the shown version of every reply. */
export function shownMessages(messages: readonly MessageRecord[]): MessageRecord[] {
  return replyRows(messages, (m) => m).map((row) => row.shown);
}
