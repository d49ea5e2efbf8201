// Shaping a conversation for APIs that take the system prompt apart from the turns (Anthropic's
// top-level `system`, Gemini's `systemInstruction`) or that want strictly alternating turns.
import type { ChatMessage, ChatRequest } from '../types';

export interface SplitConversation {
  /** `request.system` and any system messages, in order, joined by a blank line. */
  system: string | undefined;
  /** User and assistant turns, oldest first. */
  turns: ChatMessage[];
}

export function splitSystem(request: Pick<ChatRequest, 'messages' | 'system'>): SplitConversation {
  const system: string[] = [];
  if (request.system?.trim()) system.push(request.system);
  const turns: ChatMessage[] = [];
  for (const message of request.messages) {
    if (message.role === 'system') {
      if (message.content.trim()) system.push(message.content);
    } else turns.push({ role: message.role, content: message.content });
  }
  return { system: system.length > 0 ? system.join('\n\n') : undefined, turns };
}

/** Joins consecutive turns of the same role (APIs that require user/assistant alternation). */
export function mergeConsecutive(turns: readonly ChatMessage[]): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (const turn of turns) {
    const last = out.at(-1);
    if (last && last.role === turn.role) last.content = `${last.content}\n\n${turn.content}`;
    else out.push({ ...turn });
  }
  return out;
}

/** The model from the request, or the adapter's default. */
export function modelOf(request: Pick<ChatRequest, 'model'>, fallback: string): string {
  return request.model?.trim() || fallback;
}
