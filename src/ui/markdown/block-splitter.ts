// Incremental markdown: while a reply streams, its text only grows. The splitter keeps the
// top-level blocks that can no longer change ("frozen") and lexes only the text after them (the
// "tail"), so a delta costs the size of the unfinished tail, not of the whole reply. Each frozen
// block is lexed once and rendered once (see markdown-view.tsx); only the tail is redone per delta.
//
// When is a top-level block final? Markdown is mostly local once a later block has begun:
//   (a) the next block has started and is decided: its first line is complete (ends in "\n"),
//       two lines for a table (a header is only a table once its delimiter row is whole). Then
//       nothing that follows can be absorbed into the earlier block any more (a lazy continuation
//       or a setext underline would have to be that very line). Not after a link definition: its
//       title may come on a later line, and an indented line after it would be code;
//   (b) a blank line follows a block that a blank line closes: paragraph, heading, table, fenced
//       code (closed), thematic break, link definition, and an HTML block of the kinds that end at
//       a blank line. (Not lists, block quotes or indented code: those continue across blank
//       lines; nor an HTML block that ends at its own end tag — `<pre>`, `<!--` … —, which
//       is final only once that end is there.)
// The one global construct is a link reference definition. Definitions in frozen blocks (at any
// depth: in a quote or a list too) are handed to the tail's lexer; a definition that arrives after
// blocks that use it re-lexes just those blocks, which then render again. streaming-exact.test.ts
// streams every CommonMark and GFM spec example in many chunkings and checks the finished render
// against one shot.
import { Lexer, Marked, type Token, type Tokens, type TokensList } from 'marked';
import { mathExtensions } from './math-syntax';
import { ContainerTracker, type LiveContainer } from './live-container';

/** GFM plus math ($…$, $$…$$, \(…\), \[…\]): the one syntax the splitter and the renderer share. */
export const SYNTAX = new Marked({ gfm: true, breaks: false, pedantic: false }).use({
  extensions: mathExtensions,
});

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
  /**
   * The tail is one growing list, table, fenced code block or quote (live-container.ts): these
   * are its finished items (lines, blocks), and `tail` is the list or table with only its live
   * item (a quote's live block; nothing for a fence, whose live line is here).
   */
  readonly container: LiveContainer | undefined;
}

type Links = TokensList['links'];

/** Blocks that a blank line ends for good (rule b). */
const CLOSED_BY_BLANK_LINE = new Set([
  'paragraph',
  'heading',
  'table',
  'hr',
  'html',
  'def',
  // An open math block runs to the end of the text, so one followed by anything has closed.
  'mathBlock',
]);
/** A whole blank line: a space token may end in the start of a line that is not blank yet. */
const BLANK_LINE = /\n[ \t]*\n/;
const FENCE_START = /^ {0,3}(?:`{3,}|~{3,})/;
/**
 * A tail that can only be a paragraph of plain text, whatever follows: after the blank line that
 * ended the previous block, a letter (no block can start so), then no line break and none of the
 * characters inline markdown or math is made of (nor the starts of an autolink: "@", "://", "www.").
 */
const PLAIN_PARAGRAPH = /^\n*(\p{L}[^\n\r\\`*_[\]!<>&~|@$]*)$/u;

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
  private readonly containers: ContainerTracker;
  /** Frozen blocks that contain a "[" (the only ones a later definition can change). */
  private bracketed: { index: number; folded?: string }[] = [];

  /** How much work the lexer did; tests and the benchmark read these. */
  readonly stats = {
    lexCalls: 0,
    lexedChars: 0,
    maxLexedChars: 0,
    resets: 0,
    plainUpdates: 0,
    /** Updates of a growing fenced code block: its new lines taken as they are, no lex. */
    fenceUpdates: 0,
    /** Frozen blocks lexed again because a definition they use arrived after them. */
    relexedBlocks: 0,
  };

  /**
   * `nested`: this splitter splits a quote's content for a live quote (live-container.ts); it
   * tracks no growing container of its own (its tail is drawn whole).
   */
  constructor(
    private readonly lex: (src: string, links: Links) => Lexed = lexWithLinks,
    nested = false,
  ) {
    // A quote's content knows the definitions met before it, as a one-shot lex would.
    const inner = () =>
      new BlockSplitter((src, links) => this.lex(src, { ...links, ...this.links }), true);
    this.containers = new ContainerTracker(nested ? undefined : inner);
    this.tracks = !nested;
  }

  /** Whether a growing container at the end is tracked (not inside a quote's content). */
  private readonly tracks: boolean;

  /**
   * Takes the whole current text. `final`: the text will not grow any more (the reply ended), so
   * every block is finished.
   */
  update(text: string, final = false): SplitResult {
    if (text === this.source && final === this.wasFinal) return this.result();
    if (!this.continues(text)) this.reset();
    this.source = text;
    this.wasFinal = final;

    if (final) this.containers.stop();
    else if (this.containers.container) {
      // A growing list or table: lex only from its live item on.
      const live = this.containers.advance(text, (src) => this.run(src).tokens);
      if (live) {
        if (this.containers.container?.kind === 'code') this.stats.fenceUpdates++;
        this.tail = live;
        this.plain = undefined;
        return this.result();
      }
    }

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
    const lexed = this.run(tail);
    let tokens = lexed.tokens;
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
    if (boundary > 0 && this.usesUnfrozenDefinition(lexed.links, tokens.slice(boundary))) {
      // The blocks to freeze were lexed with a definition from the part that is not final yet
      // (it may still turn into something else): lex them again without it.
      const again = this.run(tail.slice(0, covered)).tokens;
      tokens = [...again, ...tokens.slice(boundary)];
      boundary = again.length;
    }
    const known = Object.keys(this.links).length;
    for (let i = 0; i < boundary; i++) this.freeze(tokens[i]!);
    if (Object.keys(this.links).length !== known) this.relexUsers(known);
    this.consumed += sourceLength(rest, covered);
    this.tail = tokens.slice(boundary);
    if (!final && this.tracks)
      this.tail = this.containers.enter(this.tail, tail.slice(covered), this.consumed) ?? this.tail;
    return this.result();
  }

  private result(): SplitResult {
    return {
      blocks: this.frozen,
      tail: this.tail,
      plain: this.plain,
      generation: this.generation,
      container: this.containers.container,
    };
  }

  /** Is `text` the last text plus more? Checked over the tail and a little before it. */
  private continues(text: string): boolean {
    if (text.length < this.source.length) return false;
    const from = Math.max(0, (this.containers.liveFrom ?? this.consumed) - 64);
    return text.startsWith(this.source.slice(from), from);
  }

  private reset(): void {
    this.source = '';
    this.consumed = 0;
    this.frozen = [];
    this.links = Object.create(null) as Links;
    this.bracketed = [];
    this.containers.stop();
    this.tail = [];
    this.plain = undefined;
    this.generation++;
    this.stats.resets++;
  }

  private run(src: string): Lexed {
    this.stats.lexCalls++;
    this.stats.lexedChars += src.length;
    this.stats.maxLexedChars = Math.max(this.stats.maxLexedChars, src.length);
    return src ? this.lex(src, this.links) : { tokens: [], links: this.links };
  }

  /** Did the lexer meet a definition in `rest` (the tokens that stay in the tail)? */
  private usesUnfrozenDefinition(links: Links, rest: readonly Token[]): boolean {
    if (Object.keys(links).length === Object.keys(this.links).length) return false;
    const inRest: Links = Object.create(null) as Links;
    for (const token of rest) collectDefinitions(token, inRest);
    return Object.keys(inRest).some((tag) => !this.links[tag]);
  }

  private freeze(token: Token): void {
    // Definitions anywhere in the block (a quote or list item holds them too), first one wins
    // as in a one-shot lex, which meets them in the same order.
    collectDefinitions(token, this.links);
    if (token.type === 'space' || token.type === 'def') return;
    if (token.raw.includes('[')) this.bracketed.push({ index: this.frozen.length });
    this.frozen.push({ id: this.nextId++, tokens: [token] });
  }

  /**
   * Definitions from `known` on are new: lex again the frozen blocks whose text may use one of
   * them (it holds the label, folded as the lexer folds it), with every definition now known.
   * A block is final, so its text alone lexes to the same block, now with the link resolved.
   */
  private relexUsers(known: number): void {
    const tags = Object.keys(this.links).slice(known);
    for (const entry of this.bracketed) {
      const block = this.frozen[entry.index]!;
      const raw = block.tokens.map((t) => t.raw).join('');
      // Folded as marked folds a label (lower, upper, lower: "ẞ" matches "SS").
      entry.folded ??= raw.replace(/\s+/g, ' ').toLowerCase().toUpperCase().toLowerCase();
      if (!tags.some((tag) => entry.folded!.includes(tag))) continue;
      this.stats.relexedBlocks++;
      const tokens = this.lex(raw, this.links).tokens.filter(
        (t) => t.type !== 'space' && t.type !== 'def',
      );
      this.frozen[entry.index] = { id: block.id, tokens };
    }
  }
}

/** Adds the definitions in `token` and its children to `links` (an earlier one wins). */
function collectDefinitions(token: Token, links: Links): void {
  if (token.type === 'def') {
    const def = token as Tokens.Def;
    if (!links[def.tag]) links[def.tag] = { href: def.href, title: def.title };
    return;
  }
  if (token.type === 'blockquote') {
    for (const child of (token as Tokens.Blockquote).tokens) collectDefinitions(child, links);
  } else if (token.type === 'list') {
    for (const item of (token as Tokens.List).items)
      for (const child of item.tokens) collectDefinitions(child, links);
  }
}

function plainParagraph(tail: string): string | undefined {
  const text = PLAIN_PARAGRAPH.exec(tail)?.[1];
  if (text === undefined || text.includes('://') || /www\./i.test(text)) return undefined;
  return text;
}

/** The lexer, with the definitions seen in frozen blocks known to the tail. */
export function lexWithLinks(src: string, links: Links): Lexed {
  const lexer = new Lexer(SYNTAX.defaults);
  Object.assign(lexer.tokens.links, links);
  const tokens = lexer.lex(src);
  return { tokens, links: tokens.links };
}

/** Tokens, and every definition they were lexed with (the given ones and the text's own). */
export interface Lexed {
  tokens: Token[];
  links: Links;
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
      if (previous.type !== 'def' && decided(token, src, starts[k]!)) return k; // rule a
    } else if (BLANK_LINE.test(token.raw) && closedByBlankLine(previous)) {
      return k; // rule b
    }
  }
  return 0;
}

/** Rule a: the block starting at `start` has its deciding lines complete. */
function decided(token: Token, src: string, start: number): boolean {
  const first = src.indexOf('\n', start);
  if (first === -1) return false;
  return token.type !== 'table' || src.indexOf('\n', first + 1) !== -1;
}

/**
 * HTML blocks that end at their own end condition (CommonMark kinds 1–5), with it. The others
 * (kinds 6 and 7) end at a blank line.
 */
const HTML_ENDS: readonly [RegExp, RegExp][] = [
  [/^ {0,3}<(?:script|pre|style|textarea)(?:\s|>|$)/i, /<\/(?:script|pre|style|textarea)>/i],
  [/^ {0,3}<!--/, /-->/],
  [/^ {0,3}<\?/, /\?>/],
  [/^ {0,3}<![A-Za-z]/, />/],
  [/^ {0,3}<!\[CDATA\[/, /\]\]>/],
];

function closedByBlankLine(token: Token): boolean {
  // A fenced block followed by another token has met its closing fence (an unclosed fence runs
  // to the end of the input). Indented code continues across blank lines.
  if (token.type === 'code') return FENCE_START.test(token.raw);
  if (token.type === 'html') {
    const kind = HTML_ENDS.find(([begin]) => begin.test(token.raw));
    if (kind) return kind[1].test(token.raw.slice(token.raw.indexOf('<') + 2));
  }
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
