export type Manifest = Record<string, unknown> & {
  version?: string;
  permissions?: string[];
  side_panel?: { default_path: string };
  background?: { service_worker?: string; scripts?: string[]; type?: string };
  icons?: Record<string, string>;
};
export const GECKO_ID: string;
export const FIREFOX_MIN_VERSION: string;
export const FIREFOX_ANDROID_MIN_VERSION: string;
export function chromeManifest(base: Manifest, version: string): Manifest;
export function firefoxManifest(base: Manifest, version: string): Manifest;
