// An Anthropic Messages API server (https://docs.anthropic.com/en/api/messages-streaming):
// `POST /v1/messages` with `stream: true` answers SSE with named events — message_start (usage of
// the input), content_block_start/_delta/_stop (text_delta, thinking_delta, signature_delta), ping,
// message_delta (stop_reason, cumulative output usage), message_stop — and `event: error` inside a
// 200 stream. Errors otherwise are `{type: "error", error: {type, message}, request_id}`
// (https://docs.anthropic.com/en/api/errors). `GET /v1/models` lists models. Like the real API it
// requires `x-api-key` and `anthropic-version`.
import errors from '../../src/providers/anthropic/fixtures/errors.json';
import models from '../../src/providers/anthropic/fixtures/models.json';
import { imageNote } from './images';
import { respond, startScripted, type Reply, type ScriptedServer } from './scripted';
import { SSE } from './openai';

export async function startAnthropicServer(
  options: { apiKey?: string } = {},
): Promise<ScriptedServer> {
  const apiKey = options.apiKey ?? 'sk-ant-test';
  return startScripted(async (request, response, take) => {
    const path = request.path.split('?')[0];
    if (request.headers['x-api-key'] !== apiKey) {
      const { status, body } = errors['401-authentication'];
      return respond(response, { kind: 'json', status, body });
    }
    if (!request.headers['anthropic-version']) {
      return respond(response, {
        kind: 'json',
        status: 400,
        body: {
          type: 'error',
          error: {
            type: 'invalid_request_error',
            message: 'anthropic-version: header is required',
          },
        },
      });
    }
    if (request.method === 'POST' && path === '/v1/messages') {
      return respond(response, take() ?? echo(request.body));
    }
    if (request.method === 'GET' && path === '/v1/models') {
      return respond(response, { kind: 'json', status: 200, body: models });
    }
    return respond(response, {
      kind: 'json',
      status: 404,
      body: { type: 'error', error: { type: 'not_found_error', message: `Not found: ${path}` } },
    });
  });
}

type Block = {
  type: string;
  text?: string;
  source?: { type?: string; media_type?: string; data?: string };
};

/**
 * "You said: <last user message>". A content array is read block by block, an `image` block with a
 * base64 source as the image it holds ("[image/png 2×1]"); a bad one gets the API's 400
 * invalid_request_error (https://docs.anthropic.com/en/docs/build-with-claude/vision).
 */
function echo(rawBody: string): Reply {
  const body = JSON.parse(rawBody) as {
    model?: string;
    messages?: { role: string; content: string | Block[] }[];
  };
  const content = body.messages?.filter((m) => m.role === 'user').at(-1)?.content ?? '';
  const pieces = typeof content === 'string' ? [content] : content.map(blockText);
  if (pieces.includes(undefined)) {
    return {
      kind: 'json',
      status: 400,
      body: {
        type: 'error',
        error: {
          type: 'invalid_request_error',
          message: 'messages.0.content: image source must be base64 data of its media_type',
        },
      },
    };
  }
  const text = `You said: ${pieces.join(' ')}`;
  return {
    kind: 'stream',
    contentType: SSE,
    chunks: anthropicEvents({ model: body.model, text: [text.slice(0, 5), text.slice(5)] }),
  };
}

export interface AnthropicScript {
  model?: string | undefined;
  text?: string[];
  thinking?: string[];
  stopReason?: string;
  inputTokens?: number;
  outputTokens?: number;
  /** An `event: error` after the text, instead of the end of the message. */
  error?: { type: string; message: string };
  /** Whether to send message_stop (default true). */
  stop?: boolean;
}

const event = (name: string, data: unknown) => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;

/** SSE events (one string each) shaped like the Messages API stream. */
export function anthropicEvents(script: AnthropicScript): string[] {
  const events = [
    event('message_start', {
      type: 'message_start',
      message: {
        id: 'msg_mock',
        type: 'message',
        role: 'assistant',
        model: script.model ?? 'claude-sonnet-4-5-20250929',
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: script.inputTokens ?? 10, output_tokens: 1 },
      },
    }),
  ];
  let index = 0;
  if (script.thinking) {
    events.push(
      event('content_block_start', {
        type: 'content_block_start',
        index,
        content_block: { type: 'thinking', thinking: '' },
      }),
    );
    for (const piece of script.thinking) {
      events.push(
        event('content_block_delta', {
          type: 'content_block_delta',
          index,
          delta: { type: 'thinking_delta', thinking: piece },
        }),
      );
    }
    events.push(event('content_block_stop', { type: 'content_block_stop', index }));
    index++;
  }
  events.push(
    event('content_block_start', {
      type: 'content_block_start',
      index,
      content_block: { type: 'text', text: '' },
    }),
  );
  events.push(event('ping', { type: 'ping' }));
  for (const piece of script.text ?? []) {
    events.push(
      event('content_block_delta', {
        type: 'content_block_delta',
        index,
        delta: { type: 'text_delta', text: piece },
      }),
    );
  }
  if (script.error) {
    events.push(event('error', { type: 'error', error: script.error }));
    return events;
  }
  events.push(event('content_block_stop', { type: 'content_block_stop', index }));
  events.push(
    event('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: script.stopReason ?? 'end_turn', stop_sequence: null },
      usage: { output_tokens: script.outputTokens ?? 5 },
    }),
  );
  if (script.stop !== false) events.push(event('message_stop', { type: 'message_stop' }));
  return events;
}

function blockText(block: Block): string | undefined {
  if (block.type === 'text') return block.text ?? '';
  if (block.type === 'image' && block.source?.type === 'base64') {
    return imageNote(block.source.media_type ?? '', block.source.data ?? '');
  }
  return undefined;
}
