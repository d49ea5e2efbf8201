// The composer's ways in for attachments: the attach button and its file input, the screenshot
// button, pasting an image or file (Ctrl+V), and dropping files anywhere on the view (the
// composer shows where they go while they are dragged over).
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { signal, type Signal } from '@preact/signals';
import type { ComposerAttachments } from '../models/composer-attachments';
import { ACCEPT } from '../attachments/file-kind';
import { t } from '../../shared/i18n';
import { Icon } from './icons';
import './attachments.css';

export function AttachButtons({
  attachments,
  disabled = false,
  children,
}: {
  attachments: ComposerAttachments;
  disabled?: boolean;
  /** More ways in, in the same column (the open-tabs button, composer.tsx). */
  children?: ComponentChildren;
}) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <div class="attach-buttons">
      <button
        type="button"
        class="button button-quiet button-icon"
        data-testid="attach-button"
        aria-label={t('attachButton')}
        title={t('attachButton')}
        disabled={disabled}
        onClick={() => input.current?.click()}
      >
        <Icon name="paperclip" />
      </button>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        accept={ACCEPT}
        data-testid="attach-input"
        onChange={(event) => {
          const files = event.currentTarget.files;
          if (files?.length) attachments.addFiles([...files]);
          // The same file can be picked again after it was removed.
          event.currentTarget.value = '';
        }}
      />
      {attachments.canCapture && (
        <button
          type="button"
          class="button button-quiet button-icon"
          data-testid="screenshot-button"
          aria-label={t('attachScreenshot')}
          title={t('attachScreenshot')}
          disabled={disabled}
          onClick={() => void attachments.screenshot()}
        >
          <Icon name="camera" />
        </button>
      )}
      {children}
    </div>
  );
}

/** Ctrl+V: files on the clipboard (a copied image, a copied file) are attached; text pastes as text. */
export function pasteFiles(event: ClipboardEvent, attachments: ComposerAttachments): void {
  const files = [...(event.clipboardData?.files ?? [])];
  if (files.length === 0) return;
  event.preventDefault();
  attachments.addFiles(files.map((file) => named(file)));
}

/** A pasted image comes as "image.png" (Chrome) or with no name: it gets a clearer one. */
function named(file: File): File {
  if (file.name && file.name !== 'image.png') return file;
  const ext = file.type.split('/')[1] ?? 'png';
  return new File([file], `${t('attachPastedName')}.${ext}`, { type: file.type });
}

const dragging = signal(false);

/**
 * Files dragged over the view: `true` while they are (the composer highlights), and dropped ones
 * attached. Listens on the whole document, so a drop anywhere in the view counts.
 */
export function useFileDrop(attachments: ComposerAttachments, enabled: boolean): Signal<boolean> {
  useEffect(() => {
    if (!enabled) return;
    // dragenter/dragleave fire for every child crossed: count them to know when files left.
    let depth = 0;
    const hasFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') ?? false;
    const enter = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      depth++;
      dragging.value = true;
    };
    const over = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      event.preventDefault(); // allows the drop
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    };
    const leave = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) dragging.value = false;
    };
    const drop = (event: DragEvent) => {
      depth = 0;
      dragging.value = false;
      const files = [...(event.dataTransfer?.files ?? [])];
      if (files.length === 0) return;
      event.preventDefault(); // not opened by the browser
      attachments.addFiles(files);
    };
    document.addEventListener('dragenter', enter);
    document.addEventListener('dragover', over);
    document.addEventListener('dragleave', leave);
    document.addEventListener('drop', drop);
    return () => {
      document.removeEventListener('dragenter', enter);
      document.removeEventListener('dragover', over);
      document.removeEventListener('dragleave', leave);
      document.removeEventListener('drop', drop);
      dragging.value = false;
    };
  }, [attachments, enabled]);
  return dragging;
}
