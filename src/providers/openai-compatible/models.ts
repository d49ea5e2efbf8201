// `GET <base>/models` (https://platform.openai.com/docs/api-reference/models/list):
// `{object: "list", data: [{id, object: "model", created, owned_by}]}`.
import type { ModelInfo, ProviderContext } from '../types';
import type { ProviderIdentity } from '../_shared/errors';
import { listModelPages } from '../_shared/api-request';
import { responseError } from './errors';
import { headersFor } from './request';

export const LIST_TIMEOUT_MS = 15_000;

export function listOpenAiModels(
  provider: ProviderIdentity,
  context: ProviderContext,
  base: string,
  apiKey: string | undefined,
  signal: AbortSignal,
): Promise<ModelInfo[]> {
  return listModelPages(provider, context, signal, {
    url: () => `${base}/models`,
    headers: headersFor(apiKey, 'application/json'),
    timeoutMs: LIST_TIMEOUT_MS,
    toError: responseError(provider),
    notAList: 'the model list was not in the OpenAI format.',
    read: (body) => {
      const models = modelIds(body);
      return models && { models };
    },
  });
}

/** The models of an OpenAI `/models` body, or undefined when it is not one. */
export function modelIds(body: unknown): ModelInfo[] | undefined {
  const data = (body as { data?: unknown } | undefined)?.data;
  if (!Array.isArray(data)) return undefined;
  const models: ModelInfo[] = [];
  for (const entry of data as unknown[]) {
    const id = (entry as { id?: unknown } | null)?.id;
    if (typeof id === 'string' && id) models.push({ id });
  }
  return models;
}
