// Is Ollama running at this base URL? `GET /api/version` answers `{version}`
// (https://github.com/ollama/ollama/blob/main/docs/api.md#version). Quick and never throws; the
// first-run card runs it in parallel with the other probes. A 403 means Ollama is there but refused
// our Origin (header rule not installed yet).
import { trimBase } from '../../shared/base-url';
import type { Detection } from '../types';
import { DETECT_TIMEOUT_MS, probeJson } from '../_shared/detect';

export async function detectOllama(
  fetchFn: typeof fetch,
  baseUrl: string,
  signal?: AbortSignal,
  timeoutMs = DETECT_TIMEOUT_MS,
): Promise<Detection> {
  const probe = await probeJson(fetchFn, `${trimBase(baseUrl)}/api/version`, signal, timeoutMs);
  if (!probe) return { state: 'absent' };
  if (probe.status === 403) return { state: 'refused', status: 403 };
  const version = (probe.body as { version?: unknown } | undefined)?.version;
  if (probe.status !== 200 || typeof version !== 'string') return { state: 'absent' };
  return { state: 'running', version };
}
