// Aichat emulator (spec sections 4 and 5; the newer and the legacy form share the wire): POST
// /api/text answers one JSON object `{response: true, message}`. GET /chat is the site's page: it
// sets a session cookie, as passing the real site's check did, so e2e tests can visit it in a tab.
import { startEmulator, type Emulator } from './emulator';

export const AICHAT_REPLY = 'Hello from the Aichat mock! Привет, 世界 👋';
export const SESSION_COOKIE = 'aichat_session';

export type AichatBehaviour =
  /** `{"response": false, …}`: the error the service gave instead of an answer. */
  | { kind: 'response-false' }
  /** A JSON answer without `message`. */
  | { kind: 'no-message' };

export interface AichatMock extends Emulator<AichatBehaviour> {
  /** When true, a POST without the session cookie gets the site's 403 challenge page. */
  requireCookie: boolean;
}

export const RESPONSE_FALSE = { response: false, message: 'Too many requests, slow down.' };

export async function startAichatMock(): Promise<AichatMock> {
  let sessions = 0;
  const options = { requireCookie: false };
  const emulator = await startEmulator<AichatBehaviour>({
    path: '/api/text',
    contentType: 'application/json; charset=utf-8',
    defaultText: AICHAT_REPLY,
    frame: (pieces) => [JSON.stringify({ response: true, message: pieces.join('') })],
    route(request, response) {
      if (request.method !== 'GET' || request.path !== '/chat') return false;
      sessions += 1;
      response.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'set-cookie': `${SESSION_COOKIE}=mock-${sessions}; Path=/; SameSite=Lax`,
      });
      response.end(
        '<!DOCTYPE html><html><head><title>Aichat</title></head><body>Chat</body></html>',
      );
      return true;
    },
    gate(request, response) {
      const cookie = String(request.headers.cookie ?? '');
      if (!options.requireCookie || cookie.includes(`${SESSION_COOKIE}=`)) return false;
      response.writeHead(403, { 'content-type': 'text/html; charset=utf-8' });
      response.end('<!DOCTYPE html><html><head><title>Just a moment...</title></head></html>');
      return true;
    },
    async special(behaviour, _request, response) {
      response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      if (behaviour.kind === 'response-false') response.end(JSON.stringify(RESPONSE_FALSE));
      else response.end(JSON.stringify({ response: true, text: 'no message field' }));
    },
  });
  return Object.defineProperty(emulator, 'requireCookie', {
    get: () => options.requireCookie,
    set: (value: boolean) => {
      options.requireCookie = value;
    },
    enumerable: true,
  }) as AichatMock;
}
