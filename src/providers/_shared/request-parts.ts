// Small pieces every seed adapter needs to build a request: the system prompt from settings folded
// into the conversation, and the model the five seed providers serve (spec "Rules common to all
// five": none forwards the caller's model).
import type { ChatMessage } from '../types';

/** The one model every seed provider serves; the caller's model is never forwarded. */
export const FIXED_MODEL = 'gpt-3.5-turbo';

/**
 * The conversation with the system prompt from settings in front of it, when there is one. Every
 * seed provider takes system messages as part of its list (or its flattened prompt), so a setting
 * is sent the same way a system message in the conversation would be.
 */
export function withSystemPrompt(messages: readonly ChatMessage[], system?: string): ChatMessage[] {
  const list = messages.map(({ role, content }) => ({ role, content }));
  if (system === undefined || system.trim() === '') return list;
  return [{ role: 'system', content: system }, ...list];
}

/** The content of the last message (the new user message), or '' for an empty conversation. */
export function lastContent(messages: readonly ChatMessage[]): string {
  return messages.at(-1)?.content ?? '';
}
