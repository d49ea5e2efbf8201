// Mermaid decodes label text through `innerHTML` on a detached element of the live page (its
// entityDecode). A detached <img src onerror> still loads and fires — blocked by the extension's
// CSP, but an attempt all the same, and the image request would leave. So before Mermaid sees a
// diagram's source, every `<` that opens a tag other than the few formatting tags labels use is
// written as Mermaid's own entity `#lt;` (the label still shows "<"). Left alone: arrows and other
// syntax (`<--`, `<|--`, `<<->>`: no letter after the `<`) and annotations like `<<interface>>`
// (a bare word: an element without attributes, which cannot load or run anything).
const LABEL_TAGS = new Set(['br', 'b', 'i', 'u', 'em', 'strong', 'sub', 'sup', 'small']);

export function defuseMarkup(source: string): string {
  return source.replace(
    /<(\/?)([A-Za-z][\w:-]*)/g,
    (match, slash: string, name: string, at: number) => {
      if (LABEL_TAGS.has(name.toLowerCase())) return match;
      if (!slash && /^<[\w ]+>>/.test(source.slice(at))) return match;
      return `#lt;${slash}${name}`;
    },
  );
}
