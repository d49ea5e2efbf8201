// Replies that are plain text streamed until the body ends, with no framing and no end marker
// (ChatAnywhere and Acytoo, spec sections 1 and 3). Decoding is streaming (readText), so a
// character cut between two network chunks arrives whole.
import type { ChatEvent } from '../types';
import { providerError, type ProviderIdentity } from './errors';
import { readText } from './streams';

/** Text deltas as they arrive, then `finish`; a body with no text at all is a `bad-response`. */
export async function* plainTextReply(
  provider: ProviderIdentity,
  response: Response,
): AsyncGenerator<ChatEvent> {
  let received = false;
  for await (const delta of readText(response.body)) {
    received = true;
    yield { type: 'text-delta', delta };
  }
  if (!received) {
    throw providerError(provider, 'bad-response', 'the server sent an empty answer.', {
      status: response.status,
    });
  }
  // No end marker exists in these protocols: the body's end is the reply's end.
  yield { type: 'finish', reason: 'stop' };
}
