import { describe, expect, it } from 'vitest';
import { fillPrompt, type PageFacts, type PromptSources } from './prompt-fill';

function sources(over: Partial<PromptSources> & { tab?: PageFacts } = {}) {
  const reads: string[] = [];
  const { tab, ...rest } = over;
  const s: PromptSources = {
    ask: () => ({}),
    activeTab: async () => {
      reads.push('tab');
      return tab ?? {};
    },
    clipboard: async () => {
      reads.push('clipboard');
      return 'from the clipboard';
    },
    uiLanguage: 'en',
    ...rest,
  };
  return { s, reads };
}

describe('filling a prompt for the composer', () => {
  it('takes the selection, address and title from the ask, and reads nothing else', async () => {
    const { s, reads } = sources({
      ask: () => ({ selection: 'x = 1', url: 'https://a.test/', title: 'A page' }),
    });
    expect(await fillPrompt('Review {{selection}} ({{title}}, {{url}})', s)).toEqual({
      text: 'Review x = 1 (A page, https://a.test/)',
      notes: [],
    });
    expect(reads).toEqual([]);
  });

  it('falls back to the active tab for what the ask lacks', async () => {
    const { s, reads } = sources({
      ask: () => ({ url: 'https://ask.test/' }),
      tab: { url: 'https://tab.test/', title: 'Tab', selection: 'tab text' },
    });
    expect((await fillPrompt('{{selection}} {{url}} {{title}}', s)).text).toBe(
      'tab text https://ask.test/ Tab',
    );
    expect(reads).toEqual(['tab']);
  });

  it('leaves what cannot be read in the text, with a note for each — never an empty', async () => {
    const { s } = sources({ tab: { selection: '   ' } });
    expect(await fillPrompt('{{selection}} on {{url}}', s)).toEqual({
      text: '{{selection}} on {{url}}',
      notes: [
        { variable: 'selection', problem: 'no-selection' },
        { variable: 'url', problem: 'no-page' },
      ],
    });
    const broken = sources({ activeTab: () => Promise.reject(new Error('no tabs here')) });
    expect((await fillPrompt('{{title}}', broken.s)).notes).toEqual([
      { variable: 'title', problem: 'no-page' },
    ]);
  });

  it('reads the clipboard only when the prompt names it; a refusal and an empty one say so', async () => {
    const { s, reads } = sources({ ask: () => ({ selection: 'see {{clipboard}}' }) });
    // Page text holding {{clipboard}} reads nothing: only the prompt's own variables are filled.
    expect((await fillPrompt('{{selection}}', s)).text).toBe('see {{clipboard}}');
    expect(reads).toEqual([]);
    expect((await fillPrompt('A: {{clipboard}}', s)).text).toBe('A: from the clipboard');

    const refused = sources({
      clipboard: () =>
        Promise.reject(new DOMException('Read permission denied.', 'NotAllowedError')),
    });
    expect(await fillPrompt('A: {{clipboard}}', refused.s)).toEqual({
      text: 'A: {{clipboard}}',
      notes: [{ variable: 'clipboard', problem: 'clipboard-refused' }],
    });
    const empty = sources({ clipboard: async () => '' });
    expect((await fillPrompt('{{clipboard}}', empty.s)).notes).toEqual([
      { variable: 'clipboard', problem: 'clipboard-empty' },
    ]);
    const none = sources({ clipboard: undefined });
    expect((await fillPrompt('{{clipboard}}', none.s)).notes[0]?.problem).toBe('clipboard-refused');
  });

  it('names the UI language for {{language}}', async () => {
    const { s } = sources({ uiLanguage: 'ru' });
    expect((await fillPrompt('to {{language}}', s)).text).toBe('to русский');
  });
});
