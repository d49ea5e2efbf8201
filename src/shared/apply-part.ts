// The one rule for folding a stream part into the reply it belongs to, shared by the worker (which
// keeps the live reply and stores it) and the views (which show it), so both always hold the same
// record after the same parts.
import type { MessageRecord, StreamPart } from './protocol';

/**
 * The reply after `part`, which arrived at `at` (epoch ms; the first text or reasoning stamps the
 * reply's `firstTokenAt`). Returns the same object when the part changes nothing in the record
 * (download progress is the view's, not the message's), so a caller can skip a re-render.
 */
export function applyPart(record: MessageRecord, part: StreamPart, at?: number): MessageRecord {
  switch (part.type) {
    case 'text-delta':
      return part.delta ? { ...firstToken(record, at), text: record.text + part.delta } : record;
    case 'reasoning-delta':
      return part.delta
        ? { ...firstToken(record, at), reasoning: (record.reasoning ?? '') + part.delta }
        : record;
    case 'provider-start':
      return { ...record, providerId: part.providerId };
    case 'stream-start': {
      const next = { ...record, providerId: part.providerId };
      // A version records its model; without one asked for, the one the provider names.
      if (record.model === undefined && part.model) next.model = part.model;
      return next;
    }
    case 'download-progress':
      return record;
    case 'usage':
      // Providers report usage in pieces (input first, output at the end): the latest of each wins.
      return { ...record, usage: { ...record.usage, ...part.usage } };
    // The end stamps `updatedAt`: how long a reply streamed (its speed) reads from it.
    case 'finish':
      return { ...ended(record, at), status: 'done', finishReason: part.reason };
    case 'error':
      return { ...ended(record, at), status: 'error', error: part.error };
    case 'abort':
      return { ...ended(record, at), status: 'stopped' };
  }
}

function firstToken(record: MessageRecord, at: number | undefined): MessageRecord {
  return record.firstTokenAt !== undefined || at === undefined
    ? record
    : { ...record, firstTokenAt: at };
}

function ended(record: MessageRecord, at: number | undefined): MessageRecord {
  return at === undefined ? record : { ...record, updatedAt: at };
}
