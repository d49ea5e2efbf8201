// Reading Opchatgpts' reply (spec section 2): `data: <json>` lines with a `type` of `live` (a text
// delta), `end` (stop; its `data` is a JSON-encoded string holding `usage`) or `error` (the server's
// message). We read lines, not SSE events, because the spec is line-based: only lines that begin
// exactly with `data: ` count, and each one is judged on its own ("Broken line: <raw line>").
import type { ChatEvent, Usage } from '../types';
import { ProviderError } from '../types';
import { adviceFor, providerError, type ProviderIdentity } from '../_shared/errors';
import { readLines } from '../_shared/streams';

const PREFIX = 'data: ';
const SHOWN = 300;

function broken(provider: ProviderIdentity, line: string): ProviderError {
  const shown = line.length > SHOWN ? `${line.slice(0, SHOWN)}…` : line;
  return new ProviderError({
    code: 'bad-response',
    message: `${provider.displayName}: Broken line: ${shown}. ${adviceFor('bad-response')}`,
    providerId: provider.id,
    detail: line,
  });
}

function parseLine(provider: ProviderIdentity, line: string): { type: unknown; data: unknown } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line.slice(PREFIX.length));
  } catch {
    throw broken(provider, line);
  }
  if (typeof parsed !== 'object' || parsed === null || !('type' in parsed)) {
    throw broken(provider, line);
  }
  return parsed as { type: unknown; data: unknown };
}

function number(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** `usage` from the `end` event's data, a JSON string of {success, reply, images, usage}. */
export function usageFromEnd(data: unknown): Usage | undefined {
  let payload: unknown = data;
  if (typeof data === 'string') {
    try {
      payload = JSON.parse(data);
    } catch {
      return undefined; // the reply is complete either way; usage is a bonus
    }
  }
  const usage = (payload as { usage?: unknown } | null)?.usage;
  if (typeof usage !== 'object' || usage === null) return undefined;
  const u = usage as Record<string, unknown>;
  const out: Usage = {};
  const input = number(u.prompt_tokens) ?? number(u.input_tokens);
  const output = number(u.completion_tokens) ?? number(u.output_tokens);
  const total = number(u.total_tokens);
  if (input !== undefined) out.inputTokens = input;
  if (output !== undefined) out.outputTokens = output;
  if (total !== undefined) out.totalTokens = total;
  return Object.keys(out).length > 0 ? out : undefined;
}

export async function* opchatgptsReply(
  provider: ProviderIdentity,
  response: Response,
): AsyncGenerator<ChatEvent> {
  let received = false;
  for await (const line of readLines(response.body)) {
    if (!line.startsWith(PREFIX)) continue;
    const { type, data } = parseLine(provider, line);
    if (type === 'live') {
      if (typeof data === 'string') {
        if (data === '') continue;
        received = true;
        yield { type: 'text-delta', delta: data };
      } else if (data != null) {
        throw broken(provider, line);
      }
    } else if (type === 'end') {
      if (!received) throw empty(provider);
      const usage = usageFromEnd(data);
      if (usage) yield { type: 'usage', usage };
      // Returning stops reading; readLines cancels the body, which releases the connection.
      yield { type: 'finish', reason: 'stop', raw: 'end' };
      return;
    } else if (type === 'error') {
      // The original dropped these silently; the spec says to surface them with the server's words.
      const said = typeof data === 'string' ? data : JSON.stringify(data);
      throw providerError(
        provider,
        'provider-unavailable',
        `the server reported an error: “${said}”.`,
        { detail: line, said },
      );
    }
    // Any other type: ignored (spec).
  }
  if (!received) throw empty(provider);
  // The body ended without `end`: keep what arrived, and say so (spec: not an error).
  yield { type: 'finish', reason: 'ended-without-marker' };
}

function empty(provider: ProviderIdentity): ProviderError {
  return providerError(provider, 'bad-response', 'the server sent an empty answer.');
}
