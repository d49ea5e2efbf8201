// The views know providers by id, not by adapter: the default models the context meter assumes
// (src/shared/context-windows.ts) must be the ones the adapters really use.
import { describe, expect, it } from 'vitest';
import { DEFAULT_MODELS } from '../src/shared/context-windows';
import { OPENAI_PRESETS } from '../src/providers/openai-compatible/presets';
import { DEFAULT_MODEL as ANTHROPIC_DEFAULT } from '../src/providers/anthropic/index';
import { DEFAULT_MODEL as GEMINI_DEFAULT } from '../src/providers/gemini/index';

describe('the context meter’s default models', () => {
  it('are each adapter’s own default', () => {
    const expected: Record<string, string> = {
      anthropic: ANTHROPIC_DEFAULT,
      gemini: GEMINI_DEFAULT,
    };
    for (const preset of OPENAI_PRESETS)
      if (preset.runs === 'hosted' && preset.defaultModel && preset.id !== 'openrouter')
        expected[preset.id] = preset.defaultModel;
    expect(DEFAULT_MODELS).toEqual(expected);
  });
});
