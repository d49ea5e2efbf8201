// One adapter for every service that speaks OpenAI's Chat Completions API, configured by presets
// (presets.ts). Wire format in README.md; decision on presets in
// docs/decisions/openai-compatible-presets.md.
import type {
  ChatEvent,
  ChatRequest,
  InputCapabilities,
  ProviderAdapter,
  ProviderContext,
} from '../types';
import { LOCAL_IMAGE_LIMITS, OPENAI_IMAGE_LIMITS, TEXT_ONLY } from '../../shared/image-cost';
import { guarded } from '../_shared/guarded';
import { apiError, type ProviderIdentity } from '../_shared/errors';
import { postStream } from '../_shared/api-request';
import { readSse } from '../_shared/streams';
import { responseError } from './errors';
import { listOpenAiModels } from './models';
import { CUSTOM_ID, OPENAI_PRESETS, type OpenAiPreset } from './presets';
import { chatBody, headersFor, normalizeBase } from './request';
import { parseChatStream } from './stream';

export { OPENAI_PRESETS, CUSTOM_ID, type OpenAiPreset } from './presets';
import { detectOpenAiCompatible } from './detect';

export { detectOpenAiCompatible };

/** Whole-reply limit when the settings give none; reasoning models can think for minutes. */
export const DEFAULT_TIMEOUT_MS = 300_000;

export function createOpenAiCompatible(preset: OpenAiPreset): ProviderAdapter {
  const identity: ProviderIdentity = { id: preset.id, displayName: preset.displayName };
  const adapter: ProviderAdapter = {
    id: preset.id,
    displayName: preset.displayName,
    defaultBaseUrl: preset.defaultBaseUrl,
    capabilities: {
      auth: preset.apiKey === 'required' ? 'api-key' : 'none',
      streaming: 'incremental',
      history: 'full',
      systemPrompt: true,
      models: 'listable',
      input: presetInput(preset),
    },
    info: {
      runs: preset.runs,
      apiKey: preset.apiKey,
      docsUrl: preset.docsUrl,
      ...(preset.keysUrl ? { keysUrl: preset.keysUrl } : {}),
      ...(preset.baseUrlRequired ? { baseUrlRequired: true } : {}),
    },
    ...(preset.id === CUSTOM_ID ? {} : { presetOf: CUSTOM_ID }),
    streamChat: (request, context) => streamChat(preset, identity, request, context),
    listModels: (context, signal, target) =>
      listOpenAiModels(
        identity,
        context,
        baseOrThrow(identity, target?.baseUrl || preset.defaultBaseUrl),
        target?.apiKey,
        signal,
      ),
    // Servers on this machine or the LAN are looked for on first run; hosted services are not.
    ...(preset.runs === 'local-server'
      ? {
          detect: (context: ProviderContext, signal: AbortSignal, baseUrl: string) =>
            detectOpenAiCompatible(context.fetch, baseUrl, signal),
        }
      : {}),
  };
  return adapter;
}

/**
 * Images as `image_url` content parts with a data URL. `images: 'all'` presets (OpenAI) take them
 * with every chat model; `'some'` depends on the model (OpenRouter, Groq, local servers, custom);
 * `'none'` takes text only (DeepSeek's API).
 */
function presetInput(preset: OpenAiPreset): InputCapabilities {
  const images = preset.images ?? 'some';
  if (images === 'none') return TEXT_ONLY;
  const imageLimits = preset.runs === 'local-server' ? LOCAL_IMAGE_LIMITS : OPENAI_IMAGE_LIMITS;
  return images === 'all'
    ? { images: true, imageLimits }
    : { images: true, imagesDependOnModel: true, imageLimits };
}

function baseOrThrow(identity: ProviderIdentity, baseUrl: string): string {
  const base = normalizeBase(baseUrl);
  if (!base) {
    throw apiError(identity, {
      code: 'bad-response',
      what: 'no base URL is set.',
      advice: 'Enter the server’s base URL (the part before /chat/completions) in the settings.',
      retryable: false,
    });
  }
  return base;
}

async function* streamChat(
  preset: OpenAiPreset,
  identity: ProviderIdentity,
  request: ChatRequest,
  context: ProviderContext,
): AsyncGenerator<ChatEvent> {
  const base = baseOrThrow(identity, request.baseUrl || preset.defaultBaseUrl);
  if (preset.apiKey === 'required' && !request.apiKey?.trim()) {
    throw apiError(identity, { code: 'auth-missing' });
  }
  yield* guarded(
    identity,
    request.signal,
    request.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    async function* (deadline) {
      const model =
        request.model?.trim() ||
        preset.defaultModel ||
        (await firstModel(identity, context, base, request.apiKey, deadline.signal));
      const response = await postStream(
        identity,
        context,
        {
          url: `${base}/chat/completions`,
          headers: headersFor(request.apiKey, 'text/event-stream'),
          body: chatBody(request, model, preset.streamUsageOption !== false),
          toError: responseError(identity),
          // A server that rejects the field (an older vLLM or LM Studio, a strict proxy): ask once
          // more without it; usage is then reported only if the server sends it on its own.
          retryBody: (status, text) =>
            preset.streamUsageOption !== false &&
            (status === 400 || status === 422) &&
            /stream_options/.test(text)
              ? chatBody(request, model, false)
              : undefined,
        },
        deadline,
      );
      yield { type: 'stream-start', model };
      yield* parseChatStream(identity, readSse(response.body));
    },
  );
}

/** For servers with no default model (LM Studio, llama.cpp, vLLM, custom): the first one listed. */
async function firstModel(
  identity: ProviderIdentity,
  context: ProviderContext,
  base: string,
  apiKey: string | undefined,
  signal: AbortSignal,
): Promise<string> {
  const models = await listOpenAiModels(identity, context, base, apiKey, signal);
  const first = models[0];
  if (!first) {
    throw apiError(identity, {
      code: 'bad-response',
      what: 'the server lists no models.',
      advice: 'Load a model in the server, or enter a model name in the settings.',
      retryable: false,
    });
  }
  return first.id;
}

/** Every OpenAI-compatible entry of the registry: the presets and the custom URL. */
export const openAiCompatibleProviders: readonly ProviderAdapter[] =
  OPENAI_PRESETS.map(createOpenAiCompatible);
