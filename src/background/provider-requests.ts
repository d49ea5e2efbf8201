// The request-channel handlers about providers: `providers-list` (the registry as JSON-safe data,
// so the UI can show "offline since …") and `provider-test` (one short chat through the runner).
import type { ProviderAdapter } from '../providers/types';
import type { ProviderInfo, RequestMap } from '../shared/protocol';
import type { ProviderRunner } from './provider-runner';

export const TEST_PROMPT = 'Say hello.';

/** The registry entry without its functions; every field copied, so nothing live leaks out. */
export function providerInfo(adapter: ProviderAdapter): ProviderInfo {
  const info: ProviderInfo = {
    id: adapter.id,
    displayName: adapter.displayName,
    defaultBaseUrl: adapter.defaultBaseUrl,
    capabilities: { ...adapter.capabilities },
  };
  if (adapter.status) info.status = { ...adapter.status };
  if (adapter.info) info.info = { ...adapter.info };
  if (adapter.presetOf !== undefined) info.presetOf = adapter.presetOf;
  if (adapter.models) {
    info.models = adapter.models.map((m) => (m.name === undefined ? { id: m.id } : { ...m }));
  }
  return info;
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
