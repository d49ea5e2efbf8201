// Shaping a conversation for APIs that take the system prompt apart from the turns (Anthropic's
// top-level `system`, Gemini's `systemInstruction`) or that want strictly alternating turns.
import type { ChatMessage, ChatRequest, ContentPart } from '../types';

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
    } else turns.push(copyTurn(message));
  }
  return { system: system.length > 0 ? system.join('\n\n') : undefined, turns };
}

/** Joins consecutive turns of the same role (APIs that require user/assistant alternation). */
export function mergeConsecutive(turns: readonly ChatMessage[]): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (const turn of turns) {
    const last = out.at(-1);
    if (last && last.role === turn.role) {
      // Parts survive a merge: a turn without them is one text part.
      if (last.parts || turn.parts) last.parts = [...partsOf(last), ...partsOf(turn)];
      last.content = `${last.content}\n\n${turn.content}`;
    } else out.push(copyTurn(turn));
  }
  return out;
}

/** A message's parts, or its content as the one text part. */
export function partsOf(message: ChatMessage): ContentPart[] {
  return message.parts ?? [{ type: 'text', text: message.content }];
}

function copyTurn(message: ChatMessage): ChatMessage {
  return message.parts
    ? { role: message.role, content: message.content, parts: [...message.parts] }
    : { role: message.role, content: message.content };
}

/** The model from the request, or the adapter's default. */
export function modelOf(request: Pick<ChatRequest, 'model'>, fallback: string): string {
  return request.model?.trim() || fallback;
}
