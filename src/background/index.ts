// The service worker's composition root. Every listener is registered here, synchronously at the
// top level, so Chrome can wake the worker for any event; the work waits on one `ready` promise
// (the pattern uBlock Origin Lite uses).
import { browser, type Runtime } from '../shared/browser';
import { openSidePanel } from '../shared/side-panel';
import { t } from '../shared/i18n';
import { isRequestEnvelope } from '../shared/protocol';
import { isOwnExtensionPage } from './sender';
import { createMenus, handleMenuClick } from './context-menu';
import { answerRequest, type RequestHandlers } from './requests';

const extensionId = browser.runtime.id;
const extensionOrigin = browser.runtime.getURL('');

const log = (message: string, detail?: unknown): void => {
  console.info(`[parley] ${message}`, detail ?? '');
};

/** Everything the worker needs before it handles a message. */
const ready: Promise<void> = Promise.resolve();

const handlers: RequestHandlers = {
  ping: async () => ({ version: browser.runtime.getManifest().version }),
};

browser.runtime.onInstalled.addListener(() => {
  void createMenus({
    menus: {
      removeAll: () => browser.contextMenus.removeAll(),
      create: (props) => {
        chrome.contextMenus.create(props);
      },
    },
    translate: t,
  });
});

browser.contextMenus.onClicked.addListener((info, tab) => {
  // No await before openSidePanel: the click's user gesture is only good synchronously.
  void handleMenuClick(info, tab, {
    openSidePanel,
    sessionSet: (items) => browser.storage.session.set(items),
    now: Date.now,
    log,
  });
});

browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
  if (!isRequestEnvelope(message)) return undefined;
  if (!isOwnExtensionPage(sender, extensionId, extensionOrigin)) {
    log('ignored a request from outside the extension', sender.url);
    return undefined;
  }
  return ready.then(() => answerRequest(handlers, message.type, message.params));
});
