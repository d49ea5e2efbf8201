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
