// While a reply runs, and only then, the worker keeps itself awake (docs/design.md, "Streaming",
// point 4): since Chrome 110 any extension API call resets the 30 s idle timer, so a cheap call
// every 20 s covers a first byte that takes longer than 30 s. When nothing runs, the timer stops
// and the worker may sleep.
// https://developer.chrome.com/docs/extensions/develop/concepts/service-workers/lifecycle

export const KEEP_ALIVE_INTERVAL_MS = 20_000;

export interface KeepAlive {
  /** Tell it how many replies run now. */
  update(running: number): void;
  readonly active: boolean;
}

export function createKeepAlive(
  ping: () => Promise<unknown>,
  intervalMs = KEEP_ALIVE_INTERVAL_MS,
): KeepAlive {
  let timer: ReturnType<typeof setInterval> | undefined;
  return {
    update(running) {
      if (running > 0 && timer === undefined) {
        timer = setInterval(() => void ping().catch(() => undefined), intervalMs);
      } else if (running === 0 && timer !== undefined) {
        clearInterval(timer);
        timer = undefined;
      }
    },
    get active() {
      return timer !== undefined;
    },
  };
}
