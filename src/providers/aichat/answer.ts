// Reading Aichat's one JSON answer (spec section 4): a falsy `response` field is the error
// `Error Response: <the JSON as text>`; otherwise the answer is the string in `message`.
import { ProviderError } from '../types';
import { adviceFor, providerError, type ProviderIdentity } from '../_shared/errors';
import { readJson } from '../_shared/http';

const SHOWN = 500;

export async function aichatAnswer(
  provider: ProviderIdentity,
  response: Response,
): Promise<string> {
  const json = await readJson(provider, response);
  const record = typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : {};
  if (!record.response) {
    const text = JSON.stringify(json);
    const shown = text.length > SHOWN ? `${text.slice(0, SHOWN)}…` : text;
    throw new ProviderError({
      code: 'provider-unavailable',
      message: `${provider.displayName}: Error Response: ${shown} ${adviceFor('provider-unavailable')}`,
      providerId: provider.id,
      status: response.status,
      detail: text,
    });
  }
  if (typeof record.message !== 'string') {
    throw providerError(provider, 'bad-response', 'the answer had no `message` text.', {
      status: response.status,
      detail: JSON.stringify(json).slice(0, 2_000),
    });
  }
  if (record.message === '') {
    throw providerError(provider, 'bad-response', 'the server sent an empty answer.', {
      status: response.status,
    });
  }
  return record.message;
}
