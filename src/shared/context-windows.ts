// Context windows Parley knows, with the document each figure comes from (the context meter,
// docs/design.md "Open tabs and the context meter"). A model id matches an entry when it starts with
// the entry's prefix (dated versions and "-latest" names share their family's window); the longest
// prefix wins. Which window applies, in order: the person's own setting for the provider
// (settings.providers[id].contextWindow, in Options), the browser model's own figure
// (chrome-builtin: the session's contextWindow / inputQuota, measured in the view), the model's
// known window, the provider's default; otherwise the meter shows tokens without a window.

export interface KnownWindow {
  /** Model ids starting with this (lower case) have this window. */
  prefix: string;
  tokens: number;
  /** Where the figure is documented. */
  source: string;
}

const OPENAI_MODELS = 'https://platform.openai.com/docs/models';
const ANTHROPIC_MODELS = 'https://docs.anthropic.com/en/docs/about-claude/models/overview';
const GEMINI_MODELS = 'https://ai.google.dev/gemini-api/docs/models';
const GROQ_MODELS = 'https://console.groq.com/docs/models';
const DEEPSEEK_MODELS = 'https://api-docs.deepseek.com/quick_start/pricing';
const MISTRAL_MODELS = 'https://docs.mistral.ai/getting-started/models/models_overview/';

export const KNOWN_WINDOWS: readonly KnownWindow[] = [
  { prefix: 'gpt-4o', tokens: 128_000, source: `${OPENAI_MODELS}/gpt-4o` },
  { prefix: 'gpt-4o-mini', tokens: 128_000, source: `${OPENAI_MODELS}/gpt-4o-mini` },
  { prefix: 'gpt-4.1', tokens: 1_047_576, source: `${OPENAI_MODELS}/gpt-4.1` },
  { prefix: 'gpt-5', tokens: 400_000, source: `${OPENAI_MODELS}/gpt-5` },
  { prefix: 'o3', tokens: 200_000, source: `${OPENAI_MODELS}/o3` },
  { prefix: 'o4-mini', tokens: 200_000, source: `${OPENAI_MODELS}/o4-mini` },
  { prefix: 'claude-', tokens: 200_000, source: ANTHROPIC_MODELS },
  { prefix: 'gemini-1.5-pro', tokens: 2_097_152, source: GEMINI_MODELS },
  { prefix: 'gemini-1.5-flash', tokens: 1_048_576, source: GEMINI_MODELS },
  { prefix: 'gemini-2.0-flash', tokens: 1_048_576, source: GEMINI_MODELS },
  { prefix: 'gemini-2.5-', tokens: 1_048_576, source: GEMINI_MODELS },
  { prefix: 'llama-3.3-70b-versatile', tokens: 131_072, source: GROQ_MODELS },
  { prefix: 'llama-3.1-8b-instant', tokens: 131_072, source: GROQ_MODELS },
  { prefix: 'deepseek-chat', tokens: 128_000, source: DEEPSEEK_MODELS },
  { prefix: 'deepseek-reasoner', tokens: 128_000, source: DEEPSEEK_MODELS },
  { prefix: 'mistral-large-', tokens: 131_072, source: MISTRAL_MODELS },
  { prefix: 'mistral-small-', tokens: 131_072, source: MISTRAL_MODELS },
  { prefix: 'grok-3-mini', tokens: 131_072, source: 'https://docs.x.ai/docs/models' },
  {
    prefix: 'llama-3.3-70b-instruct-turbo',
    tokens: 131_072,
    source: 'https://docs.together.ai/docs/serverless-models',
  },
];

/**
 * The model each hosted provider uses when the person chose none, so its window is known before a
 * model is picked (views see provider ids, not adapters: tests/context-windows.test.ts checks these
 * against each adapter's own default).
 */
export const DEFAULT_MODELS: Readonly<Record<string, string>> = {
  openai: 'gpt-4o-mini',
  groq: 'llama-3.3-70b-versatile',
  deepseek: 'deepseek-chat',
  mistral: 'mistral-small-latest',
  xai: 'grok-3-mini',
  together: 'meta-llama/Llama-3.3-70B-Instruct-Turbo',
  'chatanywhere-api': 'gpt-4o-mini',
  anthropic: 'claude-sonnet-4-5',
  gemini: 'gemini-2.5-flash',
};

/**
 * A provider's window whatever the model: Ollama runs every model with its server's context
 * length, 4096 tokens unless the server is set otherwise, and silently drops what is beyond it —
 * the very cut the meter is for.
 */
export const PROVIDER_WINDOWS: Readonly<Record<string, KnownWindow>> = {
  ollama: {
    prefix: '',
    tokens: 4096,
    source: 'https://docs.ollama.com/faq#how-can-i-specify-the-context-window-size',
  },
};

/** The known window of a model id (`models/` prefixes and any letter case accepted). */
export function knownWindow(model: string | undefined): KnownWindow | undefined {
  if (!model) return undefined;
  const id = model.toLowerCase().replace(/^models\//, '');
  // OpenRouter names models `<vendor>/<model>`: the model part decides.
  const bare = id.includes('/') ? id.slice(id.lastIndexOf('/') + 1) : id;
  let best: KnownWindow | undefined;
  for (const entry of KNOWN_WINDOWS)
    if (bare.startsWith(entry.prefix) && (!best || entry.prefix.length > best.prefix.length))
      best = entry;
  return best;
}

export type WindowSource = 'setting' | 'browser' | 'known' | 'provider';

export interface ContextWindow {
  tokens: number;
  from: WindowSource;
  /** The document behind a known figure. */
  source?: string;
}

/** Which window applies (the order is in the header). Undefined when none is known. */
export function contextWindowFor(input: {
  providerId: string;
  model?: string | undefined;
  /** settings.providers[id].contextWindow */
  setting?: number | undefined;
  /** The browser model's own figure, when the provider runs in the browser. */
  browser?: number | undefined;
}): ContextWindow | undefined {
  if (input.setting !== undefined && input.setting > 0)
    return { tokens: Math.floor(input.setting), from: 'setting' };
  if (input.browser !== undefined && input.browser > 0)
    return { tokens: input.browser, from: 'browser' };
  const known = knownWindow(input.model ?? DEFAULT_MODELS[input.providerId]);
  if (known) return { tokens: known.tokens, from: 'known', source: known.source };
  const provider = PROVIDER_WINDOWS[input.providerId];
  if (provider) return { tokens: provider.tokens, from: 'provider', source: provider.source };
  return undefined;
}
