// Ollama's native API (https://github.com/ollama/ollama/blob/main/docs/api.md): /api/chat streams
// NDJSON, /api/tags lists installed models, /api/version answers detection. No key; the
// extension's Origin is rewritten by a header rule because Ollama rejects foreign origins.
import { trimBase } from '../../shared/base-url';
import { LOCAL_IMAGE_LIMITS } from '../../shared/image-cost';
import type {
  ChatEvent,
  ChatRequest,
  HeaderRule,
  ModelInfo,
  ProviderAdapter,
  ProviderContext,
} from '../types';
import { guarded } from '../_shared/guarded';
import { apiError, type ProviderIdentity } from '../_shared/errors';
import { listModelPages, postStream } from '../_shared/api-request';
import { readLines } from '../_shared/streams';
import { responseError } from './errors';
import { parseChatLines } from './stream';

import { detectOllama } from './detect';

export { detectOllama };

const identity: ProviderIdentity = { id: 'ollama', displayName: 'Ollama' };
export const DEFAULT_TIMEOUT_MS = 600_000; // a local model may first need to load from disk
const LIST_TIMEOUT_MS = 10_000;

export const ollama: ProviderAdapter = {
  id: identity.id,
  displayName: identity.displayName,
  defaultBaseUrl: 'http://localhost:11434',
  capabilities: {
    auth: 'none',
    streaming: 'incremental',
    history: 'full',
    systemPrompt: true,
    models: 'listable',
    // `images` on a message, "for multimodal models such as llava" (docs/api.md): a text-only
    // model's server answers with its own error.
    input: { images: true, imagesDependOnModel: true, imageLimits: LOCAL_IMAGE_LIMITS },
  },
  info: {
    runs: 'local-server',
    apiKey: 'none',
    docsUrl: 'https://github.com/ollama/ollama/blob/main/docs/api.md',
  },
  requestHeaderRules(baseUrl: URL): HeaderRule[] {
    // Ollama trusts its own origins (localhost, 127.0.0.1, 0.0.0.0 on any port) and answers 403 to
    // `chrome-extension://…`. Sending the server's own origin passes that check.
    return [{ header: 'Origin', operation: 'set', value: baseUrl.origin }];
  },
  streamChat,
  listModels: (context, signal, target) =>
    listOllamaModels(context, trimBase(target?.baseUrl || ollama.defaultBaseUrl), signal),
  detect: (context, signal, baseUrl) => detectOllama(context.fetch, baseUrl, signal),
};

/**
 * `POST /api/chat`'s body. A message with images carries them as `images`, a list of base64
 * strings, beside its `content` (the text, documents as blocks) — "for multimodal models such as
 * llava" (https://github.com/ollama/ollama/blob/main/docs/api.md#chat-request-with-images).
 */
export function chatBody(request: ChatRequest, model: string): Record<string, unknown> {
  const messages: { role: string; content: string; images?: string[] }[] = [];
  if (request.system?.trim()) messages.push({ role: 'system', content: request.system });
  for (const m of request.messages) {
    const images = (m.parts ?? []).flatMap((part) => (part.type === 'image' ? [part.data] : []));
    messages.push(
      images.length > 0
        ? { role: m.role, content: m.content, images }
        : { role: m.role, content: m.content },
    );
  }
  const body: Record<string, unknown> = { model, messages, stream: true };
  if (request.temperature !== undefined) body.options = { temperature: request.temperature };
  return body;
}

async function* streamChat(
  request: ChatRequest,
  context: ProviderContext,
): AsyncGenerator<ChatEvent> {
  const base = trimBase(request.baseUrl || ollama.defaultBaseUrl);
  yield* guarded(
    identity,
    request.signal,
    request.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    async function* (deadline) {
      let model = request.model?.trim();
      model ||= await firstModel(context, base, deadline.signal);
      const body = chatBody(request, model);
      const response = await postStream(
        identity,
        context,
        {
          url: `${base}/api/chat`,
          headers: { accept: 'application/x-ndjson' },
          body,
          toError: responseError(identity, model),
        },
        deadline,
      );
      yield { type: 'stream-start', model };
      yield* parseChatLines(identity, readLines(response.body));
    },
  );
}

/** `GET /api/tags`: `{models: [{name, model, modified_at, size, digest, details}]}`; one page. */
function listOllamaModels(
  context: ProviderContext,
  base: string,
  signal: AbortSignal,
): Promise<ModelInfo[]> {
  return listModelPages(identity, context, signal, {
    url: () => `${base}/api/tags`,
    timeoutMs: LIST_TIMEOUT_MS,
    toError: responseError(identity),
    notAList: 'the model list was not in Ollama’s format.',
    read(body) {
      const models = (body as { models?: unknown } | undefined)?.models;
      if (!Array.isArray(models)) return undefined;
      return {
        models: models.flatMap((entry: unknown) => {
          const name = (entry as { name?: unknown } | null)?.name;
          return typeof name === 'string' && name ? [{ id: name }] : [];
        }),
      };
    },
  });
}

async function firstModel(
  context: ProviderContext,
  base: string,
  signal: AbortSignal,
): Promise<string> {
  const first = (await listOllamaModels(context, base, signal))[0];
  if (!first) {
    throw apiError(identity, {
      code: 'bad-response',
      what: 'no model is installed.',
      advice: 'Run “ollama pull llama3.2” (or another model), then try again.',
      retryable: false,
    });
  }
  return first.id;
}
