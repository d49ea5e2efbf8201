// The five seed providers (docs/providers/legacy-providers.md) are one shape: a fixed model, a
// POST built exactly as the spec gives it, header rules for what fetch() may not set, the browser's
// cookies sent along, and a reply read in the service's own framing. This factory is that shape; a
// seed folder declares only what is its own (docs/adding-a-provider.md, "A legacy web provider").
import type {
  ChatEvent,
  ChatMessage,
  ChatRequest,
  HeaderRule,
  ProviderAdapter,
  ProviderCapabilities,
  ProviderContext,
  ProviderError,
} from '../types';
import type { ProviderIdentity } from './errors';
import { guarded } from './guarded';
import { send } from './http';
import { trimBase } from '../../shared/base-url';
import { plainTextReply } from './plain-text';
import { TEXT_ONLY } from '../../shared/image-cost';
import { FIXED_MODEL, withSystemPrompt } from './request-parts';

/** The wire request: everything but the method, the deadline and `credentials: 'include'`. */
export interface SeedRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface SeedSpec extends ProviderIdentity {
  defaultBaseUrl: string;
  /** Default: no auth, incremental, full history (a service that streams its text). */
  capabilities?: Pick<ProviderCapabilities, 'auth' | 'streaming' | 'history'>;
  /** The day the public service was last seen answering (its status says "offline since"). */
  offlineSince: string;
  /** Added to the status note: what else a mirror needs (`it needs a session (cookies) there`). */
  noteExtra?: string;
  /** Whole-reply limit when the settings give none. */
  timeoutMs: number;
  /**
   * The request for `messages` (system prompt from settings already folded in) at the base URL `B`
   * (no trailing slash).
   */
  request(base: string, messages: ChatMessage[], chat: ChatRequest): SeedRequest;
  /** Origin, Referer, User-Agent and the like, which fetch() may not set (declarative rules). */
  headerRules(baseUrl: URL): HeaderRule[];
  /** Checks before anything is sent (Aichat's cookie check); throws a ProviderError to refuse. */
  beforeSend?(base: string, context: ProviderContext): Promise<void>;
  /** Maps a non-2xx answer itself; without it the generic HTTP mapping applies. */
  httpError?(provider: ProviderIdentity, response: Response): Promise<ProviderError>;
  /**
   * Reads the reply. `incremental` adapters yield deltas and `finish`; `whole` ones answer the
   * text, sent as one delta. Default: raw text streamed until the body ends (plainTextReply).
   */
  reply?:
    | {
        kind: 'stream';
        read(provider: ProviderIdentity, response: Response): AsyncIterable<ChatEvent>;
      }
    | { kind: 'whole'; read(provider: ProviderIdentity, response: Response): Promise<string> };
}

export function seedAdapter(spec: SeedSpec): ProviderAdapter {
  const identity: ProviderIdentity = { id: spec.id, displayName: spec.displayName };
  const host = new URL(spec.defaultBaseUrl).host;

  async function* streamChat(
    request: ChatRequest,
    context: ProviderContext,
  ): AsyncGenerator<ChatEvent> {
    const base = trimBase(request.baseUrl);
    const reply = spec.reply ?? { kind: 'stream', read: plainTextReply };
    const messages = withSystemPrompt(request.messages, request.system);
    yield* guarded(
      identity,
      request.signal,
      request.timeoutMs ?? spec.timeoutMs,
      async function* (deadline) {
        if (spec.beforeSend) {
          await spec.beforeSend(base, context);
          request.signal.throwIfAborted();
        }
        const wire = spec.request(base, messages, request);
        const response = await send(
          identity,
          context,
          wire.url,
          { method: 'POST', headers: wire.headers, body: wire.body, credentials: 'include' },
          deadline,
          { acceptAnyStatus: spec.httpError !== undefined },
        );
        if (!response.ok && spec.httpError) throw await spec.httpError(identity, response);
        if (reply.kind === 'stream') {
          yield { type: 'stream-start', model: FIXED_MODEL };
          yield* reply.read(identity, response);
          return;
        }
        const answer = await reply.read(identity, response);
        yield { type: 'stream-start', model: FIXED_MODEL };
        yield { type: 'text-delta', delta: answer };
        yield { type: 'finish', reason: 'stop' };
      },
    );
  }

  return {
    ...identity,
    defaultBaseUrl: spec.defaultBaseUrl,
    capabilities: {
      ...(spec.capabilities ?? { auth: 'none', streaming: 'incremental', history: 'full' }),
      systemPrompt: true,
      models: 'fixed',
      // The seed services take text only (spec "Rules common to all five"); documents still go,
      // as text blocks in the message.
      input: TEXT_ONLY,
    },
    status: {
      working: false,
      checked: spec.offlineSince,
      note: `The public service at ${host} has been offline since ${spec.offlineSince}. Set a base URL to use a mirror or a compatible server${spec.noteExtra ? `; ${spec.noteExtra}` : ''}.`,
    },
    models: [{ id: FIXED_MODEL }],
    info: { runs: 'hosted', apiKey: 'none' },
    requestHeaderRules: spec.headerRules,
    streamChat,
  };
}
