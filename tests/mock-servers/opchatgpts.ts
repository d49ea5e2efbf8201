// Opchatgpts emulator (spec section 2, a WordPress "AI Engine" endpoint): POST
// /wp-json/mwai-ui/v1/chats/submit answers `data: <json>` events — `live` deltas, then `end` whose
// `data` is itself a JSON string of {success, reply, images, usage}. Like the real server it
// rejects an empty or over-long (65,536 bytes) `newMessage` with HTTP 403.
import type { ServerResponse } from 'node:http';
import { startEmulator, words, type Emulator } from './emulator';
import { writeChunks } from './server';

export const OPCHATGPTS_REPLY = 'Hello from the Opchatgpts mock! Привет, 世界 👋';
export const REJECTION = { success: false, message: 'Sorry, your query has been rejected.' };
export const USAGE = { prompt_tokens: 21, completion_tokens: 9, total_tokens: 30 };

export const live = (data: string) => `data: ${JSON.stringify({ type: 'live', data })}\n\n`;
export const end = (reply: string, usage: object | undefined = USAGE) =>
  `data: ${JSON.stringify({
    type: 'end',
    data: JSON.stringify({ success: true, reply, images: [], usage }),
  })}\n\n`;
export const errorEvent = (data: string) => `data: ${JSON.stringify({ type: 'error', data })}\n\n`;

export type OpchatgptsBehaviour =
  /** The live events, then the body ends without `end`. */
  | { kind: 'no-end'; text?: string }
  /** Some live events, then a `data:` line that is not JSON. */
  | { kind: 'broken-line'; line?: string }
  /** Some live events, then `{type: 'error', data: message}`. */
  | { kind: 'error-event'; message: string }
  /** HTTP 403 with the service's rejection JSON. */
  | { kind: 'rejected' }
  /** A complete answer with `end`, then the connection stays open (the client must stop there). */
  | { kind: 'end-then-stall' };

export type OpchatgptsMock = Emulator<OpchatgptsBehaviour>;

function send(response: ServerResponse, chunks: string[]): Promise<void> {
  response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8' });
  return writeChunks(response, chunks, { delayMs: 1 });
}

function reject(response: ServerResponse): void {
  response.writeHead(403, { 'content-type': 'application/json; charset=UTF-8' });
  response.end(JSON.stringify(REJECTION));
}

export function startOpchatgptsMock(): Promise<OpchatgptsMock> {
  return startEmulator<OpchatgptsBehaviour>({
    path: '/wp-json/mwai-ui/v1/chats/submit',
    contentType: 'text/event-stream; charset=utf-8',
    defaultText: OPCHATGPTS_REPLY,
    frame: (pieces) => [...pieces.map(live), end(pieces.join(''))],
    gate(request, response) {
      let newMessage: unknown;
      try {
        newMessage = (JSON.parse(request.body) as { newMessage?: unknown }).newMessage;
      } catch {
        newMessage = undefined;
      }
      const size = typeof newMessage === 'string' ? Buffer.byteLength(newMessage) : 0;
      if (size > 0 && size <= 65_536) return false;
      reject(response);
      return true;
    },
    async special(behaviour, _request, response) {
      switch (behaviour.kind) {
        case 'no-end':
          return send(response, words(behaviour.text ?? OPCHATGPTS_REPLY).map(live));
        case 'broken-line':
          return send(response, [
            live('Partial '),
            live('text'),
            `${behaviour.line ?? 'data: {"type":"live","data":'}\n\n`,
          ]);
        case 'error-event':
          return send(response, [live('Partial '), live('text'), errorEvent(behaviour.message)]);
        case 'rejected':
          reject(response);
          return;
        case 'end-then-stall': {
          const pieces = words(OPCHATGPTS_REPLY);
          response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8' });
          await writeChunks(response, [...pieces.map(live), end(pieces.join(''))].map(String), {
            delayMs: 1,
            end: 'hold',
          });
          return new Promise<void>((resolve) => response.once('close', () => resolve()));
        }
      }
    },
  });
}
