// A reply's text, as markdown once the renderer has loaded. marked and DOMPurify are a third of
// the chat's JavaScript, and a new chat needs neither, so they stay out of the popup's first load
// (docs/performance.md, size budget): the chunk is fetched right after the first paint, and
// until it arrives (a few milliseconds from the extension's own files) a reply shows as plain
// text in the same element.
import { signal } from '@preact/signals';
import type { MarkdownViewProps } from './markdown-view';
import './markdown.css';

type View = (props: MarkdownViewProps) => preact.JSX.Element;

const view = signal<View | undefined>(undefined);
let loading: Promise<void> | undefined;

/** Starts loading the renderer (once); resolves when replies render as markdown. */
export function loadMarkdown(): Promise<void> {
  loading ??= import('./markdown-view').then(
    (module) => {
      view.value = module.MarkdownView;
    },
    () => {
      loading = undefined; // try again next time; meanwhile plain text stays readable
    },
  );
  return loading;
}

export function ReplyText(props: MarkdownViewProps) {
  const View = view.value;
  if (View) return <View {...props} />;
  void loadMarkdown();
  return (
    <div class="message-text" data-testid="message-text">
      {props.text}
    </div>
  );
}
