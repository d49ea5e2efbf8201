// What the composer will send besides the text: the pending attachments (images, documents, open
// tabs), shown as chips above the message box. Files are made ready here — images scaled to the
// chosen provider's documented size and re-encoded, text read, PDF text extracted — by a module
// loaded only on the first attachment (../attachments/prepare.ts), so none of that is in a view's
// first load. Each conversation's draft keeps its own list, what is ready also in storage.session
// while the browser runs (kept-attachments.ts), so a closed popup reopens with it. The list goes
// with `chat-send` (AttachmentInput, shared/records.ts) and is emptied once the background has
// taken the message, as the draft's text is (chat-model.ts).
import { batch, computed, effect, signal } from '@preact/signals';
import type { AttachmentInput } from '../../shared/records';
import { imageTokens, type ImageLimits } from '../../shared/image-cost';
import type { ProviderInfo } from '../../shared/protocol';
import type { InputNeeds } from '../../shared/provider-state';
import { ATTACH_LIMITS, AttachError, type AttachProblem } from '../attachments/limits';
import type * as PrepareModule from '../attachments/prepare';
import type { DraftArea } from './drafts';
import { draftKey } from '../../shared/draft-keys';
import { fromKept, keptAttachmentsKey, toKept } from './kept-attachments';
import { t } from '../../shared/i18n';

/** A screenshot's name: the page's title, as a file name would say it. */
export function screenshotName(title: string): string {
  const clean = title
    .replace(/[\\/:*?"<>|\r\n]+/g, ' ')
    .trim()
    .slice(0, 80);
  return t('attachScreenshotName', clean || 'page');
}

/** How an attachment shows on its chip (`data-kind`). */
export type AttachmentKind = 'image' | 'document' | 'tab';

export interface PendingAttachment {
  id: string;
  kind: AttachmentKind;
  /** A file name, "Screenshot of <title>", or a tab's title. */
  name: string;
  status: 'preparing' | 'ready';
  /** What is sent, once ready. */
  input?: AttachmentInput;
  /** The image's thumbnail (an object URL of the prepared image). */
  thumbUrl?: string;
  /** The provider's token estimate for an image, where it documents how it counts. */
  tokens?: number;
  /** A PDF's page count. */
  pages?: number;
  /** How its text was made, when not as read (a summary made on this device). */
  note?: string;
  /** The image as it came, kept to scale it again if the provider changes. */
  source?: Blob;
  /** The limits the image was prepared for (JSON), to know when to prepare it again. */
  preparedFor?: string;
}

/** A refused attachment, shown above the chips until dismissed or the next attachment. */
export interface AttachNotice {
  code: AttachProblem;
  name: string;
  limit?: number;
}

/** What the attachments need of the chat. */
export interface AttachmentsHost {
  readonly providers: { readonly value: ProviderInfo[] };
  readonly providerId: { readonly value: string };
  readonly conversation: { readonly value: { id: string } | undefined };
}

export interface AttachmentsOptions {
  newId?: () => string;
  /** The lazily loaded half (tests pass it directly). */
  load?: () => Promise<typeof PrepareModule>;
  /** Thumbnails (object URLs); tests without URL.createObjectURL pass fakes. */
  objectUrl?: { create(blob: Blob): string; revoke(url: string): void };
  /**
   * Takes a screenshot of the active tab of the browser window (attachments/screenshot.ts); none
   * where the view cannot (tests). Called first thing in the click.
   */
  capture?: () => Promise<{ blob: Blob; title: string }>;
  /**
   * Where each draft's ready attachments are kept while the browser runs (storage.session, beside
   * the text drafts: kept-attachments.ts); none keeps them in memory only.
   */
  keep?: DraftArea;
}

/** The browser's refusal when neither activeTab nor <all_urls> covers the tab. */
const PERMISSION_REFUSAL = /activeTab|all_urls|permission/i;

/** Images for Auto (or an unknown provider): the strictest limits of the providers taking them. */
const FALLBACK_LIMITS: ImageLimits = {
  maxLongSide: 1568,
  maxBytes: 5 * 1024 * 1024,
  mimeTypes: ['image/png', 'image/jpeg'],
  source: 'parley',
};

/** The image limits of a provider, or for Auto the strictest among those that take images. */
export function imageLimitsFor(
  providers: readonly ProviderInfo[],
  providerId: string,
): ImageLimits {
  const own = providers.find((p) => p.id === providerId)?.capabilities.input?.imageLimits;
  if (own) return own;
  const all = providers.flatMap((p) => p.capabilities.input?.imageLimits ?? []);
  if (all.length === 0) return FALLBACK_LIMITS;
  const least = (pick: (l: ImageLimits) => number | undefined) => {
    const values = all.map(pick).filter((v): v is number => v !== undefined);
    return values.length ? Math.min(...values) : undefined;
  };
  const maxShortSide = least((l) => l.maxShortSide);
  const maxPixels = least((l) => l.maxPixels);
  return {
    maxLongSide: least((l) => l.maxLongSide)!,
    ...(maxShortSide ? { maxShortSide } : {}),
    ...(maxPixels ? { maxPixels } : {}),
    maxBytes: least((l) => l.maxBytes)!,
    mimeTypes: ['image/png', 'image/jpeg'],
    source: 'parley',
  };
}

export class ComposerAttachments {
  readonly items = signal<PendingAttachment[]>([]);
  readonly notice = signal<AttachNotice | undefined>(undefined);
  /** Something is still being made ready: Send waits. */
  readonly preparing = computed(() => this.items.value.some((a) => a.status === 'preparing'));
  readonly ready = computed(() => this.items.value.filter((a) => a.status === 'ready'));
  /** What the next message asks of a provider besides text (the pickers mark who cannot take it). */
  readonly needs = computed<InputNeeds>(() => ({
    images: this.items.value.some((a) => a.kind === 'image'),
  }));
  /** The image limits of the chosen provider. */
  readonly imageLimits = computed(() =>
    imageLimitsFor(this.host.providers.value, this.host.providerId.value),
  );

  /** The screenshot button is offered (the view can capture the tab). */
  readonly canCapture: boolean;
  private readonly capture: AttachmentsOptions['capture'];
  private readonly newId: () => string;
  private readonly load: NonNullable<AttachmentsOptions['load']>;
  private readonly objectUrl: NonNullable<AttachmentsOptions['objectUrl']>;
  /** Lists of the drafts not shown now, by draft key. */
  private readonly kept = new Map<string, PendingAttachment[]>();
  private readonly running = new Map<string, AbortController>();
  private readonly stops: (() => void)[] = [];
  private readonly area: DraftArea | undefined;
  /** Drafts whose kept list is being read: nothing is written for them meanwhile. */
  private readonly restoring = new Set<string>();
  /**
   * What was last written per draft (the ids, and the limits each image was made for), so an
   * unchanged list is not written again.
   */
  private readonly written = new Map<string, string>();

  constructor(
    private readonly host: AttachmentsHost,
    options: AttachmentsOptions = {},
  ) {
    this.newId = options.newId ?? (() => crypto.randomUUID());
    this.capture = options.capture;
    this.canCapture = options.capture !== undefined;
    this.load = options.load ?? (() => import('../attachments/prepare'));
    this.objectUrl = options.objectUrl ?? {
      create: (blob) => URL.createObjectURL(blob),
      revoke: (url) => URL.revokeObjectURL(url),
    };
    this.area = options.keep;
    // Each conversation's draft has its own list: in memory while the view is open, and what is
    // ready also in storage.session (kept-attachments.ts), so a closed popup reopens with it.
    let key: string | undefined;
    this.stops.push(
      effect(() => {
        const next = draftKey(this.host.conversation.value?.id);
        const list = this.items.value;
        if (key === undefined) {
          key = next;
          this.restore(next, () => key);
          return;
        }
        if (next === key) {
          if (!this.restoring.has(key)) this.persist(key, list);
          return;
        }
        if (list.length) this.kept.set(key, list);
        key = next;
        const inMemory = this.kept.get(next);
        this.kept.delete(next);
        if (!inMemory) this.restore(next, () => key);
        batch(() => {
          this.items.value = inMemory ?? [];
          this.notice.value = undefined;
        });
      }),
    );
    // Another provider, other limits: images are made ready again from what came in.
    this.stops.push(
      effect(() => {
        const limits = this.imageLimits.value;
        const wanted = JSON.stringify(limits);
        for (const item of this.items.peek()) {
          if (item.kind === 'image' && item.source && item.preparedFor !== wanted) {
            // Not sendable at the old size meanwhile: Send waits for the new one.
            if (item.status === 'ready') this.update(item.id, { status: 'preparing' });
            void this.prepare(item.id, item.source, item.name, limits);
          }
        }
      }),
    );
  }

  dispose(): void {
    for (const stop of this.stops) stop();
    for (const controller of this.running.values()) controller.abort();
    for (const list of [this.items.peek(), ...this.kept.values()])
      for (const item of list) if (item.thumbUrl) this.objectUrl.revoke(item.thumbUrl);
  }

  /** Adds picked, pasted or dropped files; each is made ready in the background. */
  addFiles(files: Iterable<File>): void {
    this.notice.value = undefined;
    for (const file of files) this.addBlob(file, file.name || 'file');
  }

  /** Adds one image or file (a screenshot, a pasted image without a name). */
  addBlob(blob: Blob, name: string): string | undefined {
    if (this.items.peek().length >= ATTACH_LIMITS.maxAttachments) {
      this.notice.value = { code: 'too-many', name, limit: ATTACH_LIMITS.maxAttachments };
      return undefined;
    }
    const id = this.newId();
    const image = blob.type.startsWith('image/');
    this.items.value = [
      ...this.items.peek(),
      {
        id,
        kind: image ? 'image' : 'document',
        name,
        status: 'preparing',
        ...(image ? { source: blob } : {}),
      },
    ];
    void this.prepare(id, blob, name, this.imageLimits.peek());
    return id;
  }

  /**
   * "Screenshot of this tab": the visible part of the active tab, attached as an image. Called
   * straight from the click (the capture may rest on the user's gesture).
   */
  screenshot(): Promise<void> {
    const capture = this.capture;
    if (!capture) return Promise.resolve();
    this.notice.value = undefined;
    return capture().then(
      ({ blob, title }) => void this.addBlob(blob, screenshotName(title)),
      (error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        this.notice.value = {
          code: PERMISSION_REFUSAL.test(message) ? 'screenshot-denied' : 'screenshot-failed',
          name: '',
        };
      },
    );
  }

  /** A screenshot taken elsewhere (the context menu's, as a `data:` URL) of the page titled so. */
  addScreenshot(dataUrl: string, title: string): void {
    void fetch(dataUrl)
      .then((response) => response.blob())
      .then(
        (blob) => void this.addBlob(blob, screenshotName(title)),
        () => (this.notice.value = { code: 'screenshot-failed', name: '' }),
      );
  }

  /** Adds an attachment made elsewhere (an open tab's text): shown and sent like the others. */
  add(item: Omit<PendingAttachment, 'id'> & { id?: string }): string | undefined {
    if (this.items.peek().length >= ATTACH_LIMITS.maxAttachments) {
      this.notice.value = {
        code: 'too-many',
        name: item.name,
        limit: ATTACH_LIMITS.maxAttachments,
      };
      return undefined;
    }
    const id = item.id ?? this.newId();
    this.items.value = [...this.items.peek(), { ...item, id }];
    return id;
  }

  /** Replaces an attachment's fields (a tab being read, then ready). */
  update(id: string, patch: Partial<Omit<PendingAttachment, 'id'>>): void {
    this.items.value = this.items.peek().map((a) => (a.id === id ? { ...a, ...patch } : a));
  }

  remove(id: string): void {
    this.running.get(id)?.abort();
    this.running.delete(id);
    const item = this.items.peek().find((a) => a.id === id);
    if (item?.thumbUrl) this.objectUrl.revoke(item.thumbUrl);
    this.items.value = this.items.peek().filter((a) => a.id !== id);
  }

  /** What goes with `chat-send`: the ready attachments, in the order they were added. */
  inputs(): AttachmentInput[] {
    return this.ready.peek().flatMap((a) => (a.input ? [a.input] : []));
  }

  /**
   * The message was sent with these: they leave the composer (those added meanwhile stay). The
   * list may belong to a draft not shown any more (a new chat became its conversation).
   */
  sent(ids: readonly string[]): void {
    const gone = new Set(ids);
    for (const item of this.items.peek()) if (gone.has(item.id)) this.remove(item.id);
    for (const [key, list] of this.kept) {
      const left = list.filter((a) => !gone.has(a.id));
      for (const a of list) if (gone.has(a.id) && a.thumbUrl) this.objectUrl.revoke(a.thumbUrl);
      if (left.length) this.kept.set(key, left);
      else this.kept.delete(key);
      // The draft the message left from (a new chat that became a conversation) lets them go too.
      if (left.length !== list.length) this.persist(key, left);
    }
  }

  /**
   * Reads a draft's kept list and puts it before what was added meanwhile; if the view moved to
   * another draft by then, the list waits in memory for it.
   */
  private restore(key: string, current: () => string | undefined): void {
    const area = this.area;
    if (!area) return;
    this.restoring.add(key);
    const storeKey = keptAttachmentsKey(key);
    void area
      .get(storeKey)
      .then((stored) => {
        this.restoring.delete(key);
        const shown = current() === key;
        const present = shown ? this.items.peek() : (this.kept.get(key) ?? []);
        const ids = new Set(present.map((a) => a.id));
        const back = fromKept(stored[storeKey], this.objectUrl).filter((a) => !ids.has(a.id));
        const merged = [...back, ...present].slice(0, ATTACH_LIMITS.maxAttachments);
        if (shown) {
          this.items.value = merged;
          // Written even if nothing came back: what was added while reading was not yet.
          this.persist(key, merged);
        } else if (merged.length) this.kept.set(key, merged);
      })
      .catch(() => this.restoring.delete(key));
  }

  /** Keeps a draft's ready attachments (or forgets them, once none is left). */
  private persist(key: string, list: readonly PendingAttachment[]): void {
    const area = this.area;
    if (!area) return;
    const kept = toKept(list);
    const signature = kept.map((a) => `${a.id}:${a.preparedFor ?? ''}`).join(',');
    if ((this.written.get(key) ?? '') === signature) return;
    this.written.set(key, signature);
    const storeKey = keptAttachmentsKey(key);
    void (kept.length ? area.set({ [storeKey]: kept }) : area.remove(storeKey)).catch(() => {
      // The session area is full (other drafts' attachments): this list stays in the view only,
      // and nothing half-written of it takes the room the text drafts need.
      this.written.delete(key);
      void area.remove(storeKey).catch(() => undefined);
    });
  }

  private async prepare(id: string, blob: Blob, name: string, limits: ImageLimits): Promise<void> {
    this.running.get(id)?.abort();
    const controller = new AbortController();
    this.running.set(id, controller);
    const preparedFor = JSON.stringify(limits);
    try {
      const { prepareFile, blobBase64 } = await this.load();
      const prepared = await prepareFile(blob, name, limits, controller.signal);
      if (controller.signal.aborted) return;
      if (prepared.kind === 'image') {
        const data = await blobBase64(prepared.blob);
        if (controller.signal.aborted) return;
        const old = this.find(id)?.thumbUrl;
        if (old) this.objectUrl.revoke(old);
        const tokens = imageTokens(limits, prepared.width, prepared.height);
        this.update(id, {
          status: 'ready',
          kind: 'image',
          thumbUrl: this.objectUrl.create(prepared.blob),
          preparedFor,
          input: {
            kind: 'image',
            name,
            mimeType: prepared.mimeType,
            data,
            width: prepared.width,
            height: prepared.height,
          },
          ...(tokens !== undefined ? { tokens } : {}),
        });
      } else {
        this.update(id, {
          status: 'ready',
          kind: 'document',
          input: { kind: 'document', name, text: prepared.text },
          ...(prepared.pages !== undefined ? { pages: prepared.pages } : {}),
        });
      }
    } catch (error) {
      if (controller.signal.aborted) return;
      // Nothing else changes: the text and the other attachments stay as they were.
      this.remove(id);
      this.notice.value =
        error instanceof AttachError
          ? { code: error.code, name, ...(error.limit !== undefined ? { limit: error.limit } : {}) }
          : { code: 'unreadable', name };
    } finally {
      if (this.running.get(id) === controller) this.running.delete(id);
    }
  }

  private find(id: string): PendingAttachment | undefined {
    return this.items.peek().find((a) => a.id === id);
  }
}
