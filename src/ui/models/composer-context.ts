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
import type { TabContext } from './tab-context';

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
    this.window = computed(() => {
      const providerId = chat.providerId.value;
      if (providerId === AUTO_PROVIDER) return undefined;
      return contextWindowFor({
        providerId,
        model: chat.modelFor(providerId),
        setting: providerSettings(chat.settings.value, providerId).contextWindow,
        browser: providerId === CHROME_BUILTIN_ID ? this.browserWindow.value : undefined,
      });
    });
    this.reading = computed(() => readMeter(this.parts(), this.window.value));
  }

  /** Every part of the next request, as the meter counts them. */
  private parts(): MeterPart[] {
    const parts: MeterPart[] = [];
    const history = this.chat.rows.value.reduce(
      (sum, row) => sum + estimateTextTokens(row.shown.record.value.text),
      0,
    );
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
    for (const item of this.tabs.items.value)
      if (item.state === 'ready')
        parts.push({
          id: `tab:${item.tab.id}`,
          kind: 'tab',
          label: item.document.title,
          tokens: item.tokens,
          trimmable: true,
          droppable: true,
        });
    return parts;
  }

  /** Sending waits: a tab is still being read, or the message does not fit. */
  held(): boolean {
    return this.tabs.busy() || this.reading.peek().over > 0;
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
    if (this.tabs.items.value.length > 0) return true;
    const window = reading.window?.tokens;
    return window !== undefined && reading.total * 2 >= window;
  }
}
