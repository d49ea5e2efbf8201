import { describe, expect, it } from 'vitest';
import type { MessageRecord } from './protocol';
import { replyRows, shownMessages } from './reply-versions';

const message = (id: string, extra: Partial<MessageRecord> = {}): MessageRecord => ({
  id,
  conversationId: 'c',
  role: 'assistant',
  text: id,
  status: 'done',
  createdAt: 1,
  updatedAt: 1,
  ...extra,
});

describe('reply versions', () => {
  it('makes one row per reply at its first version, showing the newest one not inactive', () => {
    const messages = [
      message('q1', { role: 'user' }),
      message('a1', { replyGroup: 'a1' }),
      message('a1b', { replyGroup: 'a1', inactive: true }),
      message('a1c', { replyGroup: 'a1', inactive: true }),
      message('q2', { role: 'user' }),
      message('a2'),
    ];
    const rows = replyRows(messages, (m) => m);
    expect(rows.map((r) => [r.shown.id, r.versions.map((v) => v.id)])).toEqual([
      ['q1', ['q1']],
      ['a1', ['a1', 'a1b', 'a1c']],
      ['q2', ['q2']],
      ['a2', ['a2']],
    ]);
    expect(shownMessages(messages).map((m) => m.id)).toEqual(['q1', 'a1', 'q2', 'a2']);
  });

  it('never loses a reply: with every version inactive (a write that failed half-way), the newest shows', () => {
    const messages = [
      message('a', { replyGroup: 'g', inactive: true }),
      message('b', { replyGroup: 'g', inactive: true }),
    ];
    expect(shownMessages(messages).map((m) => m.id)).toEqual(['b']);
  });

  it('groups by the stored group, whatever the ids (an import may renumber them)', () => {
    const messages = [
      message('x9', { replyGroup: 'old-id' }),
      message('y3', { replyGroup: 'old-id', inactive: true }),
    ];
    expect(replyRows(messages, (m) => m)).toHaveLength(1);
  });
});
