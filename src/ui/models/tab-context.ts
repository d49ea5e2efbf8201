// The open tabs picked as context for the next message (docs/design.md "Open tabs and the context
// meter"): each is read once when picked, kept as a document (its Markdown with its title and
// address) and counted by the meter. Nothing is cut without the person's choice: `trim` runs only
// from the meter's Trim button.
import { signal } from '@preact/signals';
import { estimateTextTokens, textWithinTokens } from '../../shared/token-estimate';
import {
  TabReadError,
  unreadableReason,
  type OpenTab,
  type PageArticle,
  type TabProblem,
  type TabSource,
} from '../tabs/tab-source';

/** A read tab as it is sent: Markdown with its title and address. */
export interface TabDocument {
  title: string;
  url: string;
  text: string;
}

export type TabItem =
  | { tab: OpenTab; state: 'reading' }
  | {
      tab: OpenTab;
      state: 'ready';
      document: TabDocument;
      tokens: number;
      /** The page's language, when it says (for Translate). */
      lang?: string;
      /** The person trimmed it: its tokens before. */
      trimmedFrom?: number;
      /** Its text was made on this device (Chrome's Summarizer or Translator). */
      device?: 'summary' | 'translation';
    }
  | { tab: OpenTab; state: 'failed'; problem: TabProblem };

/**
 * The text a document takes in the request, for the estimate: its title and address above its
 * Markdown. (Each provider's body builder frames documents its own way; the framing is a few
 * tokens either way.)
 */
export function documentText(document: TabDocument): string {
  return `# ${document.title}\n${document.url}\n\n${document.text}`;
}

export class TabContext {
  readonly items = signal<readonly TabItem[]>([]);
  private readonly reads = new Map<number, AbortController>();

  constructor(
    private readonly source: TabSource,
    /** Loads the Markdown converter on first use (page-markdown.ts, with turndown). */
    private readonly toMarkdown: (article: PageArticle) => Promise<string>,
  ) {}

  /**
   * Adds a tab and reads it. Call it in the click or key handler: a tab Parley has no access to
   * asks for it first, and the prompt needs the user gesture.
   */
  pick(tab: OpenTab): void {
    if (this.items.peek().some((item) => item.tab.id === tab.id)) return;
    const unreadable = unreadableReason(tab.url) ?? (tab.discarded ? 'discarded' : undefined);
    if (unreadable) {
      this.put({ tab, state: 'failed', problem: unreadable });
      return;
    }
    const allowed = tab.access ? Promise.resolve(true) : this.source.requestAccess(tab.url);
    const controller = new AbortController();
    this.reads.set(tab.id, controller);
    this.put({ tab, state: 'reading' });
    void allowed
      .catch(() => false)
      .then(async (ok) => {
        if (!ok) throw new TabReadError('no-access');
        const article = await this.source.read(tab.id, controller.signal);
        const text = await this.toMarkdown(article);
        if (!text.trim()) throw new TabReadError('empty');
        const document = { title: article.title || tab.title, url: article.url || tab.url, text };
        return {
          tab,
          state: 'ready',
          document,
          tokens: estimateTextTokens(documentText(document)),
          ...(article.lang ? { lang: article.lang } : {}),
        };
      })
      .catch((error: unknown): TabItem => ({
        tab,
        state: 'failed',
        problem: error instanceof TabReadError ? error.problem : 'failed',
      }))
      .then((item) => {
        if (controller.signal.aborted) return;
        this.reads.delete(tab.id);
        this.put(item as TabItem);
      });
  }

  remove(tabId: number): void {
    this.reads.get(tabId)?.abort();
    this.reads.delete(tabId);
    this.items.value = this.items.peek().filter((item) => item.tab.id !== tabId);
  }

  /** Cuts a read tab's Markdown so the whole document takes at most `tokens` (the person chose). */
  trim(tabId: number, tokens: number): void {
    const item = this.items.peek().find((i) => i.tab.id === tabId);
    if (item?.state !== 'ready') return;
    const frame = estimateTextTokens(documentText({ ...item.document, text: '' }));
    const text = textWithinTokens(item.document.text, Math.max(0, tokens - frame)).trimEnd();
    const document = { ...item.document, text };
    this.put({
      ...item,
      document,
      tokens: estimateTextTokens(documentText(document)),
      trimmedFrom: item.trimmedFrom ?? item.tokens,
    });
  }

  /** Puts a summary or translation made on this device in place of a read tab's text. */
  replace(tabId: number, text: string, device: 'summary' | 'translation'): void {
    const item = this.items.peek().find((i) => i.tab.id === tabId);
    if (item?.state !== 'ready') return;
    const document = { ...item.document, text };
    const { trimmedFrom: _trimmed, ...rest } = item;
    this.put({ ...rest, document, tokens: estimateTextTokens(documentText(document)), device });
  }

  /** The documents ready to send, in the order picked. */
  documents(): TabDocument[] {
    return this.items.peek().flatMap((item) => (item.state === 'ready' ? [item.document] : []));
  }

  /** Still reading a tab: sending waits. */
  busy(): boolean {
    return this.items.peek().some((item) => item.state === 'reading');
  }

  clear(): void {
    for (const controller of this.reads.values()) controller.abort();
    this.reads.clear();
    this.items.value = [];
  }

  private put(item: TabItem): void {
    const items = this.items.peek();
    const at = items.findIndex((i) => i.tab.id === item.tab.id);
    this.items.value =
      at === -1 ? [...items, item] : items.map((existing, i) => (i === at ? item : existing));
  }
}
