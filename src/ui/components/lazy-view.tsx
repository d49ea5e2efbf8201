// Parts of the chat that only some uses need (compare, the `/` menu's list, the tab picker, the
// on-device actions, the first-run card, an error's fixes, a message's attachments) stay out of
// every view's first load (docs/performance.md, size budget): each is a chunk fetched with
// import() the first time it is rendered, or earlier when the view is idle or the person heads
// for it (preloadChatParts, and the composer's own hints), so it is there before it is needed.
// Until it arrives (a few milliseconds from the extension's own files) the place shows `fallback`
// — nothing unless the caller passes a placeholder — and the part renders as soon as it is in.
// A part's CSS stays in the first load (imported by its first-load neighbour): CSS is not in the
// budget, a stylesheet that came later would change the cascade's order, and a part arriving
// before its styles would show unstyled.
import type { ComponentChildren, ComponentType } from 'preact';
import { signal } from '@preact/signals';

export interface LazyView<P extends object> {
  /** Starts the fetch (once; again after a failure); resolves when the part can render. */
  load(): Promise<void>;
  /** The part once it is in; `fallback` until then. */
  View: (props: P & { fallback?: ComponentChildren }) => ComponentChildren;
}

export function lazyView<P extends object>(
  fetchPart: () => Promise<ComponentType<P>>,
): LazyView<P> {
  const part = signal<ComponentType<P> | undefined>(undefined);
  let loading: Promise<void> | undefined;
  const load = () =>
    (loading ??= fetchPart().then(
      (component) => {
        part.value = component;
      },
      () => {
        loading = undefined; // tried again at the next render or preload
      },
    ));
  function View({ fallback = null, ...props }: P & { fallback?: ComponentChildren }) {
    const Part = part.value;
    if (Part) return <Part {...(props as P)} />;
    void load();
    return fallback;
  }
  return { load, View };
}

/** After the first paint, when the view is idle: `load` for each part a chat may soon need. */
export function whenIdle(loads: readonly (() => Promise<void>)[]): void {
  const run = () => loads.forEach((load) => void load());
  if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 2000 });
  else setTimeout(run, 200);
}
