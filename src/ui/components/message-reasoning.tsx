import { useLayoutEffect, useRef } from 'preact/hooks';
import type { ChatModel } from '../models/chat-model';
import { t } from '../../shared/i18n';

/**
 * A reply's reasoning, apart from the answer: a <details> that is open while there is no answer
 * text (the model is reasoning, or stopped before answering) and collapses once the answer starts;
 * the user can open it again. Model output, so plain text in a text node, never HTML.
 */
export function MessageReasoning({
  text,
  answering,
}: {
  text: string;
  /** The answer text has begun. */
  answering: boolean;
}) {
  const details = useRef<HTMLDetailsElement>(null);
  // Set on the element when `answering` changes, not as a prop, so a later render (the next
  // delta) never undoes the user's own opening or closing.
  useLayoutEffect(() => {
    if (details.current) details.current.open = !answering;
  }, [answering]);
  return (
    <details class="message-reasoning" data-testid="message-reasoning" ref={details}>
      <summary>{t('reasoningLabel')}</summary>
      <div class="message-reasoning-text">{text}</div>
    </details>
  );
}

/**
 * What a streaming reply shows before any text: "Downloading the model… N%" while the browser's
 * model downloads (download-progress parts), else "Answering…". Its own component, so progress
 * re-renders this line alone.
 */
export function StreamingNote({ model }: { model: ChatModel }) {
  const loaded = model.downloadProgress.value;
  if (loaded === undefined) return <p class="message-note">{t('statusStreaming')}</p>;
  const percent = Math.min(100, Math.max(0, Math.round(loaded * 100)));
  return (
    <p class="message-note message-download" data-testid="download-progress" role="status">
      <progress max={100} value={percent} />
      <span>{t('downloadingModel', String(percent))}</span>
    </p>
  );
}
