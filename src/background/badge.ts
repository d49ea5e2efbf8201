// The toolbar badge: a marker while any reply runs; when a reply ends with no view watching it, a
// count of such replies, cleared when the next view opens.
import type { BadgeApi } from '../platform/platform';

export type { BadgeApi };

export const BADGE_RUNNING = '…';
const RUNNING_COLOR = '#4c6ef5';
const UNSEEN_COLOR = '#2b8a3e';

export interface Badge {
  setRunning(running: number): void;
  replyEnded(watched: boolean): void;
  /** A view opened: the user has seen what finished. */
  seen(): void;
}

export function createBadge(api: BadgeApi): Badge {
  let running = 0;
  let unseen = 0;
  let shown: string | undefined;
  const render = () => {
    const text = running > 0 ? BADGE_RUNNING : unseen > 0 ? String(unseen) : '';
    if (text === shown) return;
    shown = text;
    void api.setBadgeText({ text }).catch(() => undefined);
    if (text)
      void api
        .setBadgeBackgroundColor({ color: running > 0 ? RUNNING_COLOR : UNSEEN_COLOR })
        .catch(() => undefined);
  };
  return {
    setRunning(n) {
      running = n;
      render();
    },
    replyEnded(watched) {
      if (!watched) unseen++;
      render();
    },
    seen() {
      unseen = 0;
      render();
    },
  };
}
