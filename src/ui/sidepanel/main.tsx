import { browser } from '../../shared/browser';
import { mountChat } from '../components/mount-chat';
import { watchPendingAsks } from './pending-asks';
import '../components/theme.css';

const model = mountChat('sidepanel', document.getElementById('app')!);

// Asks from the context menu or the keyboard command arrive for this window.
void browser.windows.getCurrent().then((win) => {
  if (win.id === undefined) return;
  return watchPendingAsks(win.id, browser.storage.session, browser.storage.onChanged, (ask) =>
    model.takeAsk(ask),
  );
});
