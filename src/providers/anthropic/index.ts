// Anthropic's Messages API (https://docs.anthropic.com/en/api/messages): `POST /v1/messages` with
// `stream: true`, the key in `x-api-key`, `anthropic-version: 2023-06-01`, and
// `anthropic-dangerous-direct-browser-access: true`, which Anthropic requires of calls made from a
// browser context (CORS; https://simonwillison.net/2024/Aug/23/anthropic-dangerous-direct-browser-access/).
// The system prompt is the top-level `system` field, not a message; `max_tokens` is required.
import { trimBase } from '../../shared/base-url';
import { ANTHROPIC_IMAGE_LIMITS } from '../../shared/image-cost';
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
import { parseMessageStream } from './stream';

const identity: ProviderIdentity = { id: 'anthropic', displayName: 'Anthropic' };
export const ANTHROPIC_VERSION = '2023-06-01';
export const DEFAULT_MODEL = 'claude-sonnet-4-5';
/** Required by the API; enough for a long chat answer on every current model. */
export const MAX_TOKENS = 8192;
export const DEFAULT_TIMEOUT_MS = 300_000;
const LIST_TIMEOUT_MS = 15_000;

function headers(apiKey: string, accept: string): Record<string, string> {
  return {
    accept,
    'x-api-key': apiKey,
    'anthropic-version': ANTHROPIC_VERSION,
    'anthropic-dangerous-direct-browser-access': 'true',
  };
}

export const anthropic: ProviderAdapter = {
  id: identity.id,
  displayName: identity.displayName,
  defaultBaseUrl: 'https://api.anthropic.com',
  capabilities: {
    auth: 'api-key',
    streaming: 'incremental',
    history: 'full',
    systemPrompt: true,
    models: 'listable',
    // Every current Claude model takes images (`image` blocks with a base64 source).
    input: { images: true, imageLimits: ANTHROPIC_IMAGE_LIMITS },
  },
  info: {
    runs: 'hosted',
    apiKey: 'required',
    docsUrl: 'https://docs.anthropic.com/en/api/messages',
    keysUrl: 'https://console.anthropic.com/settings/keys',
  },
  streamChat,
  listModels: async (context, signal, target) =>
    listModelPages(identity, context, signal, modelListing(target)),
};

export function messagesBody(request: ChatRequest): Record<string, unknown> {
  const { system, turns } = splitSystem(request);
  // The API wants alternating turns starting with the user; consecutive ones are joined.
  const body: Record<string, unknown> = {
    model: modelOf(request, DEFAULT_MODEL),
    max_tokens: MAX_TOKENS,
    messages: mergeConsecutive(turns).map((turn) =>
      turn.parts
        ? { role: turn.role, content: turn.parts.map(contentBlock) }
        : { role: turn.role, content: turn.content },
    ),
    stream: true,
  };
  if (system) body.system = system;
  if (request.temperature !== undefined) body.temperature = request.temperature;
  return body;
}

/**
 * A turn with attachments: a content array of `image` blocks with a base64 source and `text`
 * blocks (https://docs.anthropic.com/en/api/messages, `content` → "Image" with `source.type:
 * "base64"`; https://docs.anthropic.com/en/docs/build-with-claude/vision). Documents are text
 * blocks (documentBlock).
 */
function contentBlock(part: ContentPart): Record<string, unknown> {
  if (part.type === 'image') {
    return {
      type: 'image',
      source: { type: 'base64', media_type: part.mimeType, data: part.data },
    };
  }
  return { type: 'text', text: part.type === 'text' ? part.text : documentBlock(part) };
}

async function* streamChat(
  request: ChatRequest,
  context: ProviderContext,
): AsyncGenerator<ChatEvent> {
  const apiKey = requireKey(identity, request.apiKey);
  const base = trimBase(request.baseUrl || anthropic.defaultBaseUrl);
  yield* guarded(
    identity,
    request.signal,
    request.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    async function* (deadline) {
      const body = messagesBody(request);
      const response = await postStream(
        identity,
        context,
        {
          url: `${base}/v1/messages`,
          headers: headers(apiKey, 'text/event-stream'),
          body,
          toError: toError,
        },
        deadline,
      );
      yield { type: 'stream-start', model: body.model as string };
      yield* parseMessageStream(identity, readSse(response.body));
    },
  );
}

const toError = responseError(identity);

/**
 * `GET /v1/models` (https://docs.anthropic.com/en/api/models-list): `{data: [{id, display_name}],
 * has_more, last_id}`, newest first; pages follow with `after_id`.
 */
function modelListing(target: ModelListTarget | undefined): ModelListing {
  const base = trimBase(target?.baseUrl || anthropic.defaultBaseUrl);
  const key = requireKey(identity, target?.apiKey);
  return {
    url: (after) =>
      `${base}/v1/models?limit=1000${after ? `&after_id=${encodeURIComponent(after)}` : ''}`,
    headers: headers(key, 'application/json'),
    timeoutMs: LIST_TIMEOUT_MS,
    toError,
    read(body) {
      const page = body as { data?: unknown; has_more?: unknown; last_id?: unknown } | null;
      if (!Array.isArray(page?.data)) return undefined;
      const models: ModelInfo[] = [];
      for (const entry of page.data as { id?: unknown; display_name?: unknown }[]) {
        if (typeof entry?.id !== 'string') continue;
        models.push(
          typeof entry.display_name === 'string'
            ? { id: entry.id, name: entry.display_name }
            : { id: entry.id },
        );
      }
      const more = page.has_more === true && typeof page.last_id === 'string';
      return { models, next: more ? (page.last_id as string) : undefined };
    },
  };
}
