import { describe, expect, it } from 'vitest';
import manifest from '../manifest.json' with { type: 'json' };
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');

describe('manifest.json', () => {
  it('is MV3 with the surfaces and a module worker', () => {
    expect(manifest.manifest_version).toBe(3);
    expect(manifest.minimum_chrome_version).toBe('116');
    expect(manifest.action.default_popup).toBe('src/ui/popup/index.html');
    expect(manifest.side_panel.default_path).toBe('src/ui/sidepanel/index.html');
    expect(manifest.options_ui.page).toBe('src/ui/options/index.html');
    expect(manifest.background).toEqual({
      service_worker: 'src/background/index.ts',
      type: 'module',
    });
  });

  it('asks for exactly the permissions the design names, and no content scripts', () => {
    expect([...manifest.permissions].sort()).toEqual(
      [
        'activeTab',
        'contextMenus',
        'cookies',
        'declarativeNetRequestWithHostAccess',
        'scripting',
        'sidePanel',
        'storage',
      ].sort(),
    );
    expect(manifest.host_permissions).toEqual([
      'https://chatanywhere.cn/*',
      'https://opchatgpts.net/*',
      'https://chat.acytoo.com/*',
      'https://chat-gpt.org/*',
      'http://localhost/*',
      'http://127.0.0.1/*',
    ]);
    expect(manifest.optional_host_permissions).toEqual(['https://*/*', 'http://*/*']);
    // Open tabs as context: every tab's title and address only once the person asks to see them.
    expect(manifest.optional_permissions).toEqual(['tabs']);
    expect(manifest).not.toHaveProperty('content_scripts');
    expect(manifest).not.toHaveProperty('externally_connectable');
  });

  it('names and describes itself through _locales and has every icon on disk', () => {
    expect(manifest.name).toBe('__MSG_extName__');
    expect(manifest.description).toBe('__MSG_extDescription__');
    expect(manifest.default_locale).toBe('en');
    for (const [size, path] of Object.entries(manifest.icons)) {
      expect(path).toBe(`icons/icon-${size}.png`);
      expect(existsSync(resolve(root, 'public', path)), path).toBe(true);
    }
  });
});
