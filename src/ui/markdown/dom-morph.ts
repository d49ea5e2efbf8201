// The live block of a streaming reply changes by a few characters a delta, but it is rendered
// afresh each time (lexed, rendered, sanitised). Swapping the fresh nodes in would make the browser
// style and lay out the whole block again on every delta; instead the fresh nodes are laid over
// the shown ones: the same element stays where its tag is the same (its attributes brought up to
// date), a text node that only grew gets the new characters appended, and only where the shape
// differs is a node replaced. Usually a delta is then one `appendData`: no style recalculation,
// and layout of one line box.
//
// Hand-written (docs/decisions/streaming-markdown.md): the known DOM morphing libraries
// (morphdom, idiomorph) carry id matching, form state and lookahead this does not need, and none
// appends to a text node that grew.

/** Makes `target`'s children equal to `source`'s (consuming `source`'s children where reused). */
export function morphChildren(target: Node, source: Node): void {
  let old = target.firstChild;
  let next = source.firstChild;
  while (next) {
    const following = next.nextSibling;
    if (!old) {
      target.appendChild(next);
    } else {
      if (!morphNode(old, next)) {
        target.replaceChild(next, old);
        old = next;
      }
      old = old.nextSibling;
    }
    next = following;
  }
  while (old) {
    const following = old.nextSibling;
    target.removeChild(old);
    old = following;
  }
}

/** Brings `old` to `next`'s state in place; false when it cannot (another kind of node). */
function morphNode(old: Node, next: Node): boolean {
  if (old.nodeType !== next.nodeType || old.nodeName !== next.nodeName) return false;
  if (old.nodeType === Node.TEXT_NODE || old.nodeType === Node.COMMENT_NODE) {
    const was = (old as CharacterData).data;
    const now = (next as CharacterData).data;
    if (was === now) return true;
    if (now.length > was.length && now.startsWith(was))
      (old as CharacterData).appendData(now.slice(was.length));
    else (old as CharacterData).data = now;
    return true;
  }
  if (old.nodeType !== Node.ELEMENT_NODE) return false;
  syncAttributes(old as Element, next as Element);
  morphChildren(old, next);
  return true;
}

function syncAttributes(old: Element, next: Element): void {
  const wanted = next.attributes;
  for (let i = 0; i < wanted.length; i++) {
    const { name, value } = wanted[i]!;
    if (old.getAttribute(name) !== value) old.setAttribute(name, value);
  }
  const had = old.attributes;
  for (let i = had.length - 1; i >= 0; i--) {
    const { name } = had[i]!;
    if (!next.hasAttribute(name)) old.removeAttribute(name);
  }
}

/**
 * Lays `fresh` (detached elements) over `shown` (children of `parent`, in order, followed by
 * `before`): element by element, reusing each shown one that has the same tag. Returns the
 * elements now shown.
 */
export function morphElements(
  parent: Node,
  shown: readonly Element[],
  fresh: readonly Element[],
  before: Node | null,
): Element[] {
  const result: Element[] = [];
  let i = 0;
  for (; i < fresh.length; i++) {
    const old = shown[i];
    const next = fresh[i]!;
    if (old && morphNode(old, next)) result.push(old);
    else {
      if (old) parent.replaceChild(next, old);
      else parent.insertBefore(next, before);
      result.push(next);
    }
  }
  for (; i < shown.length; i++) shown[i]!.remove();
  return result;
}
