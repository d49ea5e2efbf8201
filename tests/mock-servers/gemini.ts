// A Gemini API server (https://ai.google.dev/api/generate-content#method:-models.streamgeneratecontent):
// `POST /v1beta/models/{model}:streamGenerateContent?alt=sse` answers SSE (CRLF line ends, as the
// real API) whose `data:` is a GenerateContentResponse: `candidates[0].content.parts[].text` (parts
// with `thought: true` are thought summaries), `finishReason` on the last one, `usageMetadata`
// (cumulative), or `promptFeedback.blockReason` when the prompt is blocked. There is no end marker.
// Errors are `{error: {code, message, status, details}}`
// (https://ai.google.dev/gemini-api/docs/troubleshooting). The key goes in `x-goog-api-key`: a
// wrong key gets 400 API_KEY_INVALID, none gets 403, as the real API answers. `GET /v1beta/models`
// lists models in pages (`pageToken` / `nextPageToken`).
import errors from '../../src/providers/gemini/fixtures/errors.json';
import page1 from '../../src/providers/gemini/fixtures/models-page-1.json';
import page2 from '../../src/providers/gemini/fixtures/models-page-2.json';
import { imageNote } from './images';
import { respond, startScripted, type Reply, type ScriptedServer } from './scripted';
import { SSE } from './openai';

export async function startGeminiServer(
  options: { apiKey?: string } = {},
): Promise<ScriptedServer> {
  const apiKey = options.apiKey ?? 'AIza-test';
  return startScripted(async (request, response, take) => {
    const url = new URL(request.path, 'http://mock');
    const key = request.headers['x-goog-api-key'];
    if (key === undefined) {
      const { status, body } = errors['403-permission-denied'];
      return respond(response, { kind: 'json', status, body });
    }
    if (key !== apiKey) {
      const { status, body } = errors['400-api-key-invalid'];
      return respond(response, { kind: 'json', status, body });
    }
    const chat = /^\/v1beta\/models\/([^/:]+):streamGenerateContent$/.exec(url.pathname);
    if (request.method === 'POST' && chat && url.searchParams.get('alt') === 'sse') {
      return respond(response, take() ?? echo(request.body));
    }
    if (request.method === 'GET' && url.pathname === '/v1beta/models') {
      const token = url.searchParams.get('pageToken');
      return respond(response, {
        kind: 'json',
        status: 200,
        body: token === page1.nextPageToken ? page2 : page1,
      });
    }
    return respond(response, {
      kind: 'json',
      status: 404,
      body: {
        error: { code: 404, message: `Method not found: ${url.pathname}`, status: 'NOT_FOUND' },
      },
    });
  });
}

type Part = {
  text?: string;
  inline_data?: { mime_type?: string; data?: string };
  inlineData?: { mimeType?: string; data?: string };
};

/**
 * "You said: <last user turn>". An `inline_data` part (or `inlineData`: the API takes either
 * spelling) is read as the image it holds ("[image/png 2×1]"); a bad one gets the API's 400
 * INVALID_ARGUMENT (https://ai.google.dev/gemini-api/docs/image-understanding).
 */
function echo(rawBody: string): Reply {
  const body = JSON.parse(rawBody) as { contents?: { role: string; parts: Part[] }[] };
  const parts = body.contents?.filter((c) => c.role === 'user').at(-1)?.parts ?? [];
  const pieces = parts.map(partText);
  if (pieces.includes(undefined)) {
    return {
      kind: 'json',
      status: 400,
      body: {
        error: {
          code: 400,
          message: 'Unable to process input image. Please retry or report in the forum.',
          status: 'INVALID_ARGUMENT',
        },
      },
    };
  }
  const hasImage = parts.some((p) => p.inline_data || p.inlineData);
  const text = `You said: ${pieces.join(hasImage ? ' ' : '')}`;
  return {
    kind: 'stream',
    contentType: SSE,
    chunks: geminiEvents({ text: [text.slice(0, 5), text.slice(5)] }),
  };
}

export interface GeminiScript {
  text?: string[];
  thoughts?: string[];
  finishReason?: string | null;
  usage?: Record<string, number>;
  /** An `{error}` event after the text. */
  error?: { code: number; message: string; status: string };
}

const data = (value: unknown) => `data: ${JSON.stringify(value)}\r\n\r\n`;

/** SSE events (one string each) shaped like streamGenerateContent?alt=sse. */
export function geminiEvents(script: GeminiScript): string[] {
  const meta = { modelVersion: 'gemini-2.5-flash', responseId: 'mock-response' };
  const pieces = [
    ...(script.thoughts ?? []).map((text) => ({ text, thought: true })),
    ...(script.text ?? []).map((text) => ({ text })),
  ];
  const events = pieces.map((part, i) => {
    const candidate: Record<string, unknown> = {
      content: { parts: [part], role: 'model' },
      index: 0,
    };
    const last = i === pieces.length - 1 && !script.error;
    if (last && script.finishReason !== null)
      candidate.finishReason = script.finishReason ?? 'STOP';
    const usage = last
      ? (script.usage ?? { promptTokenCount: 4, candidatesTokenCount: 6, totalTokenCount: 10 })
      : { promptTokenCount: 4, totalTokenCount: 4 };
    return data({ candidates: [candidate], usageMetadata: usage, ...meta });
  });
  if (script.error) events.push(data({ error: script.error }));
  return events;
}

function partText(part: Part): string | undefined {
  if (part.text !== undefined) return part.text;
  const blob = part.inline_data
    ? { mimeType: part.inline_data.mime_type, data: part.inline_data.data }
    : part.inlineData;
  if (blob) return imageNote(blob.mimeType ?? '', blob.data ?? '');
  return undefined;
}
