// The Platform for Firefox (the build in dist-firefox/). Firefox runs the Chrome platform's calls
// unchanged (declarativeNetRequest, cookies, storage.session, contextMenus, scripting — issue 12);
// what differs is here. The side panel is Firefox's sidebar (manifest sidebar_action): the shared
// openSidePanel (src/shared/side-panel.ts, also used by the popup's button) calls
// sidebarAction.open() where chrome.sidePanel is absent, first thing in the gesture.
import type { Platform } from './platform';
import { chromePlatform } from './chrome';

export function firefoxPlatform(log: (message: string, detail?: unknown) => void): Platform {
  return {
    ...chromePlatform(log),
    // Firefox has no Prompt API (LanguageModel): "Chrome built-in AI" is not offered at all,
    // rather than listed as unavailable.
    builtinModel: false,
  };
}
