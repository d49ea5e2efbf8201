// Every message between the views and the background, declared once, with its direction.
// Everything here is JSON-safe (design.md, "Streaming", point 6): no Error, Map or Date objects.
// docs/protocol.md documents the same shapes with examples.
import type { WireError } from './errors';

/** The runtime.Port every chat view opens to the background. */
export const CHAT_PORT_NAME = 'chat/v1';

/** Marks a runtime.sendMessage request as ours. */
export const REQUEST_CHANNEL = 'parley/v1';

export type Reply<T> = { ok: true; value: T } | { ok: false; error: WireError };

/**
 * The request/response channel (view → background, answered by the background). Each entry is
 * `type: { params; result }`; the background's handler table must cover every key.
 */
export interface RequestMap {
  /** Liveness and version of the worker. */
  ping: { params: Record<string, never>; result: { version: string } };
  /**
   * Sends one message ("Say hello.") through a provider (or `auto`) with the current settings and
   * answers the reply's text, the time it took, and the provider that answered.
   */
  'provider-test': {
    params: { providerId: string };
    result: { latencyMs: number; text: string; providerId: string };
  };
  /** Every registered provider, in registry order, with its status (e.g. offline since …). */
  'providers-list': { params: Record<string, never>; result: ProviderInfo[] };
}

/**
 * What the views may know about a provider: the registry entry without its functions (the same
 * shapes as ProviderAdapter in src/providers/types.ts, which shared/ may not import).
 */
export interface ProviderInfo {
  id: string;
  displayName: string;
  defaultBaseUrl: string;
  capabilities: {
    auth: 'none' | 'api-key' | 'browser-cookies';
    streaming: 'incremental' | 'whole';
    history: 'full' | 'flattened' | 'last-message';
    systemPrompt: boolean;
    models: 'fixed' | 'static' | 'listable';
  };
  /** `working: false` with `checked` = the date it went offline. */
  status?: { working: boolean; checked: string; note: string };
  models?: Array<{ id: string; name?: string }>;
}

export type RequestType = keyof RequestMap;

export interface RequestEnvelope<K extends RequestType = RequestType> {
  channel: typeof REQUEST_CHANNEL;
  type: K;
  params: RequestMap[K]['params'];
}

export function isRequestEnvelope(value: unknown): value is RequestEnvelope {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { channel?: unknown }).channel === REQUEST_CHANNEL &&
    typeof (value as { type?: unknown }).type === 'string'
  );
}
