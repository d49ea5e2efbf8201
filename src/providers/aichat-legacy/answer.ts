// Aichat (legacy)'s answer is one JSON object whose `message` is the reply. The original checked
// nothing; we give a clear error for a non-2xx status (send), a body that is not JSON (readJson) and
// a missing `message` (spec section 5).
import { providerError, type ProviderIdentity } from '../_shared/errors';
import { readJson } from '../_shared/http';

export async function legacyAnswer(
  provider: ProviderIdentity,
  response: Response,
): Promise<string> {
  const json = await readJson(provider, response);
  const message =
    typeof json === 'object' && json !== null ? (json as { message?: unknown }).message : undefined;
  if (typeof message !== 'string') {
    throw providerError(provider, 'bad-response', 'the answer had no `message` text.', {
      status: response.status,
      detail: JSON.stringify(json).slice(0, 2_000),
    });
  }
  if (message === '') {
    throw providerError(provider, 'bad-response', 'the server sent an empty answer.', {
      status: response.status,
    });
  }
  return message;
}
