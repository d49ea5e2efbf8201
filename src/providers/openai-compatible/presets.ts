// The OpenAI-compatible services Parley knows by name. Each preset becomes one registry entry (its
// own id, settings, key and base URL) backed by the one adapter in this folder; see
// docs/decisions/openai-compatible-presets.md.
//
// Base-URL rule (one for every preset and for custom URLs): the base URL is everything before
// `/chat/completions`, as in the OpenAI SDKs' `baseURL` — so it usually ends in `/v1`
// (`https://api.openai.com/v1`, `https://openrouter.ai/api/v1`, `https://api.groq.com/openai/v1`).
// Requests go to `<base>/chat/completions` and `<base>/models`. A pasted URL that already ends in
// `/chat/completions` is cut back to the base.

export interface OpenAiPreset {
  /** Registry id (kebab-case); the custom entry's id is the folder name, `openai-compatible`. */
  id: string;
  displayName: string;
  defaultBaseUrl: string;
  runs: 'hosted' | 'local-server';
  /** 'required': nothing is sent without a key; 'optional': `Authorization` only when a key is set. */
  apiKey: 'required' | 'optional';
  /** Model used when the settings name none; without one, the first model the server lists. */
  defaultModel?: string;
  docsUrl: string;
  keysUrl?: string;
  /**
   * Whether to send `stream_options: {include_usage: true}`. Off where the service rejects unknown
   * fields and reports usage in its last chunk anyway (Mistral).
   */
  streamUsageOption?: boolean;
  /** The default base URL is a placeholder the user must replace. */
  baseUrlRequired?: boolean;
  /**
   * Image input, as the service documents it: every chat model (`all`), some models (`some`, the
   * default: the server refuses for a text-only model), or none.
   */
  images?: 'all' | 'some' | 'none';
}

export const CUSTOM_ID = 'openai-compatible';

export const OPENAI_PRESETS: readonly OpenAiPreset[] = [
  {
    id: 'openai',
    displayName: 'OpenAI',
    defaultBaseUrl: 'https://api.openai.com/v1',
    runs: 'hosted',
    apiKey: 'required',
    defaultModel: 'gpt-4o-mini',
    docsUrl: 'https://platform.openai.com/docs/api-reference/chat/create',
    keysUrl: 'https://platform.openai.com/api-keys',
    // https://platform.openai.com/docs/guides/images-vision: the GPT-4o and later chat models.
    images: 'all',
  },
  {
    id: 'openrouter',
    displayName: 'OpenRouter',
    defaultBaseUrl: 'https://openrouter.ai/api/v1',
    runs: 'hosted',
    apiKey: 'required',
    defaultModel: 'openrouter/auto',
    docsUrl: 'https://openrouter.ai/docs/api-reference/streaming',
    keysUrl: 'https://openrouter.ai/settings/keys',
  },
  {
    id: 'groq',
    displayName: 'Groq',
    defaultBaseUrl: 'https://api.groq.com/openai/v1',
    runs: 'hosted',
    apiKey: 'required',
    defaultModel: 'llama-3.3-70b-versatile',
    docsUrl: 'https://console.groq.com/docs/openai',
    keysUrl: 'https://console.groq.com/keys',
  },
  {
    id: 'deepseek',
    displayName: 'DeepSeek',
    // DeepSeek documents both https://api.deepseek.com and …/v1; /v1 keeps the one rule.
    defaultBaseUrl: 'https://api.deepseek.com/v1',
    runs: 'hosted',
    apiKey: 'required',
    defaultModel: 'deepseek-chat',
    // DeepSeek's chat API takes text only (its `content` is a string).
    images: 'none',
    docsUrl: 'https://api-docs.deepseek.com/',
    keysUrl: 'https://platform.deepseek.com/api_keys',
  },
  {
    id: 'mistral',
    displayName: 'Mistral AI',
    defaultBaseUrl: 'https://api.mistral.ai/v1',
    runs: 'hosted',
    apiKey: 'required',
    defaultModel: 'mistral-small-latest',
    docsUrl: 'https://docs.mistral.ai/api/',
    keysUrl: 'https://console.mistral.ai/api-keys',
    streamUsageOption: false,
  },
  {
    id: 'xai',
    displayName: 'xAI (Grok)',
    defaultBaseUrl: 'https://api.x.ai/v1',
    runs: 'hosted',
    apiKey: 'required',
    defaultModel: 'grok-3-mini',
    docsUrl: 'https://docs.x.ai/docs/api-reference',
    keysUrl: 'https://console.x.ai/',
  },
  {
    id: 'together',
    displayName: 'Together AI',
    defaultBaseUrl: 'https://api.together.xyz/v1',
    runs: 'hosted',
    apiKey: 'required',
    defaultModel: 'meta-llama/Llama-3.3-70B-Instruct-Turbo',
    docsUrl: 'https://docs.together.ai/docs/openai-api-compatibility',
    keysUrl: 'https://api.together.ai/settings/api-keys',
  },
  {
    // The key-based API of ChatAnywhere (the seed `chatanywhere` provider's successor).
    id: 'chatanywhere-api',
    displayName: 'ChatAnywhere API',
    defaultBaseUrl: 'https://api.chatanywhere.tech/v1',
    runs: 'hosted',
    apiKey: 'required',
    defaultModel: 'gpt-4o-mini',
    docsUrl: 'https://github.com/chatanywhere/GPT_API_free',
    keysUrl: 'https://github.com/chatanywhere/GPT_API_free',
  },
  {
    id: 'lm-studio',
    displayName: 'LM Studio',
    defaultBaseUrl: 'http://localhost:1234/v1',
    runs: 'local-server',
    apiKey: 'optional',
    docsUrl: 'https://lmstudio.ai/docs/app/api/endpoints/openai',
  },
  {
    id: 'llama-cpp',
    displayName: 'llama.cpp server',
    defaultBaseUrl: 'http://localhost:8080/v1',
    runs: 'local-server',
    apiKey: 'optional',
    docsUrl: 'https://github.com/ggml-org/llama.cpp/tree/master/tools/server',
  },
  {
    id: 'vllm',
    displayName: 'vLLM',
    defaultBaseUrl: 'http://localhost:8000/v1',
    runs: 'local-server',
    apiKey: 'optional',
    docsUrl: 'https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html',
  },
  {
    id: CUSTOM_ID,
    displayName: 'OpenAI-compatible (custom URL)',
    defaultBaseUrl: '',
    runs: 'hosted',
    apiKey: 'optional',
    docsUrl: 'https://platform.openai.com/docs/api-reference/chat/create',
    baseUrlRequired: true,
  },
];
