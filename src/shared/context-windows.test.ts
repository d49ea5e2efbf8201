import { describe, expect, it } from 'vitest';
import { contextWindowFor, DEFAULT_MODELS, KNOWN_WINDOWS, knownWindow } from './context-windows';

describe('knownWindow', () => {
  it('matches dated and -latest names by their family, the longest prefix first', () => {
    expect(knownWindow('gpt-4o-mini-2024-07-18')?.tokens).toBe(128_000);
    expect(knownWindow('gpt-4.1-nano')?.tokens).toBe(1_047_576);
    expect(knownWindow('claude-sonnet-4-5')?.tokens).toBe(200_000);
    expect(knownWindow('models/gemini-2.5-flash')?.tokens).toBe(1_048_576);
    expect(knownWindow('Gemini-1.5-Pro-002')?.tokens).toBe(2_097_152);
    expect(knownWindow('mistral-large-latest')?.tokens).toBe(131_072);
    // OpenRouter's vendor/model names.
    expect(knownWindow('openai/gpt-4o')?.tokens).toBe(128_000);
    expect(knownWindow('some-local-model')).toBeUndefined();
    expect(knownWindow(undefined)).toBeUndefined();
  });

  it('names a document for every figure and knows every default model it lists', () => {
    for (const entry of KNOWN_WINDOWS) {
      expect(entry.source).toMatch(/^https:\/\//);
      expect(entry.tokens).toBeGreaterThan(1000);
    }
    for (const [id, model] of Object.entries(DEFAULT_MODELS))
      expect(knownWindow(model), id).toBeDefined();
  });
});

describe('contextWindowFor', () => {
  it('takes the setting, then the browser figure, then the model, then the provider', () => {
    expect(contextWindowFor({ providerId: 'openai', model: 'gpt-4o', setting: 8000 })).toEqual({
      tokens: 8000,
      from: 'setting',
    });
    expect(contextWindowFor({ providerId: 'chrome-builtin', browser: 9216 })).toEqual({
      tokens: 9216,
      from: 'browser',
    });
    expect(contextWindowFor({ providerId: 'openai', model: 'gpt-4o' })).toMatchObject({
      tokens: 128_000,
      from: 'known',
    });
    // No model chosen: the provider's default model.
    expect(contextWindowFor({ providerId: 'anthropic' })).toMatchObject({ tokens: 200_000 });
    expect(contextWindowFor({ providerId: 'ollama', model: 'llama3.2' })).toMatchObject({
      tokens: 4096,
      from: 'provider',
    });
    expect(contextWindowFor({ providerId: 'acytoo' })).toBeUndefined();
    expect(contextWindowFor({ providerId: 'acytoo', setting: 0 })).toBeUndefined();
  });
});
