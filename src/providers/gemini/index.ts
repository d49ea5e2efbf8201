// Google's Gemini API (https://ai.google.dev/api/generate-content): `POST
// {base}/v1beta/models/{model}:streamGenerateContent?alt=sse` with the key in `x-goog-api-key` (a
// header, not the `?key=` query, so it stays out of logs). Turns are `contents` with roles `user`
// and `model`, each with `parts: [{text}]`; the system prompt is `systemInstruction`.
import { trimBase } from '../../shared/base-url';
import { GEMINI_IMAGE_LIMITS } from '../../shared/image-cost';
import { documentBlock } from '../../shared/content-parts';
import type {
  ChatEvent,
  ChatRequest,
  ContentPart,
  ProviderAdapter,
  ProviderContext,
} from '../types';
import type { ModelInfo, ModelListTarget } from '../types';
import { guarded } from '../_shared/guarded';
import { requireKey, type ProviderIdentity } from '../_shared/errors';
import { listModelPages, postStream, type ModelListing } from '../_shared/api-request';
import { mergeConsecutive, modelOf, splitSystem } from '../_shared/messages';
import { readSse } from '../_shared/streams';
import { responseError } from './errors';
import { parseGenerateStream } from './stream';

const identity: ProviderIdentity = { id: 'gemini', displayName: 'Google Gemini' };
export const DEFAULT_MODEL = 'gemini-2.5-flash';
export const DEFAULT_TIMEOUT_MS = 300_000;
const LIST_TIMEOUT_MS = 15_000;

export const gemini: ProviderAdapter = {
  id: identity.id,
  displayName: identity.displayName,
  defaultBaseUrl: 'https://generativelanguage.googleapis.com',
  capabilities: {
    auth: 'api-key',
    streaming: 'incremental',
    history: 'full',
    systemPrompt: true,
    models: 'listable',
    // Gemini models are multimodal: images go as `inline_data` parts.
    input: { images: true, imageLimits: GEMINI_IMAGE_LIMITS },
  },
  info: {
    runs: 'hosted',
    apiKey: 'required',
    docsUrl: 'https://ai.google.dev/api/generate-content',
    keysUrl: 'https://aistudio.google.com/app/apikey',
  },
  streamChat,
  listModels: async (context, signal, target) =>
    listModelPages(identity, context, signal, modelListing(target)),
};

/** `gemini-2.5-flash` or `models/gemini-2.5-flash` → the path segment after /v1beta/models/. */
function modelPath(model: string): string {
  return encodeURIComponent(model.replace(/^models\//, ''));
}

export function generateBody(request: ChatRequest): Record<string, unknown> {
  const { system, turns } = splitSystem(request);
  const body: Record<string, unknown> = {
    contents: mergeConsecutive(turns).map((turn) => ({
      role: turn.role === 'assistant' ? 'model' : 'user',
      parts: turn.parts ? turn.parts.map(geminiPart) : [{ text: turn.content }],
    })),
  };
  if (system) body.systemInstruction = { parts: [{ text: system }] };
  if (request.temperature !== undefined)
    body.generationConfig = { temperature: request.temperature };
  return body;
}

/**
 * A part of a turn with attachments: images as `inline_data` with the MIME type and base64 data
 * (https://ai.google.dev/gemini-api/docs/image-understanding, "Passing inline image data";
 * https://ai.google.dev/api/caching#Blob), text and documents (documentBlock) as `text`.
 */
function geminiPart(part: ContentPart): Record<string, unknown> {
  if (part.type === 'image') return { inline_data: { mime_type: part.mimeType, data: part.data } };
  return { text: part.type === 'text' ? part.text : documentBlock(part) };
}

async function* streamChat(
  request: ChatRequest,
  context: ProviderContext,
): AsyncGenerator<ChatEvent> {
  const apiKey = requireKey(identity, request.apiKey);
  const base = trimBase(request.baseUrl || gemini.defaultBaseUrl);
  const model = modelOf(request, DEFAULT_MODEL).replace(/^models\//, '');
  yield* guarded(
    identity,
    request.signal,
    request.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    async function* (deadline) {
      const response = await postStream(
        identity,
        context,
        {
          url: `${base}/v1beta/models/${modelPath(model)}:streamGenerateContent?alt=sse`,
          headers: { accept: 'text/event-stream', 'x-goog-api-key': apiKey },
          body: generateBody(request),
          toError,
        },
        deadline,
      );
      yield { type: 'stream-start', model };
      yield* parseGenerateStream(identity, readSse(response.body));
    },
  );
}

const toError = responseError(identity);

/**
 * `GET /v1beta/models` (https://ai.google.dev/api/models#method:-models.list): pages of `{models:
 * [{name: "models/…", displayName, supportedGenerationMethods}], nextPageToken}`. Only models that
 * can `generateContent` are chat models.
 */
function modelListing(target: ModelListTarget | undefined): ModelListing {
  const base = trimBase(target?.baseUrl || gemini.defaultBaseUrl);
  const key = requireKey(identity, target?.apiKey);
  return {
    url: (token) =>
      `${base}/v1beta/models?pageSize=1000${token ? `&pageToken=${encodeURIComponent(token)}` : ''}`,
    headers: { accept: 'application/json', 'x-goog-api-key': key },
    timeoutMs: LIST_TIMEOUT_MS,
    toError,
    read(body) {
      const page = body as { models?: unknown; nextPageToken?: unknown } | null;
      if (!Array.isArray(page?.models)) return undefined;
      const models: ModelInfo[] = [];
      for (const entry of page.models as {
        name?: unknown;
        displayName?: unknown;
        supportedGenerationMethods?: unknown;
      }[]) {
        if (typeof entry?.name !== 'string') continue;
        const methods = Array.isArray(entry.supportedGenerationMethods)
          ? entry.supportedGenerationMethods
          : [];
        if (!methods.includes('generateContent')) continue;
        const id = entry.name.replace(/^models\//, '');
        models.push(
          typeof entry.displayName === 'string' ? { id, name: entry.displayName } : { id },
        );
      }
      const next = typeof page.nextPageToken === 'string' ? page.nextPageToken : undefined;
      return { models, next };
    },
  };
}
