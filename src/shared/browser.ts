// The only module that imports webextension-polyfill (docs/design.md, "Stack"). Everything else
// imports `browser` from here, so a later switch to the native `browser` global is a one-line
// change. The polyfill never wrapped `sidePanel`; see side-panel.ts for that one.
import browser from 'webextension-polyfill';

export { browser };
export type { Runtime, Storage, Tabs, Menus, Windows } from 'webextension-polyfill';
