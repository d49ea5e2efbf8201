// A list or table that is still growing at the end of a reply. Without this, such a block is the
// unfinished tail as a whole (no blank line ends a list), so every delta would lex and render all
// of it again: a 20 KB list streamed in 4-byte deltas took two minutes. Here its finished items
// (list items, table rows) are kept, each lexed and rendered once, and a delta lexes only from the
// live item on: the cost per delta is that of a paragraph, however long the list grows.
//
// When is an item finished? A list item once the next item has begun (its marker line is
// complete): later lines belong to that one or to later ones. A table row once its line has
// ended and another row follows. Lexed alone from the live item, the text gives the same items a
// lex from the list's start would: items are lexed each on their own in marked, after the first
// line of the item that holds them. Only list-wide facts differ, and they are carried here: the
// list's kind and start (from its first item) and looseness (a blank line between any items).
//
// This is a display path while the reply streams: whenever the tail stops being this one
// container (a block after it, another marker, the end of the reply), the splitter goes back to
// its ordinary, exact path — a lex of the whole block, once — so the finished reply renders
// exactly as a one-shot render (streaming-exact.test.ts).
import type { Token, Tokens } from 'marked';
import type { SplitResult } from './block-splitter';

/** A splitter for a quote's inner text (the block splitter, without live containers of its own). */
export interface InnerSplitter {
  update(text: string): SplitResult;
}

export interface LiveContainer {
  readonly kind: 'list' | 'table' | 'code' | 'quote';
  /** Changes when the finished items must be drawn again (a new container; a list turned loose). */
  readonly key: number;
  /** The list, table, fence or quote itself (kind, start, alignment, header), without items. */
  readonly shell: Tokens.List | Tokens.Table | Tokens.Code | Tokens.Blockquote;
  /** Finished list items, oldest first; the same array grows. */
  readonly items: readonly Tokens.ListItem[];
  /** Finished table rows, oldest first; the same array grows. */
  readonly rows: readonly Tokens.TableCell[][];
  /** A fence's finished lines (as its code shows them), oldest first; the same array grows. */
  readonly lines: readonly string[];
  /** A fence's unfinished last line; undefined while it has no character yet. */
  readonly line: string | undefined;
  /** A quote's content so far, as its own splitter splits it (finished blocks and a tail). */
  readonly inner: SplitResult | undefined;
}

interface State {
  kind: LiveContainer['kind'];
  key: number;
  shell: LiveContainer['shell'];
  items: Tokens.ListItem[];
  rows: Tokens.TableCell[][];
  lines: string[];
  line: string | undefined;
  inner: SplitResult | undefined;
  /** A quote's splitter, and its content's finished lines (markers taken off). */
  quote?: { splitter: InnerSplitter; done: string };
  /** A fence: its character and length (what closes it) and the indentation its lines lose. */
  fence?: { closing: RegExp; indent: number };
  /** Offset in the text where the live part starts. */
  liveFrom: number;
  /** A list item's marker kind ("-", "*", "+", "." or ")"); a table's header and delimiter lines. */
  marker: string;
  header: string;
}

const MARKER = /^ {0,3}(?:([*+-])|\d{1,9}([.)]))/;
const BLANK_LINE_BETWEEN = /\n[ \t]*\n/;

const markerOf = (raw: string) => {
  const match = MARKER.exec(raw);
  return match ? (match[1] ?? match[2] ?? '') : '';
};

const lineEnds = (text: string, count: number) => {
  let at = 0;
  for (let i = 0; i < count; i++) at = text.indexOf('\n', at) + 1;
  return at;
};

const CONTAINERS = new Set(['list', 'table', 'code', 'blockquote']);

/** Is `tokens` one list, table, code block or quote, and nothing else but blank space? */
function alone(tokens: readonly Token[]): Token | undefined {
  const [first, ...rest] = tokens;
  if (!first || !CONTAINERS.has(first.type)) return undefined;
  if (rest.some((token) => token.type !== 'space')) return undefined;
  return first;
}

const FENCE_OPEN = /^( {0,3})(`{3,}|~{3,})/;
/** A quote line's marker, as marked strips it (a tab after it is left to the exact path). */
const QUOTE_MARKER = /^ {0,3}> ?/;
const QUOTE_LINE = /^ {0,3}>/;
/** A line that might still become a quote line: up to three spaces so far. */
const QUOTE_PENDING = /^ {0,3}$/;

export class ContainerTracker {
  private state: State | undefined;
  private keys = 0;

  /** `nested`: makes the splitter for a quote's content; without it quotes are not tracked. */
  constructor(private readonly nested?: () => InnerSplitter) {}

  /** Where the live part starts (the splitter need not look before it), if tracking. */
  get liveFrom(): number | undefined {
    return this.state?.liveFrom;
  }

  get container(): LiveContainer | undefined {
    return this.state;
  }

  stop(): void {
    this.state = undefined;
  }

  /**
   * After an ordinary lex of the tail (which starts at `start` in the text): if the tail is one
   * list or table with finished items, start tracking it. Returns the live tokens, or undefined.
   */
  enter(tokens: readonly Token[], tailText: string, start: number): Token[] | undefined {
    const block = alone(tokens);
    if (!block || tailText.includes('\r')) return undefined;
    if (block.type === 'code') return this.enterFence(block as Tokens.Code, tailText, start);
    if (block.type === 'blockquote')
      return this.enterQuote(block as Tokens.Blockquote, tailText, start);
    if (block.type === 'list') {
      const list = block as Tokens.List;
      if (list.items.length < 2) return undefined;
      const { shell, items } = splitList(list);
      const liveFrom = start + items.reduce((sum, item) => sum + item.raw.length, 0);
      this.state = {
        kind: 'list',
        key: ++this.keys,
        shell,
        items,
        rows: [],
        lines: [],
        line: undefined,
        inner: undefined,
        liveFrom,
        marker: markerOf(list.raw),
        header: '',
      };
      return [{ ...shell, items: [list.items.at(-1)!], raw: tailText.slice(liveFrom - start) }];
    }
    const table = block as Tokens.Table;
    if (table.rows.length < 2) return undefined;
    const header = tailText.slice(0, lineEnds(tailText, 2));
    const done = table.rows.length - 1;
    const liveFrom = start + lineEnds(tailText, 2 + done);
    this.state = {
      kind: 'table',
      key: ++this.keys,
      shell: { ...table, rows: [] },
      items: [],
      rows: table.rows.slice(0, done),
      lines: [],
      line: undefined,
      inner: undefined,
      liveFrom,
      marker: '',
      header,
    };
    return [{ ...table, rows: [table.rows.at(-1)!] }];
  }

  /**
   * The next text: lexes only its live part (with `lex`). Returns the live tokens, or undefined
   * when the tail is no longer this container alone (tracking stops; lex the ordinary way).
   */
  advance(text: string, lex: (src: string) => Token[]): Token[] | undefined {
    const state = this.state;
    if (!state) return undefined;
    const live = text.slice(state.liveFrom);
    if (live.includes('\r')) return this.quit();
    if (state.kind === 'code') return this.advanceFence(state, live);
    if (state.kind === 'quote') return this.advanceQuote(state, live);
    if (state.kind === 'table') {
      const tokens = lex(state.header + live);
      const table = alone(tokens) as Tokens.Table | undefined;
      if (table?.type !== 'table' || table.raw.length < state.header.length) return this.quit();
      const done = table.rows.length - 1;
      if (done > 0) {
        state.rows.push(...table.rows.slice(0, done));
        state.liveFrom += lineEnds(live, done);
      }
      return [{ ...table, rows: table.rows.slice(Math.max(0, done)) }];
    }
    const tokens = lex(live);
    const list = alone(tokens) as Tokens.List | undefined;
    const shell = state.shell as Tokens.List;
    if (
      list?.type !== 'list' ||
      list.ordered !== shell.ordered ||
      markerOf(list.raw) !== state.marker
    )
      return this.quit();
    const finished = list.items.slice(0, -1);
    for (const item of finished) {
      state.liveFrom += item.raw.length;
      state.items.push(item);
    }
    // A finished item's text ends where the next begins, so a blank line in it separates items
    // (or blocks within it): the list is loose.
    const loose =
      shell.loose || list.loose || finished.some((item) => BLANK_LINE_BETWEEN.test(item.raw));
    if (loose && !shell.loose) {
      // The whole list turned loose (a blank line between items): its items are drawn again
      // with paragraphs, as marked does for a loose list.
      state.shell = { ...shell, loose: true };
      state.items = state.items.map(loosen);
      state.key = ++this.keys;
    }
    const liveItem = list.items.at(-1)!;
    return [
      { ...state.shell, items: [loose ? loosen(liveItem) : liveItem], raw: live } as Tokens.List,
    ];
  }

  /**
   * An open fence: its lines are code whatever follows, until a closing fence. Finished lines are
   * handed out once; the live one is the unfinished last line. Only entered once the opening line
   * is whole (its info string decides the language).
   */
  private enterFence(code: Tokens.Code, tailText: string, start: number): Token[] | undefined {
    const open = FENCE_OPEN.exec(code.raw);
    const opening = tailText.indexOf('\n');
    if (!open || opening === -1 || code.raw.length !== tailText.length) return undefined;
    const [, indent, run] = open as unknown as [string, string, string];
    const fence = {
      closing: new RegExp(`^ {0,3}${run[0] === '`' ? '`' : '~'}{${run.length},}[ \t]*$`),
      // As marked compensates: only after a backtick fence's indentation.
      indent: run[0] === '`' ? indent.length : 0,
    };
    this.state = {
      kind: 'code',
      key: ++this.keys,
      shell: { ...code, text: '' },
      items: [],
      rows: [],
      lines: [],
      line: undefined,
      inner: undefined,
      liveFrom: start + opening + 1,
      marker: '',
      header: '',
      fence,
    };
    // A closing fence already there (a closed block followed by blank lines): not ours.
    return this.advanceFence(this.state, tailText.slice(opening + 1));
  }

  private advanceFence(state: State, live: string): Token[] | undefined {
    const { closing, indent } = state.fence!;
    let at = 0;
    for (let end = live.indexOf('\n'); end !== -1; end = live.indexOf('\n', at)) {
      const line = live.slice(at, end);
      if (closing.test(line)) return this.quit();
      state.lines.push(compensate(line, indent));
      at = end + 1;
    }
    state.liveFrom += at;
    const last = live.slice(at);
    // A closing fence at the very end closes the block too.
    if (closing.test(last)) return this.quit();
    state.line = last ? compensate(last, indent) : undefined;
    return [];
  }

  /**
   * A quote whose every line so far has its marker (no lazy continuation): its content — the
   * lines with their markers taken off, as marked takes them — goes through a splitter of its
   * own, so its finished blocks are lexed and drawn once and only its last block is live.
   */
  private enterQuote(
    quote: Tokens.Blockquote,
    tailText: string,
    start: number,
  ): Token[] | undefined {
    if (!this.nested) return undefined;
    this.state = {
      kind: 'quote',
      key: ++this.keys,
      shell: { ...quote, tokens: [] },
      items: [],
      rows: [],
      lines: [],
      line: undefined,
      inner: undefined,
      liveFrom: start,
      marker: '',
      header: '',
      quote: { splitter: this.nested(), done: '' },
    };
    return this.advanceQuote(this.state, tailText);
  }

  private advanceQuote(state: State, live: string): Token[] | undefined {
    const quote = state.quote!;
    let at = 0;
    for (let end = live.indexOf('\n'); end !== -1; end = live.indexOf('\n', at)) {
      const line = live.slice(at, end);
      if (!QUOTE_LINE.test(line) || line.includes('\t')) return this.quit();
      quote.done += `${line.replace(QUOTE_MARKER, '')}\n`;
      at = end + 1;
    }
    state.liveFrom += at;
    const last = live.slice(at);
    let content = quote.done;
    if (QUOTE_LINE.test(last) && !last.includes('\t')) content += last.replace(QUOTE_MARKER, '');
    else if (!QUOTE_PENDING.test(last)) return this.quit();
    state.inner = quote.splitter.update(content);
    return [...state.inner.tail];
  }

  private quit(): undefined {
    this.state = undefined;
    return undefined;
  }
}

/** A fence's line as marked gives it: the fence's own indentation taken off its leading space. */
function compensate(line: string, indent: number): string {
  if (indent === 0) return line;
  const space = /^\s+/.exec(line)?.[0].length ?? 0;
  return line.slice(Math.min(space, indent));
}

function splitList(list: Tokens.List): { shell: Tokens.List; items: Tokens.ListItem[] } {
  return { shell: { ...list, items: [] }, items: list.items.slice(0, -1) };
}

function loosen(item: Tokens.ListItem): Tokens.ListItem {
  if (item.loose) return item;
  return {
    ...item,
    loose: true,
    tokens: item.tokens.map((token) =>
      token.type === 'text' ? ({ ...token, type: 'paragraph' } as Token) : token,
    ),
  };
}
