// The side panel's half of the context-menu hand-off (docs/design.md): take this window's pending
// ask when the panel mounts, and every new one while it is open (storage.onChanged). Taking an ask
// removes it, so a panel opened later does not replay it. No timers.
import { isPendingAsk, pendingAskKey, type PendingAsk } from '../../shared/pending-ask';

export interface SessionArea {
  get(key: string): Promise<Record<string, unknown>>;
  remove(key: string): Promise<void>;
}

export interface ChangeEvents {
  addListener(
    listener: (changes: Record<string, { newValue?: unknown }>, area: string) => void,
  ): void;
}

export function watchPendingAsks(
  windowId: number,
  session: SessionArea,
  changes: ChangeEvents,
  take: (ask: PendingAsk) => void,
): Promise<void> {
  const key = pendingAskKey(windowId);
  const seen = new Set<string>();
  const consume = (value: unknown) => {
    if (!isPendingAsk(value) || seen.has(value.id)) return;
    seen.add(value.id);
    void session.remove(key);
    take(value);
  };
  // Listen first, then read: an ask stored between the two is not missed (ids de-duplicate).
  changes.addListener((changed, area) => {
    if (area === 'session' && changed[key]?.newValue !== undefined) consume(changed[key].newValue);
  });
  return session.get(key).then((stored) => consume(stored[key]));
}
