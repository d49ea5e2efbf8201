import { render } from 'preact';
import { browser } from '../../shared/browser';
import { prepareView } from '../components/view-setup';
import { runtimeConnection } from '../models/connection';
import { OptionsModel } from '../models/options-model';
import { OptionsPage } from './options-page';
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
});

// Theme and language before the first render; then the page, then its data.
void prepareView().then(() => {
  render(<OptionsPage model={model} />, document.getElementById('app')!);
  return model.start();
});
