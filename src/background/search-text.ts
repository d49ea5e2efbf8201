// Text rules of the history search. A conversation is indexed as its set of distinct words
// ("terms"), folded so a search ignores case and accents (ё = е, é = e), kept as one string
// " term term term " per conversation. A query matches when each of its words begins a term of the
// conversation (so "stre" finds "streaming"), found with indexOf — scanning a few megabytes of such
// strings takes milliseconds, which keeps search fast at 5,000 conversations without a per-word
// table that every reply would have to rewrite (see docs/performance.md).

/** Letters and digits; everything else separates words. */
const WORD = /[\p{L}\p{N}]+/gu;
/** Combining marks, removed after NFKD to fold accents. */
const MARKS = /\p{M}/gu;
/** Scripts written without spaces: a query word there matches anywhere in a term, not only its start. */
const UNSPACED = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}]/u;

/** Lower case, accents folded; lengths may change (use foldWithMap to map positions back). */
export function fold(text: string): string {
  return text.normalize('NFKD').replace(MARKS, '').toLowerCase();
}

/** The words of a text, folded, in order (with repeats). */
export function words(text: string): string[] {
  return fold(text).match(WORD) ?? [];
}

/**
 * Terms longer than this are cut (long tokens are URLs, hashes, base64); query words are cut the
 * same way, so they still match.
 */
export const MAX_TERM_LENGTH = 32;

/**
 * The distinct words of some texts as one " a b c " string (leading and trailing space). A word
 * that begins another one is left out: every query that matches it as a prefix (or, unspaced,
 * inside) matches the longer word too. This keeps the terms the worker holds about a fifth smaller.
 */
export function termsOf(texts: Iterable<string>): string {
  const seen = new Set<string>();
  for (const text of texts) {
    for (const word of words(text)) seen.add(word.slice(0, MAX_TERM_LENGTH));
  }
  const sorted = [...seen].sort();
  // Sorted, the words that begin with w come right after w.
  const kept = sorted.filter((word, i) => !sorted[i + 1]?.startsWith(word));
  return kept.length === 0 ? ' ' : ` ${kept.join(' ')} `;
}

/** The words of a query, distinct, longest first (the rarest usually, so a miss is found sooner). */
export function queryWords(query: string): string[] {
  return [...new Set(words(query))].sort((a, b) => b.length - a.length);
}

/** Whether every query word begins some term (or, in unspaced scripts, occurs in one). */
export function matchesTerms(terms: string, query: readonly string[]): boolean {
  for (const whole of query) {
    const word = whole.slice(0, MAX_TERM_LENGTH);
    const found = UNSPACED.test(word) ? terms.includes(word) : terms.includes(` ${word}`);
    if (!found) return false;
  }
  return true;
}

/** A piece of a message around the first hit, with the hit's offsets inside `text`. */
export interface Snippet {
  text: string;
  start: number;
  end: number;
}

/**
 * Folds `text` and keeps, for each folded UTF-16 unit, the index of the original unit it came
 * from, so a hit found in the folded text can be shown in the original.
 */
function foldWithMap(text: string): { folded: string; origin: number[] | undefined } {
  const whole = fold(text);
  // The usual case (Latin, Cyrillic, precomposed accents): the folded text is as long as the
  // original, and positions map one to one without walking it character by character.
  if (whole.length === text.length) return { folded: whole, origin: undefined };
  let folded = '';
  const origin: number[] = [];
  let index = 0;
  for (const char of text) {
    const piece = fold(char);
    folded += piece;
    for (let i = 0; i < piece.length; i++) origin.push(index);
    index += char.length;
  }
  origin.push(index);
  return { folded, origin };
}

/**
 * The first place in `text` where a query word begins a word, with up to `radius` characters of
 * context either side (cut at spaces where possible); undefined when there is none.
 */
export function snippetOf(
  text: string,
  query: readonly string[],
  radius = 60,
): Snippet | undefined {
  if (query.length === 0) return undefined;
  const { folded, origin } = foldWithMap(text);
  let best: { at: number; length: number } | undefined;
  for (const word of query) {
    const unspaced = UNSPACED.test(word);
    let from = 0;
    for (;;) {
      const at = folded.indexOf(word, from);
      if (at < 0) break;
      const before = folded[at - 1];
      if (unspaced || before === undefined || !/[\p{L}\p{N}]/u.test(before)) {
        if (!best || at < best.at) best = { at, length: word.length };
        break;
      }
      from = at + 1;
    }
  }
  if (!best) return undefined;
  const hitStart = origin ? (origin[best.at] ?? 0) : best.at;
  const hitEnd = origin ? (origin[best.at + best.length] ?? text.length) : best.at + best.length;
  let from = Math.max(0, hitStart - radius);
  let to = Math.min(text.length, hitEnd + radius);
  // Cut at a space near the edges so the snippet does not start or end mid-word.
  if (from > 0) {
    const space = text.indexOf(' ', from);
    if (space >= 0 && space < hitStart) from = space + 1;
  }
  if (to < text.length) {
    const space = text.lastIndexOf(' ', to);
    if (space > hitEnd) to = space;
  }
  const prefix = from > 0 ? '…' : '';
  const suffix = to < text.length ? '…' : '';
  const body = text.slice(from, to).replace(/\s+/g, ' ');
  // Whitespace collapsing before the hit shifts it: count the collapsed head again.
  const head = text.slice(from, hitStart).replace(/\s+/g, ' ');
  const hit = text.slice(hitStart, hitEnd).replace(/\s+/g, ' ');
  const start = prefix.length + head.length;
  return { text: `${prefix}${body}${suffix}`, start, end: start + hit.length };
}
