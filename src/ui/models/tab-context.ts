// Open tabs picked as context for the next message (docs/design.md "Open tabs and the context
// meter"). A picked tab becomes one of the composer's attachments (composer-attachments.ts: its
// chip, what is sent, what leaves once sent): a document with the tab's title and address, its
// text the page's readable part as Markdown. Reading happens once, when picked. Nothing is cut
// without the person's choice: `trim` runs only from the meter's Trim button.
import { signal } from '@preact/signals';
import { documentBlock } from '../../shared/content-parts';
import { estimateTextTokens, textWithinTokens } from '../../shared/token-estimate';
import type { ComposerAttachments, PendingAttachment } from './composer-attachments';
import {
  TabReadError,
  unreadableReason,
  type OpenTab,
  type PageArticle,
  type TabProblem,
  type TabSource,
} from '../tabs/tab-source';

/** A tab that could not be read, said above the composer until dismissed or the next pick. */
export interface TabNotice {
  problem: TabProblem;
  title: string;
}

type DocumentInput = Extract<NonNullable<PendingAttachment['input']>, { kind: 'document' }>;

/** The tokens a document takes in the request: the very block the providers receive. */
export function documentTokens(input: DocumentInput): number {
  return estimateTextTokens(documentBlock(input));
}

/** The attachments a tab context needs (ComposerAttachments has them). */
export type TabAttachments = Pick<ComposerAttachments, 'items' | 'add' | 'update' | 'remove'>;

interface Picked {
  tabId: number;
  /** The page's language, when it says (for Translate). */
  lang?: string;
}

export class TabContext {
  readonly notice = signal<TabNotice | undefined>(undefined);
  /** Attachment id → the tab it came from. */
  private readonly picked = new Map<string, Picked>();
  private readonly reads = new Map<string, AbortController>();

  constructor(
    private readonly attachments: TabAttachments,
    private readonly source: TabSource,
    /** Loads the Markdown converter on first use (page-markdown.ts, with turndown). */
    private readonly toMarkdown: (article: PageArticle) => Promise<string>,
  ) {}

  /** The tabs in the message now (a chip removed takes its tab out). */
  pickedTabs(): number[] {
    const present = new Set(this.attachments.items.value.map((a) => a.id));
    return [...this.picked].filter(([id]) => present.has(id)).map(([, p]) => p.tabId);
  }

  /** The tab an attachment was read from, if it was one. */
  tabOf(attachmentId: string): Picked | undefined {
    return this.picked.get(attachmentId);
  }

  /**
   * Adds a tab and reads it. Call it in the click or key handler: a tab Parley has no access to
   * asks for it first, and the prompt needs the user gesture.
   */
  pick(tab: OpenTab): void {
    this.notice.value = undefined;
    if (this.pickedTabs().includes(tab.id)) return;
    const unreadable = unreadableReason(tab.url) ?? (tab.discarded ? 'discarded' : undefined);
    if (unreadable) {
      this.notice.value = { problem: unreadable, title: tab.title };
      return;
    }
    // Asked before anything is awaited: the prompt needs this gesture.
    const allowed = tab.access ? Promise.resolve(true) : this.source.requestAccess(tab.url);
    const id = this.attachments.add({ kind: 'tab', name: tab.title, status: 'preparing' });
    if (id === undefined) return;
    this.picked.set(id, { tabId: tab.id });
    const controller = new AbortController();
    this.reads.set(id, controller);
    const present = () =>
      !controller.signal.aborted && this.attachments.items.peek().some((a) => a.id === id);
    void allowed
      .catch(() => false)
      .then(async (ok) => {
        if (!ok) throw new TabReadError('no-access');
        const article = await this.source.read(tab.id, controller.signal);
        const text = await this.toMarkdown(article);
        if (!text.trim()) throw new TabReadError('empty');
        if (!present()) return;
        const title = article.title || tab.title;
        const input: DocumentInput = {
          kind: 'document',
          name: title,
          title,
          url: article.url || tab.url,
          text,
        };
        if (article.lang) this.picked.set(id, { tabId: tab.id, lang: article.lang });
        this.attachments.update(id, {
          status: 'ready',
          name: title,
          input,
          tokens: documentTokens(input),
        });
      })
      .catch((error: unknown) => {
        if (!present()) return;
        this.attachments.remove(id);
        this.picked.delete(id);
        this.notice.value = {
          problem: error instanceof TabReadError ? error.problem : 'failed',
          title: tab.title,
        };
      })
      .finally(() => this.reads.delete(id));
  }

  /** Stops every read (the view goes away). */
  dispose(): void {
    for (const controller of this.reads.values()) controller.abort();
    this.reads.clear();
  }
}

/**
 * Cuts a document attachment (a tab or a text file) so its block takes at most `tokens`: the
 * person chose Trim in the meter. Its start is kept.
 */
export function trimDocument(attachments: TabAttachments, id: string, tokens: number): void {
  const item = attachments.items.peek().find((a) => a.id === id);
  if (item?.status !== 'ready' || item.input?.kind !== 'document') return;
  const frame = documentTokens({ ...item.input, text: '' });
  const text = textWithinTokens(item.input.text, Math.max(0, tokens - frame)).trimEnd();
  replaceDocument(attachments, id, text);
}

/** Puts other text in a document attachment's place (trimmed, or made on this device). */
export function replaceDocument(
  attachments: TabAttachments,
  id: string,
  text: string,
  note?: string,
): void {
  const item = attachments.items.peek().find((a) => a.id === id);
  if (item?.status !== 'ready' || item.input?.kind !== 'document') return;
  const input = { ...item.input, text };
  attachments.update(id, {
    input,
    tokens: documentTokens(input),
    ...(note !== undefined ? { note } : {}),
  });
}
