import { describe, expect, it } from 'vitest';
import { expandVariables, variablesIn } from './prompt-variables';

describe('prompt variables', () => {
  it('lists the variables a prompt uses, once each, in order; spaces inside the braces allowed', () => {
    expect(
      variablesIn('{{ url }} {{selection}} {{url}} {{clipboard}} {{title}} {{other}}'),
    ).toEqual(['url', 'selection', 'clipboard', 'title']);
    expect(variablesIn('no variables, {single} braces, {{ }}')).toEqual([]);
  });

  it('fills every variable that has a value and leaves unknown ones as text', () => {
    expect(
      expandVariables('On {{title}} ({{ url }}): {{selection}} — {{unknown}}', {
        selection: 'x = 1',
        url: 'https://a.test/',
        title: 'A page',
      }),
    ).toEqual({ text: 'On A page (https://a.test/): x = 1 — {{unknown}}', missing: [] });
  });

  it('leaves a variable without a value in the text and reports it', () => {
    expect(
      expandVariables('{{selection}} vs {{clipboard}} and {{clipboard}}', { selection: 'a' }),
    ).toEqual({
      text: 'a vs {{clipboard}} and {{clipboard}}',
      missing: ['clipboard'],
    });
  });

  it('inserts values as they are: no `$&` patterns, no second pass over page text', () => {
    const hostile = 'costs $& and $1; {{clipboard}} {{url}}';
    expect(
      expandVariables('Q: {{selection}} at {{url}}', { selection: hostile, url: 'U' }),
    ).toEqual({
      text: 'Q: costs $& and $1; {{clipboard}} {{url}} at U',
      missing: [],
    });
  });

  it('fills {{language}} (the old Translate template’s)', () => {
    expect(expandVariables('to {{language}}', { language: 'русский' }).text).toBe('to русский');
  });
});
