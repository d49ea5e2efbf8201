// The chat's lazily loaded parts (lazy-view.tsx), one definition each, and the idle preload that
// fetches the ones a person may reach for at once (the `/` menu, compare, the tab picker, an
// error's fixes, the attachment chips, the context meter), so a key or a click does not wait for
// them.
// scripts/check-size.mjs fails the build's size check when any of these chunks is in a view's
// first load (LAZY_CHUNKS there: keep the two lists together).
import { lazyView, whenIdle } from './lazy-view';

export const compareColumns = lazyView(() =>
  import('./compare-columns').then((m) => m.CompareColumns),
);
export const comparePicker = lazyView(() =>
  import('./compare-picker').then((m) => m.ComparePicker),
);
export const promptMenuView = lazyView(() =>
  import('./prompt-menu-view').then((m) => m.PromptMenuView),
);
export const tabPicker = lazyView(() => import('./tab-picker').then((m) => m.TabPicker));
export const contextMeter = lazyView(() =>
  import('./context-meter-view').then((m) => m.ContextMeter),
);
export const attachmentChips = lazyView(() =>
  import('./attachment-chips').then((m) => m.AttachmentChips),
);
export const deviceActions = lazyView(() =>
  import('./device-actions').then((m) => m.DeviceActions),
);
export const setupCard = lazyView(() => import('./setup-card').then((m) => m.SetupCard));
export const errorFixes = lazyView(() => import('./error-fixes').then((m) => m.ErrorFixes));
export const messageAttachments = lazyView(() =>
  import('./message-attachments').then((m) => m.MessageAttachments),
);

/** Called once the chat has painted. (The on-device actions and the setup card load on use.) */
export function preloadChatParts(): void {
  whenIdle([
    promptMenuView.load,
    comparePicker.load,
    compareColumns.load,
    tabPicker.load,
    contextMeter.load,
    attachmentChips.load,
    errorFixes.load,
    messageAttachments.load,
  ]);
}
