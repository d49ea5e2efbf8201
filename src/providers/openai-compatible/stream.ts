// Reading the SSE stream (https://platform.openai.com/docs/api-reference/chat/streaming): each
// `data:` line is a `chat.completion.chunk`; text is in `choices[0].delta.content`; reasoning models
// send their reasoning apart, as `delta.reasoning_content` (DeepSeek, vLLM, llama.cpp, LM Studio:
// https://api-docs.deepseek.com/guides/reasoning_model) or `delta.reasoning` (OpenRouter, Groq:
// https://openrouter.ai/docs/use-cases/reasoning-tokens). With `include_usage` the chunk before
// `data: [DONE]` has empty `choices` and the `usage`. SSE comments (OpenRouter's
// `: OPENROUTER PROCESSING` keep-alives) are dropped by the SSE parser. Mistral's reasoning
// models (Magistral) send `delta.content` as a list of content chunks instead of a string
// (https://docs.mistral.ai/capabilities/reasoning/): `{type: "text", text}` is the answer and
// `{type: "thinking", thinking: [{type: "text", text}]}` the reasoning.
import type { ChatEvent, FinishReason, Usage } from '../types';
import { providerError, type ProviderIdentity } from '../_shared/errors';
import type { SseEvent } from '../_shared/streams';
import { streamError } from './errors';

interface Delta {
  content?: unknown;
  reasoning_content?: unknown;
  reasoning?: unknown;
}

interface Chunk {
  choices?: { delta?: Delta; finish_reason?: unknown }[];
  usage?: Record<string, unknown> | null;
  /** Groq's older place for the usage. */
  x_groq?: { usage?: Record<string, unknown> };
  error?: unknown;
}

export async function* parseChatStream(
  provider: ProviderIdentity,
  events: AsyncIterable<SseEvent>,
): AsyncGenerator<ChatEvent> {
  let finish: string | undefined;
  let done = false;
  let usage: Usage | undefined;
  for await (const event of events) {
    const data = event.data.trim();
    if (!data) continue;
    if (data === '[DONE]') {
      done = true;
      break;
    }
    const chunk = parse(provider, data);
    if (chunk.error !== undefined && chunk.error !== null) throw streamError(provider, chunk);
    const choice = chunk.choices?.[0];
    if (choice) {
      const reasoning = text(choice.delta?.reasoning_content) ?? text(choice.delta?.reasoning);
      if (reasoning) yield { type: 'reasoning-delta', delta: reasoning };
      const content = choice.delta?.content;
      if (Array.isArray(content)) yield* contentParts(content);
      else if (text(content)) yield { type: 'text-delta', delta: content as string };
      if (typeof choice.finish_reason === 'string') finish = choice.finish_reason;
      if (finish === 'error') throw streamError(provider, chunk);
    }
    const raw = chunk.usage ?? chunk.x_groq?.usage;
    if (raw && typeof raw === 'object') usage = toUsage(raw);
  }
  if (usage) yield { type: 'usage', usage };
  if (!done && finish === undefined) {
    yield { type: 'finish', reason: 'ended-without-marker' };
    return;
  }
  const event: ChatEvent = { type: 'finish', reason: finishReason(finish) };
  if (finish !== undefined) event.raw = finish;
  yield event;
}

function parse(provider: ProviderIdentity, data: string): Chunk {
  try {
    const value = JSON.parse(data) as unknown;
    if (typeof value === 'object' && value !== null) return value as Chunk;
  } catch {
    // handled below
  }
  throw providerError(provider, 'bad-response', 'a stream event was not a JSON chunk.', {
    detail: data.slice(0, 500),
  });
}

/** Mistral's content chunks, in order: text to the answer, thinking to the reasoning. */
function* contentParts(parts: unknown[]): Generator<ChatEvent> {
  for (const part of parts) {
    if (typeof part !== 'object' || part === null) continue;
    const { type, text: value, thinking } = part as Record<string, unknown>;
    if (type === 'text' && text(value)) yield { type: 'text-delta', delta: value as string };
    else if (type === 'thinking') {
      // `thinking` is itself a list of chunks (text ones carry the reasoning), or a plain string.
      const inner = Array.isArray(thinking) ? thinking : [thinking];
      for (const chunk of inner) {
        const delta =
          typeof chunk === 'string' ? chunk : text((chunk as { text?: unknown } | null)?.text);
        if (delta) yield { type: 'reasoning-delta', delta };
      }
    }
  }
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function finishReason(raw: string | undefined): FinishReason {
  switch (raw) {
    case undefined:
    case 'stop':
      return 'stop';
    case 'length':
      return 'length';
    case 'content_filter':
      return 'content-filter';
    default:
      return 'other';
  }
}

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/**
 * `{prompt_tokens, completion_tokens, total_tokens, completion_tokens_details.reasoning_tokens}`.
 * OpenAI counts reasoning inside completion_tokens (total = prompt + completion); xAI does not
 * (total = prompt + completion + reasoning: 12 + 1 + 290 = 303). Output here always includes the
 * reasoning, so a reply's "in · out" adds up to the total the chat sums.
 */
export function toUsage(raw: Record<string, unknown>): Usage {
  const usage: Usage = {};
  const input = count(raw.prompt_tokens);
  const output = count(raw.completion_tokens);
  const total = count(raw.total_tokens);
  const details = raw.completion_tokens_details as Record<string, unknown> | undefined;
  const reasoning = count(details?.reasoning_tokens);
  const reasoningApart =
    reasoning !== undefined &&
    reasoning > 0 &&
    input !== undefined &&
    output !== undefined &&
    total === input + output + reasoning;
  if (input !== undefined) usage.inputTokens = input;
  if (output !== undefined) usage.outputTokens = reasoningApart ? output + reasoning : output;
  if (total !== undefined) usage.totalTokens = total;
  else if (input !== undefined && output !== undefined) usage.totalTokens = input + output;
  if (reasoning) usage.reasoningTokens = reasoning;
  return usage;
}
