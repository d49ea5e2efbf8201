// Reads a text file (txt, md, csv, json, source code) as a document part's text. UTF-8 unless a
// byte-order mark says UTF-16; a file with NUL bytes or mostly undecodable bytes is binary, not
// text, and is refused as unreadable rather than sent as garbage.
import { ATTACH_LIMITS, AttachError } from './limits';

export async function readTextFile(file: Blob, name: string): Promise<string> {
  if (file.size > ATTACH_LIMITS.textBytes)
    throw new AttachError('too-big', name, ATTACH_LIMITS.textBytes);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await file.arrayBuffer());
  } catch {
    throw new AttachError('unreadable', name);
  }
  const text = decodeText(bytes);
  if (text === undefined) throw new AttachError('unreadable', name);
  if (text.length > ATTACH_LIMITS.documentChars)
    throw new AttachError('too-long', name, ATTACH_LIMITS.documentChars);
  return text;
}

/** The text of `bytes`, or undefined when they are not text. */
export function decodeText(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  if (bytes.subarray(0, 8192).includes(0)) return undefined;
  // TextDecoder drops a UTF-8 byte-order mark itself.
  const text = new TextDecoder('utf-8').decode(bytes);
  let replaced = 0;
  for (const c of text) if (c === '\uFFFD') replaced++;
  // A few stray bytes in a log are fine; a file that is mostly not UTF-8 is not text we can read.
  return replaced > Math.max(8, text.length / 100) ? undefined : text;
}
