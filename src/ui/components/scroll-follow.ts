// Following a reply as it grows, the way a reader expects: the view stays at the end while the
// reader is there, stops the moment they scroll up (by any amount: wheel, keys, scrollbar, touch),
// and follows again once they come back down to the end. A gap rule ("re-stick when under N px")
// undoes small scrolls; here only the direction of the reader's own movement decides.
import { signal, type ReadonlySignal } from '@preact/signals';

/** How close to the end counts as "at the end" when scrolling down (fractional pixels, zoom). */
const END_SLACK_PX = 8;

export interface ScrollFollow {
  /** True while the reader is away from the end (show "jump to latest"). */
  readonly away: ReadonlySignal<boolean>;
  /** Goes to the end and follows again (the jump button, opening a conversation). */
  toEnd(): void;
  dispose(): void;
}

/**
 * Follows `content` growing inside the scrolling `list`. Growth of any kind (streamed text, a
 * lazily rendered code block, the composer taking height) keeps the end in view while following.
 */
export function followScroll(list: HTMLElement, content: HTMLElement): ScrollFollow {
  const away = signal(false);
  let following = true;
  // The last scrollTop we saw, to tell the reader's upward movement from our own downward jumps.
  let lastTop = list.scrollTop;

  const gap = () => list.scrollHeight - list.scrollTop - list.clientHeight;
  const stick = () => {
    list.scrollTop = list.scrollHeight;
    lastTop = list.scrollTop;
  };
  const update = () => {
    away.value = !following && gap() > END_SLACK_PX;
  };
  const stop = () => {
    following = false;
    update();
  };

  const onWheel = (event: WheelEvent) => {
    // Before the scroll happens: a wheel up while a delta arrives must not be undone by it.
    if (event.deltaY < 0 && list.scrollTop > 0) stop();
  };
  const onScroll = () => {
    const top = list.scrollTop;
    // Up, and not merely clamped at the end because the content got shorter.
    if (top < lastTop - 0.5 && gap() > END_SLACK_PX) following = false;
    else if (top > lastTop && gap() <= END_SLACK_PX) following = true;
    lastTop = top;
    update();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (['PageUp', 'Home', 'ArrowUp'].includes(event.key) && list.scrollTop > 0) stop();
  };
  const onResize = () => {
    if (following) stick();
    update();
  };

  list.addEventListener('wheel', onWheel, { passive: true });
  list.addEventListener('scroll', onScroll, { passive: true });
  list.addEventListener('keydown', onKeyDown);
  // Every browser the extension runs in has it; a DOM without layout (unit tests) does not.
  const observer = typeof ResizeObserver === 'function' ? new ResizeObserver(onResize) : undefined;
  observer?.observe(content);
  observer?.observe(list);
  stick();

  return {
    away,
    toEnd() {
      following = true;
      stick();
      update();
    },
    dispose() {
      observer?.disconnect();
      list.removeEventListener('wheel', onWheel);
      list.removeEventListener('scroll', onScroll);
      list.removeEventListener('keydown', onKeyDown);
    },
  };
}
