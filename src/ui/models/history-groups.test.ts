import { describe, expect, it } from 'vitest';
import type { ConversationHit } from '../../shared/protocol';
import { dateGroup, groupHits } from './history-groups';

const at = (y: number, m: number, d: number, h = 12, min = 0) =>
  new Date(y, m - 1, d, h, min).getTime();
const hit = (id: string, updatedAt: number, pinned = false): ConversationHit => ({
  conversation: {
    id,
    title: id,
    createdAt: 0,
    updatedAt,
    providerId: 'auto',
    ...(pinned ? { pinned } : {}),
  },
});

describe('dateGroup', () => {
  const now = at(2026, 3, 10, 0, 10);

  it('goes by calendar days in the local time zone', () => {
    expect(dateGroup(at(2026, 3, 10, 0, 1), now)).toBe('today');
    expect(dateGroup(at(2026, 3, 9, 23, 50), now)).toBe('yesterday');
    expect(dateGroup(at(2026, 3, 9, 0, 0), now)).toBe('yesterday');
    expect(dateGroup(at(2026, 3, 8, 23, 59), now)).toBe('week');
    expect(dateGroup(at(2026, 3, 3, 0, 0), now)).toBe('week');
    expect(dateGroup(at(2026, 3, 2, 23, 59), now)).toBe('older');
    expect(dateGroup(at(2025, 12, 31), now)).toBe('older');
  });
});

describe('groupHits', () => {
  it('keeps the order and makes one run per group: pinned first, then by date', () => {
    const now = at(2026, 3, 10, 15);
    const runs = groupHits(
      [
        hit('p', at(2025, 1, 1), true),
        hit('a', at(2026, 3, 10, 14)),
        hit('b', at(2026, 3, 10, 9)),
        hit('c', at(2026, 3, 9, 9)),
        hit('d', at(2026, 3, 5)),
        hit('e', at(2026, 1, 5)),
      ],
      now,
    );
    expect(runs.map((r) => [r.group, r.hits.map((h) => h.conversation.id)])).toEqual([
      ['pinned', ['p']],
      ['today', ['a', 'b']],
      ['yesterday', ['c']],
      ['week', ['d']],
      ['older', ['e']],
    ]);
  });
});
