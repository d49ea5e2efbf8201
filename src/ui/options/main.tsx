import { render } from 'preact';
import { browser } from '../../shared/browser';
import { prepareView } from '../components/view-setup';
import { runtimeConnection } from '../models/connection';
import { OptionsModel } from '../models/options-model';
import { OptionsPage } from './options-page';
import { openApp } from '../../shared/open-app';
import { runtimeAppTabs } from '../../shared/app-tabs';
import '../components/theme.css';
import './options.css';

const model = new OptionsModel({
  connection: runtimeConnection,
  storage: browser.storage.local,
  permissions: {
    // Called straight from click handlers: the polyfill calls chrome.permissions.request in the
    // same turn, so the user gesture still counts.
    request: (origins) => browser.permissions.request({ origins }),
    contains: (origins) => browser.permissions.contains({ origins }),
  },
  commands: {
    getAll: async () =>
      (await browser.commands.getAll()).map((c) => ({
        name: c.name ?? '',
        description: c.description ?? '',
        shortcut: c.shortcut ?? '',
      })),
    openSettings: () => {
      // Firefox has its own page and a call that opens it; Chromium's is a chrome:// URL, which
      // only the tabs API may open.
      const api = browser.commands as { openShortcutSettings?: () => Promise<void> };
      if (api.openShortcutSettings) void api.openShortcutSettings();
      else void browser.tabs.create({ url: 'chrome://extensions/shortcuts' });
    },
  },
});
// Shortcuts change on the browser's own page: read them again when the person comes back.
addEventListener('focus', () => void model.loadCommands());

// Theme and language before the first render; then the page, then its data.
void prepareView().then(() => {
  const onOpenApp = () => void openApp(undefined, runtimeAppTabs());
  render(<OptionsPage model={model} onOpenApp={onOpenApp} />, document.getElementById('app')!);
  return model.start();
});
