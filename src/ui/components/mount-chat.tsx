// Mounts the chat in a view (popup, side panel, full page): one model, one Port, the last
// conversation (or the one the full page was opened on).
import { render, type VNode } from 'preact';
import { browser } from '../../shared/browser';
import { needsSetup } from '../../shared/settings';
import { signal } from '@preact/signals';
import { ChatModel } from '../models/chat-model';
import { runtimeConnection } from '../models/connection';
import { storageSettingsSource } from '../models/settings-source';
import { updateSettingsInWorker } from '../models/settings-writer';
import { AppShell, type Surface } from './app-shell';
import { runtimePageActions } from './runtime-page-actions';
import { ChatView } from './chat-view';
import { setupCard } from './chat-parts';
import { prepareView } from './view-setup';
import { captureActiveTab } from '../attachments/screenshot';
import { keepDrafts, newChatDraft } from '../models/drafts';
import { openSidePanel } from '../../shared/side-panel';
import { openApp } from '../../shared/open-app';
import { runtimeAppTabs } from '../../shared/app-tabs';
import type { Signal } from '@preact/signals';
import type { HistoryControl } from './history-drawer';
import { composerTabs } from './runtime-composer-tabs';

/** What a view's layout passes down to the chat it places. */
export interface ChatPlacement {
  history?: HistoryControl;
}

export interface MountOptions {
  /** Open this conversation rather than the most recent one (the full page's `#conversation=`). */
  conversationId?: string;
  /** Places the chat in the view's own layout (the full page's sidebar); the chat alone without. */
  layout?: (chat: (placement: ChatPlacement) => VNode, model: ChatModel) => VNode;
}

/**
 * Returns the model at once (the side panel hands it asks); renders once the theme and language
 * are applied, so the first render is already in the user's colours and words.
 */
export function mountChat(
  surface: Exclude<Surface, 'options'>,
  root: HTMLElement,
  options: MountOptions = {},
): ChatModel {
  const model = new ChatModel({
    connection: runtimeConnection,
    actions: runtimePageActions,
    // The picker shows each provider's state and follows the settings as they change.
    settings: storageSettingsSource(browser.storage.local, runtimeConnection),
    // The composer's "Screenshot of this tab" (attachments/screenshot.ts); not in the full-page
    // app, which is itself the tab a capture would show. Pending attachments are kept beside the
    // text drafts (kept-attachments.ts).
    attachments: {
      keep: browser.storage.session,
      ...(surface === 'app' ? {} : { capture: captureActiveTab }),
    },
  });
  const showSetup = signal(false);
  const tabs = composerTabs(model);
  // The picked provider becomes the default for the next new chat.
  const remember = (providerId: string) =>
    void updateSettingsInWorker(runtimeConnection, browser.storage.local, (s) => ({
      ...s,
      defaultProviderId: providerId,
    })).catch(() => undefined);
  const drafts = browser.storage.session;
  // The popup's side panel button must call the API inside the click, before any await: the
  // window is known beforehand.
  let windowId: number | undefined;
  if (surface === 'popup') void browser.windows.getCurrent().then((win) => (windowId = win.id));
  const toSidePanel = () => {
    if (windowId === undefined) return;
    void openSidePanel(windowId).then(() => window.close());
  };
  // The full page opens on the conversation shown here; the popup then closes (it would cover it).
  const toApp = () =>
    void openApp(model.conversation.value?.id, runtimeAppTabs()).then(() => {
      if (surface === 'popup') window.close();
    });
  const chat = (placement: ChatPlacement) => (
    <ChatView
      model={model}
      onProviderChange={remember}
      tabs={tabs}
      banner={<SetupGate model={model} visible={showSetup} />}
      {...(surface === 'popup' ? { onOpenSidePanel: toSidePanel } : {})}
      {...(surface === 'app' ? {} : { onOpenApp: toApp })}
      {...placement}
    />
  );
  void Promise.all([prepareView(), newChatDraft(drafts).catch(() => '')]).then(
    async ([settings, draft]) => {
      keepDrafts(model, drafts);
      showSetup.value = needsSetup(settings);
      // The first-run card is a chunk of its own (chat-parts.ts): a view that shows it waits for
      // it, so the card is in the first render rather than appearing under the person's eyes.
      if (showSetup.value) await setupCard.load();
      render(
        <AppShell surface={surface}>
          {options.layout ? options.layout(chat, model) : chat({})}
        </AppShell>,
        root,
      );
      // A chat begun but not sent is where the view left off: open on it, not the last one.
      const started = model.start(
        settings.defaultProviderId,
        draft !== '' || options.conversationId !== undefined,
      );
      // After start() opened the port (synchronously), before the most recent one comes back.
      if (options.conversationId) model.attach(options.conversationId);
      return started;
    },
  );
  addEventListener('pagehide', () => model.dispose());
  return model;
}

function SetupGate({ model, visible }: { model: ChatModel; visible: Signal<boolean> }) {
  if (!visible.value) return null;
  return (
    <setupCard.View
      model={model}
      connection={runtimeConnection}
      storage={browser.storage.local}
      openOptions={() => void browser.runtime.openOptionsPage()}
      onDone={() => (visible.value = false)}
    />
  );
}
