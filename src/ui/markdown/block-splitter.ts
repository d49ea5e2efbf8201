// Incremental markdown: while a reply streams, its text only grows. The splitter keeps the
// top-level blocks that can no longer change ("frozen") and lexes only the text after them (the
// "tail"), so a delta costs the size of the unfinished tail, not of the whole reply. Each frozen
// block is lexed once and rendered once (see markdown-view.tsx); only the tail is redone per delta.
//
// When is a top-level block final? Markdown is mostly local once a later block has begun:
//   (a) the next block has started and its first line is complete (ends in "\n"): nothing that
//       follows can be absorbed into the earlier block any more (a lazy continuation or a setext
//       underline would have to be that very line), or
//   (b) a blank line follows a block that a blank line closes: paragraph, heading, table, fenced
//       code, thematic break, HTML block, link definition. (Not lists, block quotes or indented
//       code: those continue across blank lines.)
// The one global construct is a link reference definition: definitions already frozen are
// handed to the tail's lexer, and a definition that arrives after the blocks using it is
// caught by one full pass when the reply ends (`final`). tests/… check, prefix by prefix, that
// frozen blocks + tail render exactly as the whole text does.
import { Lexer, type Token, type Tokens, type TokensList } from 'marked';

export const LEXER_OPTIONS = { gfm: true, breaks: false, pedantic: false } as const;

/** A finished top-level block: lexed once, never again. */
export interface FrozenBlock {
  /** Stable key for rendering (increasing within one splitter). */
  readonly id: number;
  readonly tokens: Token[];
}

export interface SplitResult {
  /** Finished blocks, oldest first. The same array grows in place; compare its length. */
  readonly blocks: readonly FrozenBlock[];
  /** Tokens of the unfinished tail (re-lexed on every update). */
  readonly tail: readonly Token[];
  /**
   * Instead of `tail`: the tail is one paragraph of plain words so far (no markdown syntax at
   * all), shown as text without lexing; `start` (its offset in the text) keys it, and within
   * one `start` the text only grows, so a view can append the new characters.
   */
  readonly plain: { start: number; text: string } | undefined;
  /** Bumped whenever the blocks restart (a text that is not a continuation of the last one). */
  readonly generation: number;
}

type Links = TokensList['links'];

/** Blocks that a blank line ends for good (rule b). */
const CLOSED_BY_BLANK_LINE = new Set(['paragraph', 'heading', 'table', 'hr', 'html', 'def']);
const FENCE_START = /^ {0,3}(?:`{3,}|~{3,})/;
/**
 * A tail that can only be a paragraph of plain text, whatever follows: after the blank line that
 * ended the previous block, a letter (no block can start so), then no line break and none of the
 * characters inline markdown is made of (nor the starts of an autolink: "@", "://", "www.").
 */
const PLAIN_PARAGRAPH = /^\n*(\p{L}[^\n\r\\`*_[\]!<>&~|@]*)$/u;

export class BlockSplitter {
  private source = '';
  /** Characters of `source` covered by frozen blocks. */
  private consumed = 0;
  private frozen: FrozenBlock[] = [];
  private links: Links = Object.create(null) as Links;
  private nextId = 0;
  private generation = 0;
  private tail: Token[] = [];
  private plain: SplitResult['plain'];
  private wasFinal = false;
  /** A definition was frozen after content that might have referred to it. */
  private lateDefinition = false;
  private frozenContent = false;

  /** How much work the lexer did; tests and the benchmark read these. */
  readonly stats = { lexCalls: 0, lexedChars: 0, maxLexedChars: 0, resets: 0, plainUpdates: 0 };

  constructor(private readonly lex: (src: string, links: Links) => Token[] = lexWithLinks) {}

  /**
   * Takes the whole current text. `final`: the text will not grow any more (the reply ended), so
   * every block is finished.
   */
  update(text: string, final = false): SplitResult {
    if (text === this.source && final === this.wasFinal) return this.result();
    if (!this.continues(text) || (final && this.lateDefinition)) this.reset();
    this.source = text;
    this.wasFinal = final;

    const rest = text.slice(this.consumed);
    const tail = rest.includes('\r') ? rest.replace(/\r\n?/g, '\n') : rest;
    // The common case while a long paragraph streams: no lexing, no markup to rebuild.
    const plain = final ? undefined : plainParagraph(tail);
    if (plain !== undefined) {
      this.stats.plainUpdates++;
      this.tail = [];
      this.plain = { start: this.consumed + tail.length - plain.length, text: plain };
      return this.result();
    }
    this.plain = undefined;
    const tokens = this.run(tail);
    let boundary = final ? tokens.length : safeBoundary(tokens, tail);
    // The tokens' raw text must cover the tail exactly up to the boundary; if marked ever
    // rewrites it, freeze nothing (correct, only slower).
    let covered = 0;
    for (let i = 0; i < boundary; i++) {
      const raw = tokens[i]!.raw;
      if (!tail.startsWith(raw, covered)) {
        boundary = 0;
        covered = 0;
        break;
      }
      covered += raw.length;
    }
    for (let i = 0; i < boundary; i++) this.freeze(tokens[i]!);
    this.consumed += sourceLength(rest, covered);
    this.tail = tokens.slice(boundary);
    return this.result();
  }

  private result(): SplitResult {
    return { blocks: this.frozen, tail: this.tail, plain: this.plain, generation: this.generation };
  }

  /** Is `text` the last text plus more? Checked over the tail and a little before it. */
  private continues(text: string): boolean {
    if (text.length < this.source.length) return false;
    const from = Math.max(0, this.consumed - 64);
    return text.startsWith(this.source.slice(from), from);
  }

  private reset(): void {
    this.source = '';
    this.consumed = 0;
    this.frozen = [];
    this.links = Object.create(null) as Links;
    this.tail = [];
    this.plain = undefined;
    this.lateDefinition = false;
    this.frozenContent = false;
    this.generation++;
    this.stats.resets++;
  }

  private run(src: string): Token[] {
    this.stats.lexCalls++;
    this.stats.lexedChars += src.length;
    this.stats.maxLexedChars = Math.max(this.stats.maxLexedChars, src.length);
    return src ? this.lex(src, this.links) : [];
  }

  private freeze(token: Token): void {
    if (token.type === 'space') return;
    if (token.type === 'def') {
      const def = token as Tokens.Def;
      if (!this.links[def.tag]) this.links[def.tag] = { href: def.href, title: def.title };
      if (this.frozenContent) this.lateDefinition = true;
      return;
    }
    this.frozenContent = true;
    this.frozen.push({ id: this.nextId++, tokens: [token] });
  }
}

function plainParagraph(tail: string): string | undefined {
  const text = PLAIN_PARAGRAPH.exec(tail)?.[1];
  if (text === undefined || text.includes('://') || /www\./i.test(text)) return undefined;
  return text;
}

/** The lexer, with the definitions seen in frozen blocks known to the tail. */
export function lexWithLinks(src: string, links: Links): Token[] {
  const lexer = new Lexer(LEXER_OPTIONS);
  Object.assign(lexer.tokens.links, links);
  return lexer.lex(src);
}

/** The largest k such that tokens[0..k) are final (rules a and b above); 0 when none is. */
export function safeBoundary(tokens: readonly Token[], src: string): number {
  let start = 0;
  const starts: number[] = [];
  for (const token of tokens) {
    starts.push(start);
    start += token.raw.length;
  }
  for (let k = tokens.length - 1; k >= 1; k--) {
    const token = tokens[k]!;
    const previous = tokens[k - 1]!;
    if (token.type !== 'space') {
      if (src.indexOf('\n', starts[k]) !== -1) return k; // rule a
    } else if (closedByBlankLine(previous)) {
      return k; // rule b
    }
  }
  return 0;
}

function closedByBlankLine(token: Token): boolean {
  // A fenced block followed by another token has met its closing fence (an unclosed fence runs
  // to the end of the input). Indented code continues across blank lines.
  if (token.type === 'code') return FENCE_START.test(token.raw);
  return CLOSED_BY_BLANK_LINE.has(token.type);
}

/** Source characters that make `normalized` characters of `source` (CRLF counts as one). */
function sourceLength(source: string, normalized: number): number {
  if (!source.includes('\r')) return normalized;
  let i = 0;
  let n = 0;
  while (n < normalized && i < source.length) {
    if (source[i] === '\r' && source[i + 1] === '\n') i += 2;
    else i += 1;
    n++;
  }
  return i;
}
