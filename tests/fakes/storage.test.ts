import { describe, expect, it } from 'vitest';
import { createStorageArea } from './storage';

describe('fake storage area', () => {
  it('stores JSON copies and fires onChanged after writes', async () => {
    const area = createStorageArea({ a: 1 });
    const seen: unknown[] = [];
    area.onChanged.addListener((c) => seen.push(c));
    const value = { nested: [1] };
    await area.set({ b: value });
    value.nested.push(2);
    expect(await area.get('b')).toEqual({ b: { nested: [1] } });
    await area.remove('a');
    await Promise.resolve();
    expect(seen).toEqual([
      { b: { oldValue: undefined, newValue: { nested: [1] } } },
      { a: { oldValue: 1 } },
    ]);
  });
});
