// Is an OpenAI-compatible server (LM Studio, llama.cpp, vLLM) running at this base URL? One quick
// `GET <base>/models`; used by the first-run card. Never throws.
import type { Detection } from '../types';
import { probeJson } from '../_shared/detect';
import { modelIds } from './models';
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
  const models = probe.status === 200 ? modelIds(probe.body) : undefined;
  if (!models) return { state: 'absent' };
  return { state: 'running', models };
}
