// The browser model's context window (Chrome's Prompt API: a session's `contextWindow`, called
// `inputQuota` before Chrome 143; https://developer.chrome.com/docs/ai/prompt-api#session_management).
// Measured in the view only when the model is already on the device: creating a session never
// starts a download from here.

interface Session {
  contextWindow?: number;
  inputQuota?: number;
  destroy(): void;
}

interface LanguageModelApi {
  availability(options?: object): Promise<string>;
  create(options?: object): Promise<Session>;
}

export async function browserModelWindow(scope: object): Promise<number | undefined> {
  const api = (scope as { LanguageModel?: LanguageModelApi }).LanguageModel;
  if (typeof api?.availability !== 'function' || typeof api.create !== 'function') return undefined;
  try {
    if ((await api.availability()) !== 'available') return undefined;
    const session = await api.create();
    try {
      const tokens = session.contextWindow ?? session.inputQuota;
      return typeof tokens === 'number' && Number.isFinite(tokens) && tokens > 0
        ? tokens
        : undefined;
    } finally {
      session.destroy();
    }
  } catch {
    return undefined;
  }
}
