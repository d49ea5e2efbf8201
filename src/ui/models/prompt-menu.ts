// The `/` menu's state (issue 13), apart from any DOM so its keys are unit-tested: `/` typed into
// an empty composer opens it; what follows the `/` filters the prompts; arrows move, Enter chooses,
// Escape closes and leaves the text as it is. Deleting the `/` or starting a second line closes it.
import { computed, signal, type ReadonlySignal } from '@preact/signals';
import type { PromptRecord } from '../../shared/prompts';

/** What a key did while the menu was open. */
export type MenuKeyResult = 'moved' | 'chosen' | 'closed' | 'nothing';

/** The shortest query that also searches the prompts' texts (shorter ones match too much there). */
const TEXT_QUERY_LENGTH = 3;

/**
 * Prompts whose title holds the query (those starting with it first), then, for a query of a few
 * letters, those whose text does.
 */
export function filterPrompts(prompts: readonly PromptRecord[], query: string): PromptRecord[] {
  const q = query.trim().toLocaleLowerCase();
  if (!q) return [...prompts];
  const title = (p: PromptRecord) => p.title.toLocaleLowerCase();
  const starts = prompts.filter((p) => title(p).startsWith(q));
  const inTitle = prompts.filter((p) => !title(p).startsWith(q) && title(p).includes(q));
  const inText =
    q.length < TEXT_QUERY_LENGTH
      ? []
      : prompts.filter((p) => !title(p).includes(q) && p.text.toLocaleLowerCase().includes(q));
  return [...starts, ...inTitle, ...inText];
}

export class PromptMenuModel {
  readonly open = signal(false);
  readonly query = signal('');
  /** The highlighted item's index in `items`. */
  readonly active = signal(0);
  readonly items = computed(() => filterPrompts(this.prompts.value, this.query.value));
  readonly activeItem = computed(() =>
    this.open.value ? this.items.value[this.active.value] : undefined,
  );

  constructor(private readonly prompts: ReadonlySignal<readonly PromptRecord[]>) {}

  /** The composer's text went from `before` to `after` (typed, or set by the view). */
  input(before: string, after: string): void {
    if (!this.open.value) {
      if (before === '' && after === '/') this.show('');
      return;
    }
    if (!after.startsWith('/') || after.includes('\n')) this.close();
    else this.show(after.slice(1));
  }

  /** A key pressed in the composer while the menu is open; undefined when it is not the menu's. */
  key(key: string): MenuKeyResult | undefined {
    if (!this.open.value) return undefined;
    const count = this.items.value.length;
    switch (key) {
      case 'ArrowDown':
        if (count) this.active.value = (this.active.value + 1) % count;
        return 'moved';
      case 'ArrowUp':
        if (count) this.active.value = (this.active.value - 1 + count) % count;
        return 'moved';
      case 'Home':
      case 'PageUp':
        this.active.value = 0;
        return 'moved';
      case 'End':
      case 'PageDown':
        this.active.value = Math.max(0, count - 1);
        return 'moved';
      case 'Enter':
      case 'Tab':
        // Nothing matches: Enter does nothing rather than send "/…" as a message.
        return count ? 'chosen' : 'nothing';
      case 'Escape':
        this.close();
        return 'closed';
      default:
        return undefined;
    }
  }

  /** Points at an item (the mouse). */
  highlight(index: number): void {
    if (index >= 0 && index < this.items.value.length) this.active.value = index;
  }

  close(): void {
    this.open.value = false;
  }

  private show(query: string): void {
    if (query !== this.query.value || !this.open.value) this.active.value = 0;
    this.query.value = query;
    this.open.value = true;
  }
}
