// `GET <base>/models` (https://platform.openai.com/docs/api-reference/models/list):
// `{object: "list", data: [{id, object: "model", created, owned_by}]}`.
import type { ModelInfo, ProviderContext } from '../types';
import { apiError, type ProviderIdentity } from '../_shared/errors';
import { fetchJson } from '../_shared/http';
import { responseError } from './errors';
import { headersFor } from './request';

export const LIST_TIMEOUT_MS = 15_000;

export async function listOpenAiModels(
  provider: ProviderIdentity,
  context: ProviderContext,
  base: string,
  apiKey: string | undefined,
  signal: AbortSignal,
): Promise<ModelInfo[]> {
  const body = await fetchJson(
    provider,
    context,
    `${base}/models`,
    { method: 'GET', headers: headersFor(apiKey, 'application/json') },
    signal,
    {
      timeoutMs: LIST_TIMEOUT_MS,
      toError: async (response) =>
        responseError(provider, response.status, response.headers, await response.text()),
    },
  );
  return parseModelList(provider, body);
}

export function parseModelList(provider: ProviderIdentity, body: unknown): ModelInfo[] {
  const data = (body as { data?: unknown } | undefined)?.data;
  if (!Array.isArray(data)) {
    throw apiError(provider, {
      code: 'bad-response',
      what: 'the model list was not in the OpenAI format.',
      detail: JSON.stringify(body)?.slice(0, 500) ?? '',
    });
  }
  const models: ModelInfo[] = [];
  for (const entry of data as unknown[]) {
    const id = (entry as { id?: unknown } | null)?.id;
    if (typeof id === 'string' && id) models.push({ id });
  }
  return models;
}
