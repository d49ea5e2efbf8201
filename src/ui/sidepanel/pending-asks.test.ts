import { describe, expect, it, vi } from 'vitest';
import { watchPendingAsks } from './pending-asks';
import { createStorageArea } from '../../../tests/fakes/storage';
import { pendingAskKey, type PendingAsk } from '../../shared/pending-ask';

const ask = (id: string): PendingAsk => ({
  id,
  action: 'ask',
  text: `> ${id}\n\n`,
  send: false,
  context: { pageUrl: 'https://a.test/', title: 'A' },
  createdAt: 1,
});

function session() {
  const area = createStorageArea();
  const changes = {
    addListener: (listener: (c: Record<string, { newValue?: unknown }>, area: string) => void) =>
      area.onChanged.addListener((c) => listener(c, 'session')),
  };
  return { area, changes };
}

describe('watchPendingAsks', () => {
  it('takes an ask stored before the panel mounted, once, and removes it', async () => {
    const { area, changes } = session();
    await area.set({ [pendingAskKey(1)]: ask('a'), [pendingAskKey(2)]: ask('other window') });
    const taken: string[] = [];
    await watchPendingAsks(1, area, changes, (a) => taken.push(a.id));
    await vi.waitFor(() =>
      expect(area.snapshot()).toEqual({ [pendingAskKey(2)]: ask('other window') }),
    );
    expect(taken).toEqual(['a']);
  });

  it('takes asks that arrive while the panel is open, in order, and ignores other windows', async () => {
    const { area, changes } = session();
    const taken: string[] = [];
    await watchPendingAsks(1, area, changes, (a) => taken.push(a.id));
    await area.set({ [pendingAskKey(2)]: ask('elsewhere') });
    await area.set({ [pendingAskKey(1)]: ask('b') });
    await area.set({ [pendingAskKey(1)]: ask('c') });
    await vi.waitFor(() => expect(taken).toEqual(['b', 'c']));
  });

  it('ignores values that are not asks', async () => {
    const { area, changes } = session();
    await area.set({ [pendingAskKey(1)]: { nonsense: true } });
    const taken: string[] = [];
    await watchPendingAsks(1, area, changes, (a) => taken.push(a.id));
    expect(taken).toEqual([]);
  });
});
