// Timeouts combined with the caller's abort signal. The caller (the background job) owns the
// reply's lifetime; a provider's timeout only adds a deadline. We keep the two apart so an abort by
// the user is reported as `abort`, and a deadline as a `timeout` error.

export interface Deadline {
  /** Aborts when the caller aborts or the deadline passes. */
  signal: AbortSignal;
  /** True once the deadline (not the caller) caused the abort. */
  timedOut(): boolean;
  /** Clears the timer; call it when the work is done. */
  dispose(): void;
}

export function withDeadline(callerSignal: AbortSignal, timeoutMs: number | undefined): Deadline {
  const controller = new AbortController();
  let expired = false;
  const onAbort = () => controller.abort(callerSignal.reason);
  if (callerSignal.aborted) controller.abort(callerSignal.reason);
  else callerSignal.addEventListener('abort', onAbort, { once: true });
  const timer =
    timeoutMs !== undefined && timeoutMs > 0 && Number.isFinite(timeoutMs)
      ? setTimeout(() => {
          expired = true;
          controller.abort(new DOMException('The provider took too long.', 'TimeoutError'));
        }, timeoutMs)
      : undefined;
  return {
    signal: controller.signal,
    timedOut: () => expired,
    dispose() {
      if (timer !== undefined) clearTimeout(timer);
      callerSignal.removeEventListener('abort', onAbort);
    },
  };
}

export function isAbortError(error: unknown): boolean {
  return error instanceof DOMException
    ? error.name === 'AbortError' || error.name === 'TimeoutError'
    : typeof error === 'object' &&
        error !== null &&
        (error as { name?: unknown }).name === 'AbortError';
}
