// A growing table at the end of a streaming reply, drawn so that a delta costs what a paragraph
// costs (docs/decisions/streaming-tables.md). A browser lays a table out as a whole: one <table>
// whose last cell changes on every delta has the style and layout of all its rows done again
// after each delta, so a 50 KB table got six times slower per delta than a 10 KB one. Once it has
// PART_ROWS finished rows (shorter, it is one ordinary table: laid out whole, but short), the
// table is therefore several tables stacked in one scroller:
//
//   <div class="md-table-stream">           scrolls sideways, like a finished table
//     <div class="md-table-sizer">          invisible, no height: the column widths' source
//       <table> header + the few rows with each column's longest text and longest word </table>
//       (their text drawn by CSS, so that the message's textContent stays the visible text)
//     </div>
//     <div class="md-table-parts">       the full parts, laid out again only when one joins
//       <table> colgroup, header, the first PART_ROWS finished rows </table>
//       <table> colgroup, the next PART_ROWS finished rows </table> …
//     </div>
//     <table> colgroup, the part filling up now </table>
//     <table> colgroup, the live row </table>
//   </div>
//
// The stacked tables use `table-layout: fixed` with the same column widths (CSS variables on the
// scroller), so their columns line up and a finished part is never laid out again: a delta lays
// out the one-row live table, a finished row the last part. The full parts are kept in a block of
// their own: the scroller's layout visits each of its children on every delta (a clean child is
// cheap, but not free), so with every part a child of it a delta's layout grew with the table
// (in a 50 KB table from 0.12 ms a delta in its first tenth to 0.27 ms in its last). Grouped, a
// delta visits a handful of children, and the group is laid out again once per PART_ROWS rows,
// when a part joins it. The widths are the sizer's: an
// ordinary (auto-layout) table, in the same place, holding the header and, per column, the row
// with its longest cell text and the row with its longest word. Auto layout depends only on
// each column's widest minimum and maximum content, so the sizer's columns are what the whole
// table's would be (the lengths stand in for the widths, so nearly). A ResizeObserver on its
// header cells brings the widths along when they change (a wider row, a resized view).
//
// When the table is finished (the reply ended, or a block follows it), it is drawn exactly as a
// one-shot render draws it, from the final tokens — in slices: the finished table goes above the
// stacked ones and takes their rows a part a frame (each batch rendered and sanitised on its
// own, as the live path renders a row), a stacked part leaving as its rows arrive. Drawn all at
// once, a 50 KB table was one 143 ms task: a table is laid out from scratch when it is inserted,
// but a few rows added to a laid-out table cost little. `aria-busy` is on the block meanwhile;
// at the end the block holds the one-shot table.
import type { Tokens } from 'marked';
import { renderTokens } from './render-html';
import { morphElements } from './dom-morph';
import { enhanceCodeBlocks } from './code-blocks';
import { enhanceMath } from './math-blocks';

/** Finished rows per stacked table: a finished row lays out one part of at most this many. */
const PART_ROWS = 32;
/** A finished table longer than this is drawn in slices; a shorter one at once, as any block. */
export const SLICED_ROWS = PART_ROWS;
/** A stacked table's class (markdown.css). */
const PART_CLASS = 'md-table-part';
/** Where no frame comes (a hidden page), the next slice of the finished table after this. */
const FRAME_FALLBACK_MS = 50;

interface Finishing {
  token: Tokens.Table;
  /** The finished table, in the block above the stacked ones, and its body. */
  table: HTMLTableElement;
  body: HTMLTableSectionElement | undefined;
  /** Rows drawn so far. */
  done: number;
  cancelled: boolean;
}

interface Extreme {
  length: number;
  row: Element;
}

interface Stack {
  scroller: HTMLDivElement;
  /** The full parts (see the top). */
  full: HTMLDivElement;
  sizerBody: HTMLTableSectionElement;
  liveTable: HTMLTableElement;
  observer: ResizeObserver | undefined;
  /** The stacked parts, oldest first, with the count of finished rows up to each one's end. */
  parts: { table: HTMLTableElement; end: number }[];
  /** Rows in the last part. */
  partRows: number;
}

export class LiveTable {
  /** The table as a one-shot render draws it; once stacked, the first part. */
  private readonly table: HTMLTableElement;
  /** Where finished rows go, and where the live rows are. */
  private body: HTMLTableSectionElement;
  private liveBody: HTMLTableSectionElement;
  /** Until the table has PART_ROWS finished rows it is one ordinary table (laid out whole, but short). */
  private stack: Stack | undefined;
  private finished = 0;
  private live: Element[] = [];
  private readonly columns: number;
  /** Per column: the finished row with the longest cell text, and with the longest word. */
  private readonly longest: (Extreme | undefined)[];
  private readonly widest: (Extreme | undefined)[];
  private finishing: Finishing | undefined;

  constructor(
    private readonly root: HTMLElement,
    shell: Tokens.Table,
  ) {
    this.columns = shell.header.length;
    this.longest = Array.from({ length: this.columns }, () => undefined);
    this.widest = Array.from({ length: this.columns }, () => undefined);
    const fragment = renderTokens([{ ...shell, rows: [] }]);
    this.table = fragment.querySelector('table')!;
    this.body = this.liveBody = document.createElement('tbody');
    this.table.append(this.body);
    root.replaceChildren(fragment);
  }

  /** Appends finished rows (rendered once each), stacking the table once it is long. */
  addRows(rows: readonly Element[]): void {
    let grew = false;
    for (const row of rows) {
      const stack = this.stack;
      if (stack) {
        if (stack.partRows === PART_ROWS) this.newPart(stack);
        this.body.append(row);
        stack.partRows++;
        stack.parts.at(-1)!.end++;
      } else {
        this.body.insertBefore(row, this.live[0] ?? null);
      }
      this.finished++;
      enhanceCodeBlocks(row as HTMLElement, true);
      enhanceMath(row as HTMLElement);
      grew = this.measure(row) || grew;
      if (!this.stack && this.finished === PART_ROWS) this.stackUp();
    }
    if (grew && this.stack) this.refreshSizer(this.stack);
  }

  /** Lays the live row(s), freshly rendered, over the ones shown. */
  setLive(rows: readonly Element[]): void {
    for (const row of rows) {
      enhanceCodeBlocks(row as HTMLElement, false);
      enhanceMath(row as HTMLElement);
    }
    this.live = morphElements(this.liveBody, this.live, rows, null);
    // A formula left as source because KaTeX was still loading: drawn once it is here.
    for (const row of this.live) enhanceMath(row as HTMLElement);
  }

  /**
   * The table becomes the first part of a stack (see the top): the sizer and the live table are
   * made, the live rows move to the live table.
   */
  private stackUp(): Stack {
    const scroller = document.createElement('div');
    scroller.className = 'md-table-stream';
    const sizer = document.createElement('div');
    sizer.className = 'md-table-sizer';
    sizer.setAttribute('aria-hidden', 'true');
    const sizerTable = document.createElement('table');
    const sizerBody = document.createElement('tbody');
    sizerTable.append(textless(this.table.querySelector('thead')!), sizerBody);
    sizer.append(sizerTable);
    this.table.prepend(this.columnGroup());
    this.table.classList.add(PART_CLASS);
    const full = document.createElement('div');
    full.className = 'md-table-parts';
    const liveTable = this.partTable();
    this.liveBody = liveTable.lastElementChild as HTMLTableSectionElement;
    this.liveBody.append(...this.live);
    scroller.append(sizer, full, this.table, liveTable);
    this.root.replaceChildren(scroller);
    const observer =
      typeof ResizeObserver === 'function' ? new ResizeObserver(() => this.resize()) : undefined;
    for (const cell of sizerTable.querySelectorAll('thead th')) observer?.observe(cell);
    const stack: Stack = {
      scroller,
      full,
      sizerBody,
      liveTable,
      observer,
      parts: [{ table: this.table, end: this.finished }],
      partRows: this.finished,
    };
    this.stack = stack;
    this.refreshSizer(stack);
    return stack;
  }

  private newPart(stack: Stack): void {
    stack.full.append(stack.parts.at(-1)!.table);
    const table = this.partTable();
    stack.scroller.insertBefore(table, stack.liveTable);
    this.body = table.lastElementChild as HTMLTableSectionElement;
    stack.partRows = 0;
    stack.parts.push({ table, end: stack.parts.at(-1)!.end });
  }

  /**
   * The table is finished: draws `token` exactly as a one-shot render does, in slices (see the
   * top). Called again with other tokens (a definition arrived that a cell uses), starts over.
   */
  finish(token: Tokens.Table): void {
    if (this.finishing?.token === token) return;
    if (this.finishing) {
      this.finishing.cancelled = true;
      this.finishing.table.remove();
    }
    const stack = this.stack ?? this.stackUp();
    const fragment = renderTokens([{ ...token, rows: [] }]);
    const table = fragment.querySelector('table')!;
    // As marked writes it: a <tbody> only for a table with rows.
    const body = token.rows.length > 0 ? document.createElement('tbody') : undefined;
    if (body) table.append(body);
    const job: Finishing = { token, table, body, done: 0, cancelled: false };
    this.finishing = job;
    this.root.setAttribute('aria-busy', 'true');
    this.root.insertBefore(
      fragment,
      stack.scroller.parentNode === this.root ? stack.scroller : null,
    );
    this.work(job, stack);
  }

  /**
   * Adds a part's worth of rows, then goes on at the next frame: inserting many rows into a
   * table makes one long layout (a frame lays out what was added since the last), a few make a
   * short one.
   */
  private work(job: Finishing, stack: Stack): void {
    if (job.cancelled) return;
    const { rows } = job.token;
    if (job.done < rows.length) {
      const batch = rows.slice(job.done, job.done + PART_ROWS);
      const drawn = renderTokens([{ ...job.token, rows: batch }]);
      job.body!.append(...drawn.querySelectorAll('tbody > tr'));
      job.done += batch.length;
      // The stacked parts whose rows the finished table now shows.
      while (stack.parts[0] && stack.parts[0].end <= job.done) stack.parts.shift()!.table.remove();
      if (job.done < rows.length) {
        void nextFrame().then(() => this.work(job, stack));
        return;
      }
    }
    stack.observer?.disconnect();
    stack.scroller.remove();
    enhanceCodeBlocks(this.root, true);
    enhanceMath(this.root);
    this.root.removeAttribute('aria-busy');
  }

  dispose(): void {
    if (this.finishing) this.finishing.cancelled = true;
    this.stack?.observer?.disconnect();
  }

  private partTable(): HTMLTableElement {
    const table = document.createElement('table');
    table.className = PART_CLASS;
    table.append(this.columnGroup(), document.createElement('tbody'));
    return table;
  }

  /** The sizer's widths, for a stacked table. */
  private columnGroup(): HTMLTableColElement {
    const columns = document.createElement('colgroup');
    for (let i = 0; i < this.columns; i++) {
      const column = document.createElement('col');
      column.style.width = `var(--md-col-${i})`;
      columns.append(column);
    }
    return columns;
  }

  /** Notes the row where it holds a column's longest text or word; true if it does. */
  private measure(row: Element): boolean {
    let extreme = false;
    const cells = row.children;
    for (let i = 0; i < this.columns && i < cells.length; i++) {
      const text = cells[i]!.textContent ?? '';
      if (text.length > (this.longest[i]?.length ?? 0)) {
        this.longest[i] = { length: text.length, row };
        extreme = true;
      }
      const word = longestWord(text);
      if (word > (this.widest[i]?.length ?? 0)) {
        this.widest[i] = { length: word, row };
        extreme = true;
      }
    }
    return extreme;
  }

  /** The sizer holds copies of the rows that are some column's extreme now. */
  private refreshSizer(stack: Stack): void {
    const rows = new Set<Element>();
    for (const extreme of [...this.longest, ...this.widest]) if (extreme) rows.add(extreme.row);
    stack.sizerBody.replaceChildren(...[...rows].map(textless));
  }

  /** The sizer's column widths, for the stacked tables. */
  private resize(): void {
    const scroller = this.stack?.scroller;
    if (!scroller) return;
    const cells = scroller.querySelectorAll('.md-table-sizer thead th');
    let total = 0;
    cells.forEach((cell, i) => {
      const width = cell.getBoundingClientRect().width;
      total += width;
      scroller.style.setProperty(`--md-col-${i}`, `${width}px`);
    });
    scroller.style.setProperty('--md-table-width', `${total}px`);
  }
}

/**
 * A copy of `element` whose text is drawn by CSS (`content: attr(data-text)`): it lays out as the
 * text does, but adds nothing to the message's text (its textContent is what a reader sees).
 */
function textless<T extends Element>(element: T): T {
  const copy = element.cloneNode(true) as T;
  const walker = document.createTreeWalker(copy, NodeFilter.SHOW_TEXT);
  const texts: Text[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) texts.push(node as Text);
  for (const text of texts) {
    const span = document.createElement('span');
    span.className = 'md-sizer-text';
    span.setAttribute('data-text', text.data);
    text.replaceWith(span);
  }
  return copy;
}

function longestWord(text: string): number {
  let longest = 0;
  for (const word of text.split(/\s+/)) longest = Math.max(longest, word.length);
  return longest;
}

/**
 * The next frame, before its layout (or, where frames do not come — a hidden page —, a moment
 * later): what a slice adds is laid out in that frame, one slice a frame.
 */
function nextFrame(): Promise<void> {
  return new Promise((resolve) => {
    const fallback = setTimeout(resolve, FRAME_FALLBACK_MS);
    requestAnimationFrame(() => {
      clearTimeout(fallback);
      resolve();
    });
  });
}
