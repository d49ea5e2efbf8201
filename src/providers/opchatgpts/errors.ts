// Opchatgpts' one documented refusal (spec section 2): HTTP 403 with
// {"success": false, "message": "Sorry, your query has been rejected."} for an empty `newMessage` or
// one over 65,536 bytes. We show the server's message and what to do; every other non-2xx status
// gets the generic mapping.
import { ProviderError } from '../types';
import { httpError, type ProviderIdentity } from '../_shared/errors';

export const MAX_NEW_MESSAGE_BYTES = 65_536;

export async function opchatgptsHttpError(
  provider: ProviderIdentity,
  response: Response,
): Promise<ProviderError> {
  if (response.status !== 403) return httpError(provider, response);
  const text = await response.text().catch(() => '');
  let said: unknown;
  try {
    said = (JSON.parse(text) as { message?: unknown } | null)?.message;
  } catch {
    said = undefined;
  }
  if (typeof said !== 'string' || said === '') {
    return httpError(
      provider,
      new Response(text, { status: 403, statusText: response.statusText }),
    );
  }
  return new ProviderError({
    code: 'context-too-long',
    message: `${provider.displayName} rejected the message: “${said}” It refuses an empty message or one over ${MAX_NEW_MESSAGE_BYTES.toLocaleString('en')} bytes; shorten the message and try again.`,
    providerId: provider.id,
    status: 403,
    detail: text,
  });
}
