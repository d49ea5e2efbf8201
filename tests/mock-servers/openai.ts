// An OpenAI-compatible server (https://platform.openai.com/docs/api-reference/chat/streaming):
// `POST …/chat/completions` streams `chat.completion.chunk` objects as SSE `data:` lines and ends
// with `data: [DONE]`; with `stream_options.include_usage` one more chunk with empty `choices` and
// the `usage` comes before [DONE]. `GET …/models` lists models. Any path prefix works (`/v1`,
// `/api/v1`, `/openai/v1`), as with the real presets. With `apiKey` set it answers 401 with OpenAI's
// documented body unless `Authorization: Bearer <apiKey>` is sent.
import errors from '../../src/providers/openai-compatible/fixtures/errors.json';
import { dataUrlNote } from './images';
import { respond, startScripted, type Reply, type ScriptedServer } from './scripted';

export const SSE = 'text/event-stream; charset=utf-8';

export interface OpenAiServerOptions {
  apiKey?: string;
  models?: string[];
}

export async function startOpenAiServer(
  options: OpenAiServerOptions = {},
): Promise<ScriptedServer> {
  const models = options.models ?? ['gpt-4o-mini', 'gpt-4o'];
  return startScripted(async (request, response, take) => {
    if (options.apiKey && request.headers.authorization !== `Bearer ${options.apiKey}`) {
      const { status, body } = errors['401-invalid-key'];
      return respond(response, { kind: 'json', status, body });
    }
    const path = request.path.split('?')[0] ?? '';
    if (request.method === 'POST' && path.endsWith('/chat/completions')) {
      return respond(response, take() ?? echo(request.body));
    }
    if (request.method === 'GET' && path.endsWith('/models')) {
      return respond(response, {
        kind: 'json',
        status: 200,
        body: {
          object: 'list',
          data: models.map((id) => ({
            id,
            object: 'model',
            created: 1715367049,
            owned_by: 'system',
          })),
        },
      });
    }
    return respond(response, {
      kind: 'json',
      status: 404,
      body: {
        error: {
          message: `Invalid URL (${request.method} ${path})`,
          type: 'invalid_request_error',
          param: null,
          code: null,
        },
      },
    });
  });
}

type ContentItem = { type: string; text?: string; image_url?: { url?: string } };

/**
 * The default answer: "You said: <last user message>", streamed in pieces with usage. A content
 * array (https://platform.openai.com/docs/api-reference/chat/create, "Array of content parts") is
 * read part by part, an `image_url` data URL as the image it holds ("[image/png 2×1]"); one that
 * is not a valid image gets the API's 400.
 */
function echo(rawBody: string): Reply {
  const body = JSON.parse(rawBody) as {
    model?: string;
    messages?: { role: string; content: string | ContentItem[] }[];
    stream_options?: { include_usage?: boolean };
  };
  const content = body.messages?.filter((m) => m.role === 'user').at(-1)?.content ?? '';
  const pieces = typeof content === 'string' ? [content] : content.map(itemText);
  if (pieces.includes(undefined)) {
    return {
      kind: 'json',
      status: 400,
      body: {
        error: {
          message: 'Invalid image: the image_url is not a base64 data URL of a supported image.',
          type: 'invalid_request_error',
          param: null,
          code: 'invalid_image_url',
        },
      },
    };
  }
  const text = `You said: ${pieces.join(' ')}`;
  return {
    kind: 'stream',
    contentType: SSE,
    chunks: openAiStream({
      model: body.model ?? 'mock-model',
      text: [text.slice(0, 5), text.slice(5)],
      usage: body.stream_options?.include_usage
        ? { prompt_tokens: 7, completion_tokens: 5, total_tokens: 12 }
        : undefined,
    }),
  };
}

export interface OpenAiStreamScript {
  model?: string;
  text?: string[];
  /** Reasoning pieces, sent before the text in the given field. */
  reasoning?: string[];
  reasoningField?: 'reasoning_content' | 'reasoning';
  finish?: string | null;
  usage?: Record<string, unknown>;
  /** Sends an `{error}` event after the text, as OpenAI and OpenRouter do mid-stream, and stops. */
  error?: Record<string, unknown>;
  /** Whether to end with `data: [DONE]` (default true). */
  done?: boolean;
}

/** SSE events (one string each) shaped like OpenAI's chunks. */
export function openAiStream(script: OpenAiStreamScript): string[] {
  const base = {
    id: 'chatcmpl-mock',
    object: 'chat.completion.chunk',
    created: 1741570283,
    model: script.model ?? 'mock-model',
  };
  const chunk = (delta: Record<string, unknown>, finish: string | null = null, extra = {}) =>
    `data: ${JSON.stringify({
      ...base,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
      ...extra,
    })}\n\n`;
  const events = [chunk({ role: 'assistant', content: '' })];
  for (const piece of script.reasoning ?? []) {
    events.push(chunk({ content: null, [script.reasoningField ?? 'reasoning_content']: piece }));
  }
  for (const piece of script.text ?? []) events.push(chunk({ content: piece }));
  if (script.error) {
    events.push(`data: ${JSON.stringify({ ...base, error: script.error, choices: [] })}\n\n`);
    return events;
  }
  if (script.finish !== null) events.push(chunk({}, script.finish ?? 'stop'));
  if (script.usage) {
    events.push(`data: ${JSON.stringify({ ...base, choices: [], usage: script.usage })}\n\n`);
  }
  if (script.done !== false) events.push('data: [DONE]\n\n');
  return events;
}

function itemText(item: ContentItem): string | undefined {
  if (item.type === 'text') return item.text ?? '';
  if (item.type === 'image_url') return dataUrlNote(item.image_url?.url ?? '');
  return undefined;
}
