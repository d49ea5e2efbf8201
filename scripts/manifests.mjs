// The two built manifests, both derived from the one manifest.json and the version in package.json
// (the version's only home). Chromium gets manifest.json as it is; Firefox gets it adapted:
// - a background *script* (Firefox has no extension service workers; crxjs's Firefox mode takes
//   background.scripts[0] as the entry and writes a module loader for it);
// - sidebar_action instead of side_panel (Firefox has no chrome.sidePanel), no `sidePanel`
//   permission and no minimum_chrome_version (web-ext lint flags both);
// - browser_specific_settings.gecko: the add-on id (an extension's id in Firefox is this, not the
//   host of its moz-extension:// URL), the first release with everything the extension uses, and
//   the data-collection declaration addons.mozilla.org requires of new add-ons.
// Everything else (action popup, options page, permissions, host permissions, commands, locales)
// is the same in both. See docs/decisions/firefox-build.md.

export const GECKO_ID = 'parley@parley-extension';
export const FIREFOX_MIN_VERSION = '140.0';
export const FIREFOX_ANDROID_MIN_VERSION = '142.0';

/**
 * @typedef {Record<string, unknown> & {
 *   version?: string;
 *   permissions?: string[];
 *   side_panel?: { default_path: string };
 *   background?: { service_worker?: string; scripts?: string[]; type?: string };
 *   icons?: Record<string, string>;
 * }} Manifest
 */

/**
 * manifest.json for Chromium: unchanged but for the version.
 * @param {Manifest} base
 * @param {string} version
 * @returns {Manifest}
 */
export function chromeManifest(base, version) {
  return { ...structuredClone(base), version };
}

/**
 * manifest.json adapted for Firefox.
 * @param {Manifest} base
 * @param {string} version
 * @returns {Manifest}
 */
export function firefoxManifest(base, version) {
  const {
    side_panel: sidePanel,
    minimum_chrome_version: _minimumChromeVersion,
    background,
    permissions = [],
    ...rest
  } = structuredClone(base);
  const worker = background?.service_worker;
  if (!worker) throw new Error('manifest.json has no background.service_worker to adapt.');
  if (!sidePanel) throw new Error('manifest.json has no side_panel to adapt.');
  return {
    ...rest,
    version,
    background: { scripts: [worker], type: 'module' },
    sidebar_action: {
      default_panel: sidePanel.default_path,
      default_title: '__MSG_sidePanelTitle__',
      ...(rest.icons ? { default_icon: rest.icons } : {}),
      // Opened by the user (toolbar button, menu, shortcut), not on its own at install.
      open_at_install: false,
    },
    permissions: permissions.filter((permission) => permission !== 'sidePanel'),
    browser_specific_settings: {
      gecko: {
        id: GECKO_ID,
        strict_min_version: FIREFOX_MIN_VERSION,
        // Nothing leaves the browser except the user's own requests to the providers they set.
        data_collection_permissions: { required: ['none'] },
      },
      gecko_android: { strict_min_version: FIREFOX_ANDROID_MIN_VERSION },
    },
  };
}
