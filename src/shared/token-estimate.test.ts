import { describe, expect, it } from 'vitest';
import { estimateTextTokens, textWithinTokens } from './token-estimate';

describe('estimateTextTokens', () => {
  it('is UTF-8 bytes over four, rounded up', () => {
    expect(estimateTextTokens('')).toBe(0);
    expect(estimateTextTokens('a')).toBe(1);
    expect(estimateTextTokens('abcd')).toBe(1);
    expect(estimateTextTokens('abcde')).toBe(2);
    expect(estimateTextTokens('x'.repeat(4000))).toBe(1000);
    // Two bytes a Cyrillic letter: eight letters are sixteen bytes.
    expect(estimateTextTokens('Привет м')).toBe(4);
    // Four bytes an emoji (a surrogate pair in JS).
    expect(estimateTextTokens('😀😀')).toBe(2);
  });
});

describe('textWithinTokens', () => {
  it('keeps the whole text when it fits', () => {
    expect(textWithinTokens('hello', 2)).toBe('hello');
  });

  it('keeps the longest start that fits, never half a character', () => {
    expect(textWithinTokens('abcdefghij', 2)).toBe('abcdefgh');
    expect(textWithinTokens('😀😀😀', 2)).toBe('😀😀');
    expect(textWithinTokens('Привет, мир', 3)).toBe('Привет');
    expect(textWithinTokens('anything', 0)).toBe('');
    const cut = textWithinTokens('x'.repeat(10_001), 2500);
    expect(cut).toHaveLength(10_000);
    expect(estimateTextTokens(cut)).toBe(2500);
  });
});
