// The full-page chat (issue 13): the same chat as the popup and the side panel, in a tab, with
// the history beside it. `#conversation=<id>` names the conversation shown, both ways: it opens
// that one, and follows what the page shows (a reload keeps it; a link can point at it).
import { effect } from '@preact/signals';
import { mountChat } from '../components/mount-chat';
import { appHash, conversationFromHash } from '../../shared/open-app';
import { AppLayout, rememberedSidebar } from './app-layout';
import '../components/theme.css';
import './app.css';

const sidebarOpen = rememberedSidebar(globalThis.localStorage);
const opened = conversationFromHash(location.hash);

const model = mountChat('app', document.getElementById('app')!, {
  ...(opened ? { conversationId: opened } : {}),
  layout: (chat, chatModel) => (
    <AppLayout model={chatModel} chat={chat} sidebarOpen={sidebarOpen} />
  ),
});

// Another view asked for a conversation while the page was open (openApp moves its hash).
addEventListener('hashchange', () => {
  const id = conversationFromHash(location.hash);
  if (id && id !== model.conversation.peek()?.id) model.attach(id);
});

// The hash follows the conversation shown; a temporary chat is not named (it is gone on restart).
// Until the one it was opened on arrives, the hash stays as it came.
let waiting = opened !== undefined;
effect(() => {
  const conversation = model.conversation.value;
  if (conversation) waiting = false;
  if (waiting) return;
  const hash = conversation && !conversation.temporary ? appHash(conversation.id) : '';
  if (location.hash !== hash) history.replaceState(null, '', `${location.pathname}${hash}`);
});
