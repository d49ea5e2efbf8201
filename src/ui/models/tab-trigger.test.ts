import { describe, expect, it } from 'vitest';
import { atWordStart } from './tab-trigger';

describe('atWordStart', () => {
  it('opens on @ at the start of the text or after a space or line break', () => {
    expect(atWordStart('@', 1)).toBe(true);
    expect(atWordStart('compare @', 9)).toBe(true);
    expect(atWordStart('line\n@', 6)).toBe(true);
  });
  it('types @ inside a word as it is', () => {
    expect(atWordStart('me@', 3)).toBe(false);
    expect(atWordStart('@x', 2)).toBe(false);
    expect(atWordStart('', 0)).toBe(false);
    expect(atWordStart('@', null)).toBe(false);
  });
});
