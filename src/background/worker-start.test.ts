import { describe, expect, it } from 'vitest';
import { afterStart, startWithRetry } from './worker-start';

const versionError = () =>
  new DOMException(
    'The requested version (3) is less than the existing version (1000).',
    'VersionError',
  );

describe('the worker start (issue 11, case 6)', () => {
  it('tries a failed start once more, and uses the second when it works', async () => {
    let calls = 0;
    const logged: string[] = [];
    const ready = startWithRetry(
      async () => {
        calls++;
        if (calls === 1) throw versionError();
        return 'store';
      },
      (message) => logged.push(message),
    );
    await expect(ready).resolves.toBe('store');
    expect(calls).toBe(2);
    expect(logged).toEqual(['the worker did not start; trying once more']);
  });

  it('after a second failure answers every request with the coded error, and tries no more', async () => {
    let calls = 0;
    const ready = startWithRetry(
      async () => {
        calls++;
        throw versionError();
      },
      () => {},
    );
    ready.catch(() => undefined);
    const answer = async () => ({ ok: true as const, value: 'never' });
    const replies = await Promise.all([afterStart(ready, answer), afterStart(ready, answer)]);
    for (const reply of replies) {
      expect(reply).toEqual({
        ok: false,
        error: {
          code: 'storage-failed',
          message: expect.stringMatching(
            /^Parley could not start: .*Restart the browser/,
          ) as string,
          retryable: false,
          detail:
            'VersionError: The requested version (3) is less than the existing version (1000).',
        },
      });
    }
    expect(calls).toBe(2);
  });
});
