// The two built manifests derive from manifest.json and package.json (scripts/manifests.mjs).
import { describe, expect, it } from 'vitest';
import manifest from '../manifest.json' with { type: 'json' };
import pkg from '../package.json' with { type: 'json' };
import {
  chromeManifest,
  firefoxManifest,
  FIREFOX_ANDROID_MIN_VERSION,
  FIREFOX_MIN_VERSION,
  GECKO_ID,
} from '../scripts/manifests.mjs';

describe('the version', () => {
  it('lives in package.json only, and both manifests take it from there', () => {
    expect(manifest).not.toHaveProperty('version');
    expect(chromeManifest(manifest, pkg.version).version).toBe(pkg.version);
    expect(firefoxManifest(manifest, pkg.version).version).toBe(pkg.version);
    expect(chromeManifest(manifest, '9.8.7').version).toBe('9.8.7');
  });
});

describe('chromeManifest', () => {
  it('is manifest.json with the version and nothing else changed', () => {
    const { version, ...rest } = chromeManifest(manifest, '1.2.3');
    expect(version).toBe('1.2.3');
    expect(rest).toEqual(manifest);
  });
});

describe('firefoxManifest', () => {
  const firefox = firefoxManifest(manifest, '1.2.3');

  it('runs the same background entry as a module background script', () => {
    expect(firefox.background).toEqual({
      scripts: [manifest.background.service_worker],
      type: 'module',
    });
  });

  it('turns the side panel into a sidebar with the same page, opened by the user', () => {
    expect(firefox).not.toHaveProperty('side_panel');
    expect(firefox.sidebar_action).toEqual({
      default_panel: manifest.side_panel.default_path,
      default_title: '__MSG_sidePanelTitle__',
      default_icon: manifest.icons,
      open_at_install: false,
    });
  });

  it('drops what only Chromium knows and keeps every other permission', () => {
    expect(firefox).not.toHaveProperty('minimum_chrome_version');
    expect(firefox.permissions).toEqual(manifest.permissions.filter((p) => p !== 'sidePanel'));
    expect(firefox.host_permissions).toEqual(manifest.host_permissions);
    expect(firefox.optional_host_permissions).toEqual(manifest.optional_host_permissions);
    expect(firefox.optional_permissions).toEqual(['tabs']);
  });

  it('names the add-on, its first Firefox releases and that it collects no data', () => {
    expect(firefox.browser_specific_settings).toEqual({
      gecko: {
        id: GECKO_ID,
        strict_min_version: FIREFOX_MIN_VERSION,
        data_collection_permissions: { required: ['none'] },
      },
      gecko_android: { strict_min_version: FIREFOX_ANDROID_MIN_VERSION },
    });
    expect(GECKO_ID).toMatch(/^[a-zA-Z0-9-._]*@[a-zA-Z0-9-._]+$/);
  });

  it('keeps the views, commands, locale and icons as they are', () => {
    for (const key of [
      'action',
      'options_ui',
      'commands',
      'default_locale',
      'icons',
      'name',
    ] as const)
      expect(firefox[key], key).toEqual(manifest[key]);
  });

  it('leaves manifest.json itself untouched', () => {
    const before = JSON.stringify(manifest);
    firefoxManifest(manifest, '1.2.3');
    chromeManifest(manifest, '1.2.3');
    expect(JSON.stringify(manifest)).toBe(before);
  });

  it('refuses a manifest without the parts it adapts', () => {
    const { background: _b, ...noWorker } = manifest;
    expect(() => firefoxManifest(noWorker, '1.0.0')).toThrow(/service_worker/);
    const { side_panel: _s, ...noPanel } = manifest;
    expect(() => firefoxManifest(noPanel, '1.0.0')).toThrow(/side_panel/);
  });
});
