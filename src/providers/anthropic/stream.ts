// The Messages stream (https://docs.anthropic.com/en/api/messages-streaming): message_start carries
// the input usage, content_block_delta carries `text_delta` (the answer) or `thinking_delta`
// (extended thinking, shown as reasoning; `signature_delta` is skipped), message_delta carries the
// stop_reason and the cumulative output tokens, message_stop ends it; `ping` is a keep-alive and
// unknown event types are ignored, as the versioning policy asks.
import type { ChatEvent, FinishReason, Usage } from '../types';
import { providerError, type ProviderIdentity } from '../_shared/errors';
import type { SseEvent } from '../_shared/streams';
import { streamError } from './errors';

interface StreamData {
  type?: string;
  message?: { model?: unknown; usage?: Record<string, unknown> };
  delta?: { type?: string; text?: unknown; thinking?: unknown; stop_reason?: unknown };
  usage?: Record<string, unknown>;
}

const num = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

export async function* parseMessageStream(
  provider: ProviderIdentity,
  events: AsyncIterable<SseEvent>,
): AsyncGenerator<ChatEvent> {
  let input: number | undefined;
  let output: number | undefined;
  let stopReason: string | undefined;
  let stopped = false;
  for await (const event of events) {
    if (!event.data.trim()) continue;
    const data = parse(provider, event.data);
    const type = data.type ?? event.event;
    if (type === 'error') throw streamError(provider, data);
    if (type === 'message_start') {
      const usage = data.message?.usage;
      // Input = uncached + cache writes + cache reads (the three are disjoint in the API's usage).
      if (usage) {
        input =
          num(usage.input_tokens) +
          num(usage.cache_creation_input_tokens) +
          num(usage.cache_read_input_tokens);
        output = num(usage.output_tokens);
      }
    } else if (type === 'content_block_delta') {
      const delta = data.delta;
      if (delta?.type === 'text_delta' && typeof delta.text === 'string' && delta.text) {
        yield { type: 'text-delta', delta: delta.text };
      } else if (
        delta?.type === 'thinking_delta' &&
        typeof delta.thinking === 'string' &&
        delta.thinking
      ) {
        yield { type: 'reasoning-delta', delta: delta.thinking };
      }
    } else if (type === 'message_delta') {
      if (typeof data.delta?.stop_reason === 'string') stopReason = data.delta.stop_reason;
      if (data.usage && typeof data.usage.output_tokens === 'number')
        output = data.usage.output_tokens;
      // Newer API versions repeat the input counts here; keep them if they come.
      if (data.usage && typeof data.usage.input_tokens === 'number') {
        input =
          num(data.usage.input_tokens) +
          num(data.usage.cache_creation_input_tokens) +
          num(data.usage.cache_read_input_tokens);
      }
    } else if (type === 'message_stop') {
      stopped = true;
      break;
    }
  }
  if (input !== undefined || output !== undefined) {
    const usage: Usage = {};
    if (input !== undefined) usage.inputTokens = input;
    if (output !== undefined) usage.outputTokens = output;
    usage.totalTokens = (input ?? 0) + (output ?? 0);
    yield { type: 'usage', usage };
  }
  if (!stopped) {
    yield { type: 'finish', reason: 'ended-without-marker' };
    return;
  }
  const finish: ChatEvent = { type: 'finish', reason: finishReason(stopReason) };
  if (stopReason !== undefined) finish.raw = stopReason;
  yield finish;
}

function parse(provider: ProviderIdentity, text: string): StreamData {
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value === 'object' && value !== null) return value as StreamData;
  } catch {
    // handled below
  }
  throw providerError(provider, 'bad-response', 'a stream event was not JSON.', {
    detail: text.slice(0, 500),
  });
}

function finishReason(reason: string | undefined): FinishReason {
  switch (reason) {
    case undefined:
    case 'end_turn':
    case 'stop_sequence':
      return 'stop';
    case 'max_tokens':
      return 'length';
    case 'refusal':
      return 'content-filter';
    default:
      return 'other';
  }
}
