import { describe, expect, it } from 'vitest';
import { readPage, readSelection } from './page-reader';
import type { InjectionResult, Scripting } from '../shared/page-scripts';

/** executeScript answering `results` (what each browser resolves with) for every injection. */
const answering = (results: InjectionResult[]): Scripting => ({
  executeScript: () => Promise.resolve(results),
});

describe('readPage', () => {
  it('answers what the page gave', async () => {
    const page = { text: 'Body', title: 'T', url: 'https://example.com/' };
    await expect(readPage(answering([{ frameId: 0, result: page }]), 1)).resolves.toEqual(page);
  });

  it('fails with the page’s own words where Firefox resolves a script that threw', async () => {
    // Chromium rejects; Firefox resolves with the failure in the frame's `error`.
    await expect(
      readPage(answering([{ frameId: 0, error: { message: 'document is not defined' } }]), 1),
    ).rejects.toThrow('document is not defined');
    await expect(readPage(answering([{ frameId: 0 }]), 1)).rejects.toThrow('gave no text');
  });
});

describe('readSelection', () => {
  it('takes the first frame with a selection, passing over frames that failed', async () => {
    const results = [
      { frameId: 0, result: '  ' },
      { frameId: 3, error: 'x' },
      { frameId: 5, result: 'Hi' },
    ];
    await expect(readSelection(answering(results), 1)).resolves.toBe('Hi');
  });
});
