// What the fixes offered with an error do outside the chat: open the options page at a provider,
// ask for a host permission, open a provider's site. Injected into the model, so views stay
// testable without an extension around them (tests pass a recording fake). Also what the `/` menu
// reads from the browser to fill a prompt (prompt-fill.ts).
import type { PageFacts } from './prompt-fill';

export interface PageActions {
  /** Opens the options page at the provider's settings (`#provider=<id>`). */
  openProviderSettings(providerId: string | undefined): void;
  /**
   * Asks for access to an origin. Must be called synchronously inside the click handler: the
   * permission prompt needs the user gesture, which does not survive an `await`.
   */
  requestHostAccess(origin: string): Promise<boolean>;
  /** Opens a URL in a new tab (a provider's site, to sign in or pass its check). */
  openTab(url: string): void;
  /** The base URL the user set for a provider, if any (settings.providers[id].baseUrl). */
  baseUrlOverride(providerId: string): Promise<string | undefined>;
  /**
   * The active tab's address, title and selection, as far as the browser lets Parley read them
   * without a new permission (the `/` menu's variables; none where there is no browser).
   */
  readActiveTab?(): Promise<PageFacts>;
  /** The clipboard's text; rejects when the browser refuses (the `/` menu's {{clipboard}}). */
  readClipboard?(): Promise<string>;
}

export const noPageActions: PageActions = {
  openProviderSettings: () => undefined,
  requestHostAccess: () => Promise.resolve(false),
  openTab: () => undefined,
  baseUrlOverride: () => Promise.resolve(undefined),
};

/** The options page, opened at one provider's settings. */
export function providerSettingsPath(providerId: string | undefined): string {
  const page = 'src/ui/options/index.html';
  return providerId ? `${page}#provider=${encodeURIComponent(providerId)}` : page;
}
