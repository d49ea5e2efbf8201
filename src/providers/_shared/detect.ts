// Quick probes for local servers (the first-run card offers what it finds). They never throw and
// never wait long: a closed port answers at once, a stuck one is cut by the short timeout, and the
// caller runs all probes in parallel. What they answer is the contract's Detection (types.ts).

export const DETECT_TIMEOUT_MS = 1_500;

/** GETs `url` with a short deadline; the parsed JSON body and status, or undefined on any failure. */
export async function probeJson(
  fetchFn: typeof fetch,
  url: string,
  signal: AbortSignal | undefined,
  timeoutMs = DETECT_TIMEOUT_MS,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: unknown } | undefined> {
  const signals = [AbortSignal.timeout(timeoutMs)];
  if (signal) signals.push(signal);
  try {
    const response = await fetchFn(url, { headers, signal: AbortSignal.any(signals) });
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text) as unknown;
    } catch {
      body = undefined;
    }
    return { status: response.status, body };
  } catch {
    return undefined;
  }
}
