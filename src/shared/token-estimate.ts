// The one rule for estimating tokens before anything is sent (the context meter, docs/design.md
// "Open tabs and the context meter"). Providers count with their own tokenizers, which Parley does
// not ship; OpenAI's rule of thumb is "one token ≈ 4 characters of English text"
// (https://help.openai.com/en/articles/4936856-what-are-tokens-and-how-to-count-them). Counting
// UTF-8 bytes instead of characters keeps that for English and errs on the generous side for
// Cyrillic, Greek and CJK text, which tokenizers split into more tokens per character: a meter that
// overestimates holds a message back a little early, one that underestimates lets the service cut.

const encoder = new TextEncoder();

/** Estimated tokens of a text: its UTF-8 bytes / 4, rounded up (0 for an empty text). */
export function estimateTextTokens(text: string): number {
  if (!text) return 0;
  return Math.ceil(encoder.encode(text).length / 4);
}

/** The longest start of `text` whose estimate is at most `tokens`, never cut inside a character. */
export function textWithinTokens(text: string, tokens: number): string {
  if (tokens <= 0) return '';
  if (estimateTextTokens(text) <= tokens) return text;
  // Bytes are monotonic in the length: binary search the cut in code points.
  const chars = Array.from(text);
  let low = 0;
  let high = chars.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (estimateTextTokens(chars.slice(0, mid).join('')) <= tokens) low = mid;
    else high = mid - 1;
  }
  return chars.slice(0, low).join('');
}
