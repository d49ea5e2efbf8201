// The request-channel handlers about providers: `providers-list` (the registry as JSON-safe data,
// so the UI can show "offline since …"), `provider-test` (one short chat through the runner) and
// `provider-models` (what the chat view's model picker offers).
import { ProviderError, type InputCapabilities, type ProviderAdapter } from '../providers/types';
import type { ProviderInfo, RequestMap } from '../shared/protocol';
import { providerSettings } from '../shared/settings';
import { preflight, type ProviderRunner, type RunnerDeps } from './provider-runner';

export const TEST_PROMPT = 'Say hello.';

/**
 * The providers this browser can run: all of them, less the one that runs in the browser where the
 * browser has no model of its own (Firefox has no Prompt API) — hidden, not listed as unavailable.
 */
export function offeredProviders(
  all: readonly ProviderAdapter[],
  builtinModel: boolean,
): readonly ProviderAdapter[] {
  return builtinModel ? all : all.filter((adapter) => adapter.info?.runs !== 'browser');
}

/** The registry entry without its functions; every field copied, so nothing live leaks out. */
export function providerInfo(adapter: ProviderAdapter): ProviderInfo {
  const info: ProviderInfo = {
    id: adapter.id,
    displayName: adapter.displayName,
    defaultBaseUrl: adapter.defaultBaseUrl,
    capabilities: { ...adapter.capabilities, input: copyInput(adapter.capabilities.input) },
  };
  if (adapter.status) info.status = { ...adapter.status };
  if (adapter.info) info.info = { ...adapter.info };
  if (adapter.presetOf !== undefined) info.presetOf = adapter.presetOf;
  if (adapter.models) {
    info.models = adapter.models.map((m) => (m.name === undefined ? { id: m.id } : { ...m }));
  }
  return info;
}

function copyInput(input: InputCapabilities): InputCapabilities {
  const copy: InputCapabilities = { ...input };
  if (input.imageLimits) {
    copy.imageLimits = { ...input.imageLimits, mimeTypes: [...input.imageLimits.mimeTypes] };
  }
  return copy;
}

/** Runs TEST_PROMPT through the runner; errors propagate (the request channel reports them). */
export async function testProvider(
  runner: ProviderRunner,
  params: RequestMap['provider-test']['params'],
  now: () => number = () => performance.now(),
): Promise<RequestMap['provider-test']['result']> {
  const providerId = params?.providerId;
  if (typeof providerId !== 'string' || providerId === '') {
    throw new TypeError('provider-test needs a providerId.');
  }
  const started = now();
  let answeredBy = providerId;
  let text = '';
  for await (const event of runner.run({
    providerId,
    messages: [{ role: 'user', content: TEST_PROMPT }],
    signal: new AbortController().signal, // the adapters' own time limits end a stuck test
  })) {
    if (event.type === 'provider-start') answeredBy = event.providerId;
    else if (event.type === 'text-delta') text += event.delta;
  }
  return { latencyMs: Math.round(now() - started), text, providerId: answeredBy };
}

/** How long the model picker waits for a service to list its models. */
export const MODELS_TIMEOUT_MS = 5_000;

/** The provider environment the runner has (background/index.ts builds it once), and a time limit. */
export type ModelListDeps = Omit<RunnerDeps, 'random'> & { timeoutMs?: number };

/**
 * The models a provider offers: listed by the service with the provider's effective settings (the
 * base URL and key a chat would use, header rules installed first, as before a chat), or the
 * registry's list for providers that cannot list theirs.
 */
export async function listProviderModels(
  deps: ModelListDeps,
  params: RequestMap['provider-models']['params'],
): Promise<RequestMap['provider-models']['result']> {
  const providerId = params?.providerId;
  const adapter = deps.providers.find((p) => p.id === providerId);
  if (!adapter) {
    throw new ProviderError({
      code: 'unknown',
      message: `There is no provider “${String(providerId)}”.`,
      providerId: String(providerId),
      retryable: false,
    });
  }
  const copy = (models: readonly { id: string; name?: string }[]) =>
    models.map((m) => (m.name === undefined ? { id: m.id } : { id: m.id, name: m.name }));
  if (!adapter.listModels) return { models: copy(adapter.models ?? []) };

  const own = providerSettings(await deps.readSettings(), adapter.id);
  // The same checks as before a chat (a base URL, a key, host permission), then the header rules.
  const { baseUrl, apiKey, local } = await preflight(adapter, own, deps.hasHostPermission);
  if (!local) await deps.installHeaderRules(adapter, new URL(baseUrl));
  const controller = new AbortController();
  const timeoutMs = deps.timeoutMs ?? MODELS_TIMEOUT_MS;
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const models = await adapter.listModels(deps.context, controller.signal, {
      baseUrl,
      ...(apiKey ? { apiKey } : {}),
    });
    return { models: copy(models) };
  } catch (error) {
    if (controller.signal.aborted) {
      throw new ProviderError({
        code: 'timeout',
        message: `${adapter.displayName}: the model list did not come within ${timeoutMs / 1000} s.`,
        providerId: adapter.id,
        cause: error,
      });
    }
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
