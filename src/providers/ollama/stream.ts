// Reading /api/chat's NDJSON stream (https://github.com/ollama/ollama/blob/main/docs/api.md#generate-a-chat-completion):
// one JSON object per line; `message.content` is the next piece of the answer, `message.thinking`
// the next piece of a thinking model's reasoning; the last object has `done: true`, `done_reason`
// and the counts `prompt_eval_count` (input tokens) and `eval_count` (output tokens).
import type { ChatEvent, FinishReason, Usage } from '../types';
import { providerError, type ProviderIdentity } from '../_shared/errors';
import { streamError } from './errors';

interface ChatLine {
  message?: { content?: unknown; thinking?: unknown };
  done?: unknown;
  done_reason?: unknown;
  prompt_eval_count?: unknown;
  eval_count?: unknown;
  error?: unknown;
}

export async function* parseChatLines(
  provider: ProviderIdentity,
  lines: AsyncIterable<string>,
): AsyncGenerator<ChatEvent> {
  for await (const raw of lines) {
    const text = raw.trim();
    if (!text) continue;
    const line = parse(provider, text);
    if (typeof line.error === 'string') throw streamError(provider, line.error);
    const thinking = line.message?.thinking;
    if (typeof thinking === 'string' && thinking)
      yield { type: 'reasoning-delta', delta: thinking };
    const content = line.message?.content;
    if (typeof content === 'string' && content) yield { type: 'text-delta', delta: content };
    if (line.done === true) {
      const usage = toUsage(line);
      if (usage) yield { type: 'usage', usage };
      const reason = typeof line.done_reason === 'string' ? line.done_reason : undefined;
      const finish: ChatEvent = { type: 'finish', reason: finishReason(reason) };
      if (reason !== undefined) finish.raw = reason;
      yield finish;
      return;
    }
  }
  yield { type: 'finish', reason: 'ended-without-marker' };
}

function parse(provider: ProviderIdentity, text: string): ChatLine {
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value === 'object' && value !== null) return value as ChatLine;
  } catch {
    // handled below
  }
  throw providerError(provider, 'bad-response', 'a stream line was not JSON.', {
    detail: text.slice(0, 500),
  });
}

function finishReason(reason: string | undefined): FinishReason {
  if (reason === undefined || reason === 'stop') return 'stop';
  if (reason === 'length') return 'length';
  return 'other';
}

function toUsage(line: ChatLine): Usage | undefined {
  const input = typeof line.prompt_eval_count === 'number' ? line.prompt_eval_count : undefined;
  const output = typeof line.eval_count === 'number' ? line.eval_count : undefined;
  if (input === undefined && output === undefined) return undefined;
  const usage: Usage = {};
  if (input !== undefined) usage.inputTokens = input;
  if (output !== undefined) usage.outputTokens = output;
  usage.totalTokens = (input ?? 0) + (output ?? 0);
  return usage;
}
