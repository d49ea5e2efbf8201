// Mounts the chat in a view (popup or side panel): one model, one Port, the last conversation.
import { render } from 'preact';
import { browser } from '../../shared/browser';
import { updateSettings } from '../../shared/settings';
import { ChatModel } from '../models/chat-model';
import { runtimeConnection } from '../models/connection';
import { AppShell, type Surface } from './app-shell';
import { ChatView } from './chat-view';
import { prepareView } from './view-setup';

/**
 * Returns the model at once (the side panel hands it asks); renders once the theme and language
 * are applied, so the first render is already in the user's colours and words.
 */
export function mountChat(surface: Exclude<Surface, 'options'>, root: HTMLElement): ChatModel {
  const model = new ChatModel({ connection: runtimeConnection });
  // The picked provider becomes the default for the next new chat.
  const remember = (providerId: string) =>
    void updateSettings(browser.storage.local, (s) => ({ ...s, defaultProviderId: providerId }));
  void prepareView().then((settings) => {
    render(
      <AppShell surface={surface}>
        <ChatView model={model} onProviderChange={remember} />
      </AppShell>,
      root,
    );
    return model.start(settings.defaultProviderId);
  });
  addEventListener('pagehide', () => model.dispose());
  return model;
}
