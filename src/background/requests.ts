// The request/response channel: one handler per RequestMap entry. The mapped type makes the
// compiler reject a handler table that misses a request type.
import type { Reply, RequestMap, RequestType } from '../shared/protocol';
import { toWireError } from '../shared/errors';

export type RequestHandlers = {
  [K in RequestType]: (params: RequestMap[K]['params']) => Promise<RequestMap[K]['result']>;
};

export async function answerRequest<K extends RequestType>(
  handlers: RequestHandlers,
  type: K,
  params: RequestMap[K]['params'],
): Promise<Reply<RequestMap[K]['result']>> {
  const handler = handlers[type] as RequestHandlers[K] | undefined;
  if (!handler) {
    return {
      ok: false,
      error: { code: 'unknown', message: `Unknown request: ${String(type)}`, retryable: false },
    };
  }
  try {
    return { ok: true, value: await handler(params) };
  } catch (error) {
    return { ok: false, error: toWireError(error) };
  }
}
