// streamGenerateContent?alt=sse (https://ai.google.dev/api/generate-content#method:-models.streamgeneratecontent):
// each `data:` is a GenerateContentResponse. Text is in `candidates[0].content.parts[].text`; parts
// marked `thought: true` are thought summaries (https://ai.google.dev/gemini-api/docs/thinking),
// shown as reasoning. `usageMetadata` is cumulative, so the last one counts. The stream has no end
// marker: a `finishReason` on the last candidate is the normal end
// (https://ai.google.dev/api/generate-content#FinishReason). `promptFeedback.blockReason` means the
// prompt itself was blocked and no candidate comes.
import type { ChatEvent, FinishReason, Usage } from '../types';
import { apiError, providerError, type ProviderIdentity } from '../_shared/errors';
import type { SseEvent } from '../_shared/streams';
import { streamError } from './errors';

interface Part {
  text?: unknown;
  thought?: unknown;
}

interface GenerateContentResponse {
  candidates?: { content?: { parts?: Part[] }; finishReason?: unknown }[];
  promptFeedback?: { blockReason?: unknown };
  usageMetadata?: Record<string, unknown>;
  error?: unknown;
}

export async function* parseGenerateStream(
  provider: ProviderIdentity,
  events: AsyncIterable<SseEvent>,
): AsyncGenerator<ChatEvent> {
  let finish: string | undefined;
  let usage: Usage | undefined;
  for await (const event of events) {
    if (!event.data.trim()) continue;
    const chunk = parse(provider, event.data);
    if (chunk.error) throw streamError(provider, chunk);
    const blocked = chunk.promptFeedback?.blockReason;
    if (typeof blocked === 'string') {
      throw apiError(provider, {
        code: 'content-filtered',
        what: `the service blocked the prompt (${blocked}).`,
        detail: JSON.stringify(chunk.promptFeedback),
      });
    }
    const candidate = chunk.candidates?.[0];
    for (const part of candidate?.content?.parts ?? []) {
      if (typeof part.text !== 'string' || !part.text) continue;
      yield part.thought === true
        ? { type: 'reasoning-delta', delta: part.text }
        : { type: 'text-delta', delta: part.text };
    }
    if (typeof candidate?.finishReason === 'string') finish = candidate.finishReason;
    if (chunk.usageMetadata) usage = toUsage(chunk.usageMetadata);
  }
  if (usage) yield { type: 'usage', usage };
  yield finish === undefined
    ? { type: 'finish', reason: 'ended-without-marker' }
    : { type: 'finish', reason: finishReason(finish), raw: finish };
}

function parse(provider: ProviderIdentity, text: string): GenerateContentResponse {
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value === 'object' && value !== null) return value as GenerateContentResponse;
  } catch {
    // handled below
  }
  throw providerError(provider, 'bad-response', 'a stream event was not JSON.', {
    detail: text.slice(0, 500),
  });
}

function finishReason(reason: string): FinishReason {
  switch (reason) {
    case 'STOP':
      return 'stop';
    case 'MAX_TOKENS':
      return 'length';
    case 'SAFETY':
    case 'RECITATION':
    case 'BLOCKLIST':
    case 'PROHIBITED_CONTENT':
    case 'SPII':
    case 'IMAGE_SAFETY':
      return 'content-filter';
    default:
      return 'other';
  }
}

const num = (value: unknown) =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

/** promptTokenCount → input; candidates + thoughts → output (thoughts are billed as output). */
function toUsage(meta: Record<string, unknown>): Usage {
  const usage: Usage = {};
  const input = num(meta.promptTokenCount);
  const candidates = num(meta.candidatesTokenCount);
  const thoughts = num(meta.thoughtsTokenCount);
  const total = num(meta.totalTokenCount);
  if (input !== undefined) usage.inputTokens = input;
  if (candidates !== undefined || thoughts !== undefined) {
    usage.outputTokens = (candidates ?? 0) + (thoughts ?? 0);
  }
  if (thoughts) usage.reasoningTokens = thoughts;
  if (total !== undefined) usage.totalTokens = total;
  return usage;
}
