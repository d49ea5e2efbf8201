import { describe, expect, it } from 'vitest';
import { fold, matchesTerms, queryWords, snippetOf, termsOf, words } from './search-text';

describe('search text', () => {
  it('folds case and accents, so ё finds е and É finds e', () => {
    expect(fold('Привёт, ÉLODIE')).toBe('привет, elodie');
    expect(words('Hello, world! 42 times—again')).toEqual([
      'hello',
      'world',
      '42',
      'times',
      'again',
    ]);
  });

  it('keeps each word once, between spaces, leaving out words that begin another', () => {
    expect(termsOf(['b a b', 'C a'])).toBe(' a b c ');
    expect(termsOf([''])).toBe(' ');
    expect(termsOf(['stream streamer streaming st'])).toBe(' streamer streaming ');
  });

  it('cuts very long words, and matches them by their start', () => {
    const long = 'x'.repeat(100);
    const terms = termsOf([`token ${long}`]);
    expect(terms).toBe(` token ${'x'.repeat(32)} `);
    expect(matchesTerms(terms, queryWords(long))).toBe(true);
    expect(matchesTerms(terms, queryWords('xxxx'))).toBe(true);
  });

  it('matches when every query word begins a word of the conversation', () => {
    const terms = termsOf(['The streaming engine', 'Ещё один ответ']);
    expect(matchesTerms(terms, queryWords('stream'))).toBe(true);
    expect(matchesTerms(terms, queryWords('ENGINE stream'))).toBe(true);
    expect(matchesTerms(terms, queryWords('ещё ответ'))).toBe(true);
    expect(matchesTerms(terms, queryWords('eaming'))).toBe(false);
    expect(matchesTerms(terms, queryWords('stream motor'))).toBe(false);
  });

  it('matches inside words for scripts written without spaces', () => {
    const terms = termsOf(['東京都に住んでいます']);
    expect(matchesTerms(terms, queryWords('住ん'))).toBe(true);
  });

  it('makes a snippet around the first hit, in the original text', () => {
    const text = `${'word '.repeat(30)}the Élodie case ${'tail '.repeat(30)}`;
    const snippet = snippetOf(text, queryWords('elodie'))!;
    expect(snippet.text.slice(snippet.start, snippet.end)).toBe('Élodie');
    expect(snippet.text.startsWith('…')).toBe(true);
    expect(snippet.text.endsWith('…')).toBe(true);
    expect(snippet.text.length).toBeLessThan(150);
  });

  it('maps hits back through text that folding shortens', () => {
    // "e" + combining acute is two units; folded it is one.
    const text = 'Cafe\u0301 au lait, then the bill';
    const snippet = snippetOf(text, queryWords('bill'))!;
    expect(snippet.text.slice(snippet.start, snippet.end)).toBe('bill');
  });

  it('finds word starts only, and nothing for an empty query', () => {
    expect(snippetOf('restream', queryWords('stream'))).toBeUndefined();
    expect(snippetOf('a stream', [])).toBeUndefined();
    const snippet = snippetOf('one\n\ntwo  streams', queryWords('stream'))!;
    expect(snippet.text).toBe('one two streams');
    expect(snippet.text.slice(snippet.start, snippet.end)).toBe('stream');
  });
});
