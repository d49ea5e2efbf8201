// The context meter's arithmetic (docs/design.md "Open tabs and the context meter"): what each part
// of the next request takes, against the chosen model's window. Nothing here cuts anything on its
// own: a message that does not fit is held until the person trims or drops a part.
import type { ContextWindow } from '../../shared/context-windows';

export type MeterPartKind = 'history' | 'text' | 'tab' | 'attachment';

export interface MeterPart {
  /** Stable within the composer: `text`, `history`, `tab:<tabId>`, `attachment:<id>`. */
  id: string;
  kind: MeterPartKind;
  /** What the person sees: the tab's title, the file's name; empty for text and history. */
  label: string;
  tokens: number;
  /** Text parts can be cut to what fits; images and the conversation so far cannot. */
  trimmable: boolean;
  /** Everything but the conversation so far can be taken out of the message. */
  droppable: boolean;
  /**
   * An image whose cost the chosen provider does not document (or Auto, which has no provider
   * yet): `tokens` is 0, and the meter says the image is not counted rather than show ≈0.
   */
  uncounted?: true;
}

export interface MeterReading {
  parts: readonly MeterPart[];
  total: number;
  window: ContextWindow | undefined;
  /** Tokens kept free for the reply (counted in the same window by every provider we know). */
  reserve: number;
  /** Tokens beyond what fits (0 when it fits or the window is unknown). */
  over: number;
  /** Parts the total leaves out because their cost is not known (MeterPart.uncounted). */
  uncounted: number;
}

/**
 * Room kept for the reply: a tenth of the window, at most 4096 tokens — a reply needs some room,
 * and a small local window (Ollama's 4096) should not lose half of itself to it.
 */
export function replyReserve(window: number): number {
  return Math.min(4096, Math.floor(window / 10));
}

export function readMeter(
  parts: readonly MeterPart[],
  window: ContextWindow | undefined,
): MeterReading {
  const total = parts.reduce((sum, part) => sum + part.tokens, 0);
  const reserve = window ? replyReserve(window.tokens) : 0;
  const over = window ? Math.max(0, total + reserve - window.tokens) : 0;
  const uncounted = parts.filter((part) => part.uncounted).length;
  return { parts, total, window, reserve, over, uncounted };
}

/**
 * The tokens `partId` may keep for the whole message to fit, or undefined when trimming that part
 * cannot make it fit (the rest alone is too big) or the part cannot be trimmed.
 */
export function trimTarget(reading: MeterReading, partId: string): number | undefined {
  const part = reading.parts.find((p) => p.id === partId);
  if (!part?.trimmable || reading.over === 0) return undefined;
  const keep = part.tokens - reading.over;
  return keep > 0 ? keep : undefined;
}

/** The parts offered a choice when the message does not fit: the biggest first. */
export function choices(reading: MeterReading): MeterPart[] {
  if (reading.over === 0) return [];
  return reading.parts
    .filter((part) => part.droppable || part.trimmable)
    .sort((a, b) => b.tokens - a.tokens);
}
