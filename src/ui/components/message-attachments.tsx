// A user message's attachments in the conversation (issue 14): image thumbnails (click to open
// larger) and chips for documents and tabs, `message-attachment` with `data-kind` (image, document,
// tab; docs/protocol.md). The image bytes are not in `conversation-state`: each thumbnail asks the
// worker for its data URL when shown (`attachment-data`), once per view.
import { useEffect, useState } from 'preact/hooks';
import { Icon } from './icons';
import type { ChatModel } from '../models/chat-model';
import { attachmentKind, type AttachmentRecord } from '../../shared/records';
import { t } from '../../shared/i18n';

/** Data URLs already fetched in this view, by attachment id. */
const loaded = new Map<string, Promise<string | undefined>>();

function imageUrl(model: ChatModel, id: string): Promise<string | undefined> {
  let pending = loaded.get(id);
  if (!pending) {
    pending = model.connection
      .request('attachment-data', { attachmentId: id })
      .then((reply) => (reply.ok ? reply.value.dataUrl : undefined));
    loaded.set(id, pending);
  }
  return pending;
}

export function MessageAttachments({
  model,
  attachments,
}: {
  model: ChatModel;
  attachments: readonly AttachmentRecord[];
}) {
  const [open, setOpen] = useState<{ url: string; name: string } | undefined>();
  return (
    <div class="message-attachments">
      {attachments.map((attachment) =>
        attachment.kind === 'image' ? (
          <Thumbnail
            key={attachment.id}
            model={model}
            attachment={attachment}
            onOpen={(url) => setOpen({ url, name: attachment.name ?? '' })}
          />
        ) : (
          <span
            key={attachment.id}
            class="message-attachment message-attachment-chip"
            data-testid="message-attachment"
            data-kind={attachmentKind(attachment)}
            title={attachment.url ?? attachment.name}
          >
            <Icon name={attachment.url !== undefined ? 'globe' : 'document'} size={12} />
            <span class="message-attachment-name">{attachment.title ?? attachment.name}</span>
          </span>
        ),
      )}
      {open && <ImageViewer url={open.url} name={open.name} onClose={() => setOpen(undefined)} />}
    </div>
  );
}

function Thumbnail({
  model,
  attachment,
  onOpen,
}: {
  model: ChatModel;
  attachment: Extract<AttachmentRecord, { kind: 'image' }>;
  onOpen: (url: string) => void;
}) {
  const [url, setUrl] = useState<string | null | undefined>();
  useEffect(() => {
    let live = true;
    void imageUrl(model, attachment.id).then((found) => live && setUrl(found ?? null));
    return () => {
      live = false;
    };
  }, [model, attachment.id]);
  const label = t(
    'messageAttachmentImage',
    attachment.name ?? `${attachment.width}×${attachment.height}`,
  );
  return (
    <button
      type="button"
      class="message-attachment message-attachment-image"
      data-testid="message-attachment"
      data-kind="image"
      title={url === null ? t('messageAttachmentMissing') : label}
      aria-label={label}
      disabled={!url}
      onClick={() => url && onOpen(url)}
    >
      {url ? <img src={url} alt="" /> : <span class="message-attachment-placeholder" />}
    </button>
  );
}

/** The image at its size (fit to the window); Escape, a click or the button closes it. */
function ImageViewer({ url, name, onClose }: { url: string; name: string; onClose: () => void }) {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && onClose();
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <div
      class="image-viewer"
      role="dialog"
      aria-modal="true"
      aria-label={name || t('messageAttachmentImage', '')}
      data-testid="image-viewer"
      onClick={onClose}
    >
      <img src={url} alt={name} />
      <button
        type="button"
        class="button image-viewer-close"
        data-testid="image-viewer-close"
        ref={(button) => button?.focus()}
        onClick={onClose}
      >
        {t('messageAttachmentClose')}
      </button>
    </div>
  );
}
