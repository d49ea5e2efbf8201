// Readers for response bodies. Every reader decodes with one streaming TextDecoder per body, so a
// multi-byte character split across network chunks survives (spec "Text decoding": the original
// decoded each chunk on its own and garbled them). Each reader cancels the body if the consumer stops
// early, which releases the connection.
import { createParser, type EventSourceMessage } from 'eventsource-parser';

/** Decoded text as it arrives; never splits a character. */
export async function* readText(body: ReadableStream<Uint8Array> | null): AsyncGenerator<string> {
  if (!body) return;
  const reader = body.getReader();
  const decoder = new TextDecoder('utf-8');
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const text = decoder.decode(value, { stream: true });
      if (text) yield text;
    }
    finished = true;
    const tail = decoder.decode();
    if (tail) yield tail;
  } finally {
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

/** Whole lines (without the line break: \n, \r\n or \r\n split across chunks), however the body is chunked; a last line without a break is yielded too. */
export async function* readLines(body: ReadableStream<Uint8Array> | null): AsyncGenerator<string> {
  let buffer = '';
  for await (const text of readText(body)) {
    buffer += text;
    let newline = buffer.indexOf('\n');
    while (newline !== -1) {
      yield buffer.slice(0, newline).replace(/\r$/, '');
      buffer = buffer.slice(newline + 1);
      newline = buffer.indexOf('\n');
    }
  }
  if (buffer) yield buffer.replace(/\r$/, '');
}

export type SseEvent = EventSourceMessage;

/**
 * Server-sent events (WHATWG framing via eventsource-parser): fields split anywhere across chunks
 * are joined; `event` is undefined when the server sent none. An unterminated last event is
 * delivered when the body ends.
 */
export async function* readSse(body: ReadableStream<Uint8Array> | null): AsyncGenerator<SseEvent> {
  const queue: SseEvent[] = [];
  const parser = createParser({ onEvent: (event) => queue.push(event) });
  for await (const text of readText(body)) {
    parser.feed(text);
    while (queue.length > 0) yield queue.shift()!;
  }
  // WHATWG drops an event not followed by a blank line at EOF; we keep it, so the tail of a reply
  // from a server that closes without the final blank line is not lost.
  parser.feed('\n\n');
  while (queue.length > 0) yield queue.shift()!;
}
