// What goes with the next message besides its text, and whether it fits (docs/design.md "Open tabs
// and the context meter"): the picked tabs, the tab picker's state, and the meter's reading over
// the conversation so far, the typed text and every attached part, against the chosen model's
// window. The composer holds a send while the reading is over.
import { computed, signal, type ReadonlySignal } from '@preact/signals';
import { AUTO_PROVIDER, type ChatModel } from './chat-model';
import { contextWindowFor, type ContextWindow } from '../../shared/context-windows';
import { providerSettings } from '../../shared/settings';
import { estimateTextTokens } from '../../shared/token-estimate';
import { readMeter, type MeterPart, type MeterReading } from './context-meter';
import { documentTokens, type TabContext } from './tab-context';

export const CHROME_BUILTIN_ID = 'chrome-builtin';

export class ComposerContext {
  /** The tab picker is open: from `@` typed at a word start, or from its button. */
  readonly picker = signal<false | 'at' | 'button'>(false);
  /** The browser model's own window, once measured (browser-model-window.ts). */
  readonly browserWindow = signal<number | undefined>(undefined);
  readonly window: ReadonlySignal<ContextWindow | undefined>;
  readonly reading: ReadonlySignal<MeterReading>;

  constructor(
    readonly chat: ChatModel,
    readonly tabs: TabContext,
  ) {
    const windowOf = (providerId: string): ContextWindow | undefined =>
      providerId === AUTO_PROVIDER
        ? undefined
        : contextWindowFor({
            providerId,
            model: chat.modelFor(providerId),
            setting: providerSettings(chat.settings.value, providerId).contextWindow,
            browser: providerId === CHROME_BUILTIN_ID ? this.browserWindow.value : undefined,
          });
    this.window = computed(() => {
      if (!chat.comparison.ready.value) return windowOf(chat.providerId.value);
      // Compared, the message goes to every provider picked: it has to fit the smallest window
      // known among them.
      let smallest: ContextWindow | undefined;
      for (const providerId of chat.comparison.providerIds.value) {
        const window = windowOf(providerId);
        if (window && (!smallest || window.tokens < smallest.tokens)) smallest = window;
      }
      return smallest;
    });
    this.reading = computed(() => readMeter(this.parts(), this.window.value));
  }

  /** Every part of the next request, as the meter counts them. */
  private parts(): MeterPart[] {
    const parts: MeterPart[] = [];
    // The conversation so far goes with every message: its texts and the documents sent in it.
    const history = this.chat.rows.value.reduce((sum, row) => {
      const record = row.shown.record.value;
      const documents = (record.attachments ?? []).reduce(
        (n, a) => n + (a.kind === 'document' ? documentTokens(a) : 0),
        0,
      );
      return sum + estimateTextTokens(record.text) + documents;
    }, 0);
    if (history > 0)
      parts.push({
        id: 'history',
        kind: 'history',
        label: '',
        tokens: history,
        trimmable: false,
        droppable: false,
      });
    parts.push({
      id: 'text',
      kind: 'text',
      label: '',
      tokens: estimateTextTokens(this.chat.draft.value),
      trimmable: true,
      droppable: false,
    });
    // Every ready attachment: tabs and text files by the block the provider receives, images by
    // the provider's documented count (none where it documents none).
    for (const item of this.chat.attachments.items.value) {
      if (item.status !== 'ready' || !item.input) continue;
      const document = item.input.kind === 'document';
      parts.push({
        id: `attachment:${item.id}`,
        kind: item.kind === 'tab' ? 'tab' : 'attachment',
        label: item.name,
        tokens: item.input.kind === 'document' ? documentTokens(item.input) : (item.tokens ?? 0),
        trimmable: document,
        droppable: true,
        ...(!document && item.tokens === undefined ? { uncounted: true as const } : {}),
      });
    }
    return parts;
  }

  /** Auto is chosen: the model, and so the window, is known only when the message is sent. */
  auto(): boolean {
    return !this.chat.comparison.ready.value && this.chat.providerId.value === AUTO_PROVIDER;
  }

  /** Sending waits: the message does not fit (attachments being read hold it too: chat-model). */
  held(): boolean {
    return this.reading.peek().over > 0;
  }

  /** Whether `text` alone, as a new chat's first message, fits the chosen model's window. */
  fitsAlone(text: string): boolean {
    const part: MeterPart = {
      id: 'text',
      kind: 'text',
      label: '',
      tokens: estimateTextTokens(text),
      trimmable: true,
      droppable: false,
    };
    return readMeter([part], this.window.peek()).over === 0;
  }

  /** Whether there is anything to show: attached parts, or a message filling half its window. */
  visible(): boolean {
    const reading = this.reading.value;
    if (this.chat.attachments.items.value.length > 0) return true;
    const window = reading.window?.tokens;
    return window !== undefined && reading.total * 2 >= window;
  }
}
