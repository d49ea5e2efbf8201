// The request: `POST <base>/chat/completions` with `stream: true`
// (https://platform.openai.com/docs/api-reference/chat/create). `stream_options.include_usage`
// asks for one more chunk with the token usage before `data: [DONE]`
// (https://platform.openai.com/docs/api-reference/chat/create#chat-create-stream_options).
import { trimBase } from '../../shared/base-url';
import { dataUrlOf, documentBlock } from '../../shared/content-parts';
import type { ChatRequest, ContentPart } from '../types';

/** The base URL by the one rule (see presets.ts): no trailing slash, no `/chat/completions`. */
export function normalizeBase(baseUrl: string): string {
  return trimBase(baseUrl)
    .replace(/\/chat\/completions$/, '')
    .replace(/\/models$/, '');
}

export function headersFor(apiKey: string | undefined, accept: string): Record<string, string> {
  const headers: Record<string, string> = { accept };
  // Only when a key is set: local servers (LM Studio, llama.cpp, vLLM) run without one.
  if (apiKey?.trim()) headers.authorization = `Bearer ${apiKey.trim()}`;
  return headers;
}

/**
 * A user message with attachments: a content array of `text` and `image_url` parts, the image as
 * a base64 data URL (https://platform.openai.com/docs/api-reference/chat/create, "User message" →
 * "Array of content parts"; https://platform.openai.com/docs/guides/images-vision, "Base64-encoded
 * images"). Documents are text parts (documentBlock).
 */
export type ContentItem =
  { type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string } };

export interface ChatBody {
  model: string;
  messages: { role: string; content: string | ContentItem[] }[];
  stream: true;
  stream_options?: { include_usage: true };
  temperature?: number;
}

export function chatBody(request: ChatRequest, model: string, includeUsage: boolean): ChatBody {
  const messages: ChatBody['messages'] = [];
  if (request.system?.trim()) messages.push({ role: 'system', content: request.system });
  for (const message of request.messages) {
    messages.push({
      role: message.role,
      content: message.parts ? message.parts.map(contentItem) : message.content,
    });
  }
  const body: ChatBody = { model, messages, stream: true };
  if (includeUsage) body.stream_options = { include_usage: true };
  if (request.temperature !== undefined) body.temperature = request.temperature;
  return body;
}

function contentItem(part: ContentPart): ContentItem {
  if (part.type === 'image') return { type: 'image_url', image_url: { url: dataUrlOf(part) } };
  return { type: 'text', text: part.type === 'text' ? part.text : documentBlock(part) };
}
