// Is an OpenAI-compatible server (LM Studio, llama.cpp, vLLM) running at this base URL? One quick
// `GET <base>/models`; used by the first-run card. Never throws.
import { probeJson, type Detection } from '../_shared/detect';
import { normalizeBase } from './request';

export async function detectOpenAiCompatible(
  fetchFn: typeof fetch,
  baseUrl: string,
  signal?: AbortSignal,
  timeoutMs?: number,
): Promise<Detection> {
  const probe = await probeJson(fetchFn, `${normalizeBase(baseUrl)}/models`, signal, timeoutMs);
  if (!probe) return { state: 'absent' };
  if (probe.status === 401 || probe.status === 403)
    return { state: 'refused', status: probe.status };
  const data = (probe.body as { data?: unknown } | undefined)?.data;
  if (probe.status !== 200 || !Array.isArray(data)) return { state: 'absent' };
  const models = data
    .map((entry) => (entry as { id?: unknown } | null)?.id)
    .filter((id): id is string => typeof id === 'string' && id.length > 0)
    .map((id) => ({ id }));
  return { state: 'running', models };
}
