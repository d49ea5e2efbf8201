import { describe, expect, it } from 'vitest';
import { browserModelWindow } from './browser-model-window';

/** A fake of the Prompt API's documented shape (LanguageModel.availability/create, session fields). */
function fakeLanguageModel(availability: string, session: object) {
  const calls = { created: 0, destroyed: 0 };
  return {
    calls,
    LanguageModel: {
      availability: () => Promise.resolve(availability),
      create: () => {
        calls.created += 1;
        return Promise.resolve({ ...session, destroy: () => (calls.destroyed += 1) });
      },
    },
  };
}

describe('browserModelWindow', () => {
  it('reads contextWindow, or inputQuota in older Chrome, and closes the session', async () => {
    const now = fakeLanguageModel('available', { contextWindow: 9216, inputQuota: 1 });
    await expect(browserModelWindow(now)).resolves.toBe(9216);
    expect(now.calls).toEqual({ created: 1, destroyed: 1 });
    await expect(
      browserModelWindow(fakeLanguageModel('available', { inputQuota: 6144 })),
    ).resolves.toBe(6144);
  });

  it('never starts a download, and knows nothing without the API', async () => {
    const later = fakeLanguageModel('downloadable', { contextWindow: 9216 });
    await expect(browserModelWindow(later)).resolves.toBeUndefined();
    expect(later.calls.created).toBe(0);
    await expect(browserModelWindow({})).resolves.toBeUndefined();
  });
});
