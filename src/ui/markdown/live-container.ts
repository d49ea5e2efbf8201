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

export interface LiveContainer {
  readonly kind: 'list' | 'table';
  /** Changes when the finished items must be drawn again (a new container; a list turned loose). */
  readonly key: number;
  /** The list or table itself (kind, start, alignment, header), without its items. */
  readonly shell: Tokens.List | Tokens.Table;
  /** Finished list items, oldest first; the same array grows. */
  readonly items: readonly Tokens.ListItem[];
  /** Finished table rows, oldest first; the same array grows. */
  readonly rows: readonly Tokens.TableCell[][];
}

interface State {
  kind: 'list' | 'table';
  key: number;
  shell: Tokens.List | Tokens.Table;
  items: Tokens.ListItem[];
  rows: Tokens.TableCell[][];
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

/** Is `tokens` one list or table and nothing else but blank space? */
function alone(tokens: readonly Token[]): Tokens.List | Tokens.Table | undefined {
  const [first, ...rest] = tokens;
  if (!first || (first.type !== 'list' && first.type !== 'table')) return undefined;
  if (rest.some((token) => token.type !== 'space')) return undefined;
  return first as Tokens.List | Tokens.Table;
}

export class ContainerTracker {
  private state: State | undefined;
  private keys = 0;

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

  private quit(): undefined {
    this.state = undefined;
    return undefined;
  }
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
