// The worker's start (open the store, recover, build the engine), made dependable: a start that
// fails is tried once more, and if that fails too, every request is answered with a coded error
// instead of waiting for ever (issue 11). index.ts calls it; the work itself stays there.
import { storageFailed, toWireError, type WireError } from '../shared/errors';
import type { Reply } from '../shared/protocol';

/** The error every request gets when the worker could not start. */
export function startError(cause: unknown): WireError {
  return storageFailed(
    'Parley could not start: the browser’s storage did not open, so nothing can be sent or saved. Restart the browser; if it keeps failing, free disk space.',
    cause,
  );
}

/**
 * Runs `start`; if it fails, once more. The promise rejects with startError() when both fail,
 * so whatever awaits it (requests, chat ports) answers with that coded error.
 */
export function startWithRetry<T>(
  start: () => Promise<T>,
  log: (message: string, detail?: unknown) => void,
): Promise<T> {
  return start().catch((first: unknown) => {
    log('the worker did not start; trying once more', first);
    return start().catch((second: unknown) => {
      log('the worker did not start', second);
      throw startError(second);
    });
  });
}

/** A request's answer once the worker is ready, or the start's coded error. */
export function afterStart<T, R>(
  ready: Promise<T>,
  answer: () => Promise<Reply<R>>,
): Promise<Reply<R>> {
  return ready.then(answer, (error: unknown) => ({ ok: false, error: toWireError(error) }));
}
