// First run (issue 7): what can the user chat with right now? Every registry entry that can
// `detect()` its server (Ollama, LM Studio, llama.cpp, vLLM, and any local server added later) is
// probed at its effective base URL, and the browser's built-in model (`availability()`) is asked, all in parallel with
// a short deadline so the popup's setup card never waits long. Header rules are installed before a
// probe, exactly as before a chat (Ollama refuses foreign origins without its rule).
import type { ModelAvailability, ProviderAdapter, ProviderContext } from '../providers/types';
import type { SetupDetection, SetupProbe } from '../shared/protocol';
import { effectiveBaseUrl } from '../shared/base-url';
import { providerSettings, type Settings } from '../shared/settings';

/** How long a probe may take: a closed port answers at once, a stuck one is cut here. */
export const DETECT_TIMEOUT_MS = 1_500;

export interface SetupDeps {
  providers: readonly ProviderAdapter[];
  readSettings(): Promise<Settings>;
  context: ProviderContext;
  installHeaderRules(adapter: ProviderAdapter, baseUrl: URL): Promise<void>;
  timeoutMs?: number;
}

type Detect = NonNullable<ProviderAdapter['detect']>;

async function probe(
  deps: SetupDeps,
  adapter: ProviderAdapter,
  detect: Detect,
  baseUrl: string,
): Promise<SetupProbe> {
  const absent: SetupProbe = { providerId: adapter.id, baseUrl, state: 'absent' };
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return absent;
  }
  // A rule that cannot be installed leaves the probe to find out (a refusal, or nothing).
  await deps.installHeaderRules(adapter, url).catch(() => undefined);
  const detection = await detect
    .call(adapter, deps.context, AbortSignal.timeout(deps.timeoutMs ?? DETECT_TIMEOUT_MS), baseUrl)
    .catch(() => ({ state: 'absent' }) as const);
  const found: SetupProbe = { ...absent, state: detection.state };
  if (detection.state === 'running' && detection.models)
    found.models = detection.models.map((m) => m.id);
  return found;
}

export async function detectSetup(deps: SetupDeps): Promise<SetupDetection> {
  const settings = await deps.readSettings();
  const probes = deps.providers.flatMap((adapter) => {
    if (!adapter.detect) return [];
    const baseUrl = effectiveBaseUrl(adapter, providerSettings(settings, adapter.id));
    return [probe(deps, adapter, adapter.detect, baseUrl)];
  });
  // The browser's own model (Chrome's Prompt API): the first entry that can say.
  const browserModel = deps.providers.find((adapter) => adapter.availability);
  const unavailable: ModelAvailability = 'unavailable';
  const [builtin, local] = await Promise.all([
    browserModel?.availability?.().catch(() => unavailable) ?? unavailable,
    Promise.all(probes),
  ]);
  return { local, builtin };
}

/**
 * One detection for callers that ask at the same time: a view opening asks from its pickers and
 * from the first-run card at once, and the probes (header rules, connections) need running once.
 * A call after the shared one ended starts a new detection, so changed settings are seen.
 */
export function shareInFlight<T>(work: () => Promise<T>): () => Promise<T> {
  let running: Promise<T> | undefined;
  return () => {
    running ??= work().finally(() => {
      running = undefined;
    });
    return running;
  };
}
