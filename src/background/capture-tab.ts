// tabs.captureVisibleTab for the worker (screenshot-ask.ts): a PNG, or a JPEG at quality 92.
import { browser } from '../shared/browser';
import type { ScreenshotDeps } from './screenshot-ask';

export const captureTab: ScreenshotDeps['captureTab'] = (windowId, format) =>
  browser.tabs.captureVisibleTab(windowId, format === 'png' ? { format } : { format, quality: 92 });
