// First run (issue 7): what can the user chat with right now? Local servers (Ollama, LM Studio) and
// the browser's built-in model, probed in parallel with short timeouts so the popup's setup card
// never waits long. Ollama refuses foreign origins, so its header rule is installed before its
// probe, exactly as before a chat.
import type { ProviderAdapter, ProviderContext } from '../providers/types';
import { detectOllama } from '../providers/ollama/detect';
import { detectOpenAiCompatible } from '../providers/openai-compatible/detect';
import { detectChromeBuiltin } from '../providers/chrome-builtin';
import type { Detection } from '../providers/_shared/detect';
import type { SetupDetection, SetupProbe } from '../shared/protocol';
import { effectiveBaseUrl } from '../shared/base-url';
import { providerSettings, type Settings } from '../shared/settings';

export interface SetupDeps {
  providers: readonly ProviderAdapter[];
  readSettings(): Promise<Settings>;
  fetch: ProviderContext['fetch'];
  installHeaderRules(adapter: ProviderAdapter, baseUrl: URL): Promise<void>;
  detectBuiltin?: () => ReturnType<typeof detectChromeBuiltin>;
  timeoutMs?: number;
}

function toProbe(providerId: string, baseUrl: string, detection: Detection): SetupProbe {
  const probe: SetupProbe = { providerId, baseUrl, state: detection.state };
  if (detection.state === 'running' && detection.models)
    probe.models = detection.models.map((m) => m.id);
  return probe;
}

export async function detectSetup(deps: SetupDeps): Promise<SetupDetection> {
  const settings = await deps.readSettings();
  const baseOf = (id: string) => {
    const adapter = deps.providers.find((p) => p.id === id);
    const baseUrl = adapter ? effectiveBaseUrl(adapter, providerSettings(settings, id)) : '';
    return { adapter, baseUrl };
  };
  const ollama = baseOf('ollama');
  const lmStudio = baseOf('lm-studio');
  const probeOllama = async (): Promise<SetupProbe> => {
    if (!ollama.adapter || !ollama.baseUrl)
      return { providerId: 'ollama', baseUrl: ollama.baseUrl, state: 'absent' };
    await deps.installHeaderRules(ollama.adapter, new URL(ollama.baseUrl)).catch(() => undefined);
    return toProbe(
      'ollama',
      ollama.baseUrl,
      await detectOllama(deps.fetch, ollama.baseUrl, undefined, deps.timeoutMs),
    );
  };
  const probeLmStudio = async (): Promise<SetupProbe> =>
    lmStudio.baseUrl
      ? toProbe(
          'lm-studio',
          lmStudio.baseUrl,
          await detectOpenAiCompatible(deps.fetch, lmStudio.baseUrl, undefined, deps.timeoutMs),
        )
      : { providerId: 'lm-studio', baseUrl: '', state: 'absent' };
  const [ollamaProbe, lmStudioProbe, builtin] = await Promise.all([
    probeOllama(),
    probeLmStudio(),
    (deps.detectBuiltin ?? detectChromeBuiltin)(),
  ]);
  return { local: [ollamaProbe, lmStudioProbe], builtin };
}
