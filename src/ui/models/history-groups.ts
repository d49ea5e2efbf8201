// The history's date groups, as a chat app's sidebar has them: Pinned, Today, Yesterday, Previous
// 7 days, Older. Calendar days in the local time zone, not 24-hour spans: a chat from 23:50 is
// "Yesterday" at 00:10.
import type { ConversationHit } from '../../shared/protocol';

export type HistoryGroup = 'pinned' | 'today' | 'yesterday' | 'week' | 'older';

/** The group of a conversation last updated at `updatedAt`, seen at `now`. */
export function dateGroup(updatedAt: number, now: number): Exclude<HistoryGroup, 'pinned'> {
  const startOfToday = new Date(now).setHours(0, 0, 0, 0);
  if (updatedAt >= startOfToday) return 'today';
  // setDate, not minus 24 h: a day with a daylight-saving change is 23 or 25 hours long.
  const day = (back: number) => {
    const d = new Date(startOfToday);
    d.setDate(d.getDate() - back);
    return d.getTime();
  };
  if (updatedAt >= day(1)) return 'yesterday';
  if (updatedAt >= day(7)) return 'week';
  return 'older';
}

/**
 * The hits (pinned first, then newest, as the background orders them) in runs of one group each,
 * in that order. A hit keeps its place: a group appears once for each run.
 */
export function groupHits(
  hits: readonly ConversationHit[],
  now: number,
): { group: HistoryGroup; hits: ConversationHit[] }[] {
  const runs: { group: HistoryGroup; hits: ConversationHit[] }[] = [];
  for (const hit of hits) {
    const group = hit.conversation.pinned ? 'pinned' : dateGroup(hit.conversation.updatedAt, now);
    const last = runs.at(-1);
    if (last?.group === group) last.hits.push(hit);
    else runs.push({ group, hits: [hit] });
  }
  return runs;
}
