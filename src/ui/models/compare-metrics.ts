// What a comparison measures of each reply, from its record alone (so a reopened view shows the
// same figures as the one that watched it stream).
import type { MessageRecord } from '../../shared/protocol';

/**
 * Output tokens per second since the first token: the provider's count when it reported one,
 * else estimated from the text (about four characters a token) and marked as such.
 */
export function tokensPerSecond(
  record: MessageRecord,
  now = Date.now(),
): { value: number; estimated: boolean } | undefined {
  if (record.firstTokenAt === undefined) return undefined;
  const end = record.status === 'streaming' ? now : record.updatedAt;
  const seconds = (end - record.firstTokenAt) / 1000;
  if (seconds < 0.05) return undefined;
  const counted = record.usage?.outputTokens;
  const tokens = counted ?? Math.round((record.text.length + (record.reasoning ?? '').length) / 4);
  if (tokens <= 0) return undefined;
  return { value: tokens / seconds, estimated: counted === undefined };
}

/** Seconds from the reply's start to its first token, when it came. */
export function timeToFirstToken(record: MessageRecord): number | undefined {
  return record.firstTokenAt === undefined
    ? undefined
    : Math.max(0, record.firstTokenAt - record.createdAt) / 1000;
}
