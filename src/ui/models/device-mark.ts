// Whether a message to a provider leaves this device (docs/design.md "On the device first"): every
// provider whose server is elsewhere. The browser's own model and a server on this machine
// (localhost, 127.0.0.0/8, ::1) do not; a "local" server set to another host's address does.
import { effectiveBaseUrl } from '../../shared/base-url';
import type { ProviderInfo } from '../../shared/protocol';
import type { ProviderSettings } from '../../shared/settings';

export function leavesDevice(info: ProviderInfo, own: ProviderSettings): boolean {
  if (info.info?.runs === 'browser') return false;
  const base = effectiveBaseUrl(info, own);
  let host: string;
  try {
    host = new URL(base).hostname.toLowerCase();
  } catch {
    // No address yet (a custom endpoint): where it goes is not known; nothing is sent anyway.
    return info.info?.runs !== 'local-server';
  }
  const loopback =
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) ||
    host === '[::1]';
  return !loopback;
}
