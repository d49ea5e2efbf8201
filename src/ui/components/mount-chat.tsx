// Mounts the chat in a view (popup or side panel): one model, one Port, the last conversation.
import { render } from 'preact';
import { browser } from '../../shared/browser';
import { readSettings, updateSettings } from '../../shared/settings';
import { ChatModel } from '../models/chat-model';
import { runtimeConnection } from '../models/connection';
import { AppShell, type Surface } from './app-shell';
import { ChatView } from './chat-view';

export function mountChat(surface: Exclude<Surface, 'options'>, root: HTMLElement): ChatModel {
  const model = new ChatModel({ connection: runtimeConnection });
  // The picked provider becomes the default for the next new chat.
  const remember = (providerId: string) =>
    void updateSettings(browser.storage.local, (s) => ({ ...s, defaultProviderId: providerId }));
  render(
    <AppShell surface={surface}>
      <ChatView model={model} onProviderChange={remember} />
    </AppShell>,
    root,
  );
  void readSettings(browser.storage.local).then((settings) =>
    model.start(settings.defaultProviderId),
  );
  addEventListener('pagehide', () => model.dispose());
  return model;
}
