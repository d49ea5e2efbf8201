// The one rule for a provider's address, used by the worker, the adapters and the options page:
// which base URL a request goes to, how it is written (no trailing slash), and which host
// permission it needs. Kept apart from provider code so the views can use it too (docs/design.md,
// "Who may import whom").

/** A base URL as requests join it: trimmed, without trailing slashes (`B` in the seed spec). */
export function trimBase(baseUrl: URL | string): string {
  return String(baseUrl).trim().replace(/\/+$/, '');
}

/** The base URL requests go to: the settings' override, or the provider's default. */
export function effectiveBaseUrl(
  provider: { readonly defaultBaseUrl: string },
  settings: { readonly baseUrl?: string | undefined },
): string {
  return trimBase(settings.baseUrl?.trim() || provider.defaultBaseUrl);
}

/** Whether `text` is an absolute http(s) URL with a host. */
export function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/**
 * The host permission a URL or origin needs: `<scheme>://<host>/*`. Match patterns carry no port,
 * so the pattern covers the host's every port (Firefox refuses a port in a pattern outright).
 * Undefined for anything that is not an http(s) URL.
 */
export function originPattern(urlOrOrigin: string): string | undefined {
  if (!isHttpUrl(urlOrOrigin)) return undefined;
  const url = new URL(urlOrOrigin);
  return `${url.protocol}//${url.hostname}/*`;
}

/** `https://host` for an http(s) URL or origin; undefined for anything else. */
export function httpOrigin(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}
