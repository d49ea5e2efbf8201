// An Ollama server (https://github.com/ollama/ollama/blob/main/docs/api.md): `POST /api/chat`
// streams NDJSON, one `{model, created_at, message: {role, content, thinking?}, done: false}` object
// per line and a last `{done: true, done_reason, prompt_eval_count, eval_count, …}`; errors are
// `{error: "…"}`, also as a line inside a 200 stream. `GET /api/tags` lists installed models,
// `GET /api/version` answers `{version}`. Like the real server it rejects requests whose `Origin`
// is not a local one (or in `allowedOrigins`, Ollama's OLLAMA_ORIGINS) with an empty 403: that is
// the well-known 403 an extension's `Origin: chrome-extension://…` gets.
import tags from '../../src/providers/ollama/fixtures/tags.json';
import { imageNote } from './images';
import { respond, startScripted, type Reply, type ScriptedServer } from './scripted';

export const NDJSON = 'application/x-ndjson';

export interface OllamaServerOptions {
  version?: string;
  allowedOrigins?: string[];
  /** Ollama's own port (11434) stands in for a server the setup card finds by itself. */
  port?: number;
}

// Ollama's default allowed origins: localhost, 127.0.0.1 and 0.0.0.0, http or https, any port.
const LOCAL_ORIGIN = /^https?:\/\/(localhost|127\.0\.0\.1|0\.0\.0\.0)(:\d+)?$/;

export async function startOllamaServer(
  options: OllamaServerOptions = {},
): Promise<ScriptedServer> {
  return startScripted(async (request, response, take) => {
    const origin = request.headers.origin;
    if (
      typeof origin === 'string' &&
      !LOCAL_ORIGIN.test(origin) &&
      !options.allowedOrigins?.includes(origin)
    ) {
      return respond(response, { kind: 'text', status: 403, body: '' });
    }
    const path = request.path.split('?')[0];
    if (request.method === 'POST' && path === '/api/chat') {
      return respond(response, take() ?? echo(request.body));
    }
    if (request.method === 'GET' && path === '/api/tags') {
      return respond(response, { kind: 'json', status: 200, body: tags });
    }
    if (request.method === 'GET' && path === '/api/version') {
      return respond(response, {
        kind: 'json',
        status: 200,
        body: { version: options.version ?? '0.9.6' },
      });
    }
    if (request.method === 'GET' && path === '/') {
      return respond(response, { kind: 'text', status: 200, body: 'Ollama is running' });
    }
    return respond(response, { kind: 'text', status: 404, body: '404 page not found' });
  }, options.port);
}

/**
 * "You said: <last user message>", then each of its `images` (base64, docs/api.md "Chat request
 * (with images)") as the image it holds ("[image/png 2×1]"); data that is not an image gets the
 * server's 400 `{error}`.
 */
function echo(rawBody: string): Reply {
  const body = JSON.parse(rawBody) as {
    model?: string;
    messages?: { role: string; content: string; images?: string[] }[];
  };
  const message = body.messages?.filter((m) => m.role === 'user').at(-1);
  const notes = (message?.images ?? []).map((data) => sniff(data));
  if (notes.includes(undefined)) {
    return { kind: 'json', status: 400, body: { error: 'illegal base64 data at input byte 0' } };
  }
  const text = `You said: ${[message?.content ?? '', ...notes].join(' ')}`;
  return {
    kind: 'stream',
    contentType: NDJSON,
    chunks: ollamaLines({
      model: body.model ?? 'llama3.2:3b',
      text: [text.slice(0, 5), text.slice(5)],
    }),
  };
}

export interface OllamaScript {
  model?: string;
  text?: string[];
  thinking?: string[];
  doneReason?: string;
  promptEvalCount?: number;
  evalCount?: number;
  /** An `{error}` line after the text, instead of the done line. */
  error?: string;
  /** Whether to send the final `done: true` line (default true). */
  done?: boolean;
}

/** NDJSON lines (one string each) shaped like Ollama's /api/chat stream. */
export function ollamaLines(script: OllamaScript): string[] {
  const model = script.model ?? 'llama3.2:3b';
  const line = (message: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    `${JSON.stringify({ model, created_at: '2025-03-10T09:15:01.101Z', message: { role: 'assistant', ...message }, ...extra })}\n`;
  const lines: string[] = [];
  for (const piece of script.thinking ?? [])
    lines.push(line({ content: '', thinking: piece }, { done: false }));
  for (const piece of script.text ?? []) lines.push(line({ content: piece }, { done: false }));
  if (script.error !== undefined) {
    lines.push(`${JSON.stringify({ error: script.error })}\n`);
    return lines;
  }
  if (script.done !== false) {
    lines.push(
      line(
        { content: '' },
        {
          done_reason: script.doneReason ?? 'stop',
          done: true,
          total_duration: 1425398209,
          load_duration: 30251042,
          prompt_eval_count: script.promptEvalCount ?? 26,
          prompt_eval_duration: 245000000,
          eval_count: script.evalCount ?? 9,
          eval_duration: 1148000000,
        },
      ),
    );
  }
  return lines;
}

/** Ollama reads the image type from the bytes themselves; PNG and JPEG here. */
function sniff(data: string): string | undefined {
  return imageNote('image/png', data) ?? imageNote('image/jpeg', data);
}
