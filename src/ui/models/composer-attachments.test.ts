import { afterEach, describe, expect, it, vi } from 'vitest';
import { signal } from '@preact/signals';
import type { ProviderInfo } from '../../shared/protocol';
import {
  ANTHROPIC_IMAGE_LIMITS,
  fitImage,
  OPENAI_IMAGE_LIMITS,
  type ImageLimits,
} from '../../shared/image-cost';
import * as realPrepare from '../attachments/prepare';
import { ComposerAttachments, imageLimitsFor } from './composer-attachments';
import { ATTACH_LIMITS } from '../attachments/limits';
import { createStorageArea, type FakeStorageArea } from '../../../tests/fakes/storage';
import { KEPT_BUDGET_CHARS, keptAttachmentsKey, toKept } from './kept-attachments';

const provider = (id: string, imageLimits?: ImageLimits): ProviderInfo => ({
  id,
  displayName: id,
  defaultBaseUrl: `https://${id}.test`,
  capabilities: {
    auth: 'api-key',
    streaming: 'incremental',
    history: 'full',
    systemPrompt: true,
    models: 'static',
    input: imageLimits ? { images: true, imageLimits } : { images: false },
  },
});

/**
 * The lazily loaded module with the browser's image codec replaced by a behavioural fake (happy-dom
 * has no createImageBitmap): an image "decodes" to the size written in its bytes, "WxH", and is
 * scaled by the real rule. Text files and PDFs go through the real code.
 */
const fakeCodec: typeof realPrepare = {
  ...realPrepare,
  async prepareFile(file, name, limit, signal) {
    if (!file.type.startsWith('image/')) return realPrepare.prepareFile(file, name, limit, signal);
    const [w, h] = (await file.text()).split('x').map(Number) as [number, number];
    const size = fitImage(limit, w, h);
    const blob = new Blob([`${size.width}x${size.height}`], { type: 'image/png' });
    return { kind: 'image', blob, mimeType: 'image/png', ...size, sourceWidth: w, sourceHeight: h };
  },
};

function setup(providerId = 'anthropic', keep?: FakeStorageArea) {
  const host = {
    providers: signal([
      provider('anthropic', ANTHROPIC_IMAGE_LIMITS),
      provider('openai', OPENAI_IMAGE_LIMITS),
      provider('acytoo'),
    ]),
    providerId: signal(providerId),
    conversation: signal<{ id: string } | undefined>(undefined),
  };
  let n = 0;
  const urls = new Set<string>();
  const attachments = new ComposerAttachments(host, {
    newId: () => `a${++n}`,
    load: () => Promise.resolve(fakeCodec),
    ...(keep ? { keep } : {}),
    objectUrl: {
      create: () => {
        const url = `blob:thumb-${urls.size + 1}-${n}`;
        urls.add(url);
        return url;
      },
      revoke: (url) => urls.delete(url),
    },
  });
  return { host, attachments, urls };
}

const image = (w: number, h: number, name = 'photo.png') =>
  new File([`${w}x${h}`], name, { type: 'image/png' });

let current: ComposerAttachments | undefined;
afterEach(() => current?.dispose());

/** A document as kept-attachments.ts stores it in storage.session. */
const keptDocument = (id: string, name: string, text: string) => ({
  id,
  kind: 'document',
  name,
  input: { kind: 'document', name, text },
});

describe('composer attachments', () => {
  it('makes an image ready at the provider’s size, with its token estimate and a thumbnail', async () => {
    const { attachments, urls } = setup();
    current = attachments;
    attachments.addFiles([image(4032, 3024)]);
    expect(attachments.items.value[0]).toMatchObject({ kind: 'image', status: 'preparing' });
    expect(attachments.preparing.value).toBe(true);
    await vi.waitFor(() => expect(attachments.preparing.value).toBe(false));
    const [item] = attachments.items.value;
    const input = item!.input as Extract<typeof item, object>['input'] & { kind: 'image' };
    // Anthropic: long side 1568 and at most 1.21 megapixels.
    expect(input.width * input.height).toBeLessThanOrEqual(1_210_000);
    expect(Math.max(input.width, input.height)).toBeLessThanOrEqual(1568);
    expect(input.data).toBe(btoa(`${input.width}x${input.height}`));
    expect(item!.tokens).toBe(Math.ceil((input.width * input.height) / 750));
    expect(urls.has(item!.thumbUrl!)).toBe(true);
  });

  it('prepares the image again for another provider’s limits', async () => {
    const { attachments, host } = setup();
    current = attachments;
    attachments.addFiles([image(4000, 3000)]);
    await vi.waitFor(() => expect(attachments.ready.value).toHaveLength(1));
    host.providerId.value = 'openai';
    // OpenAI high detail: short side 768.
    await vi.waitFor(() =>
      expect(attachments.inputs()[0]).toMatchObject({ width: 1024, height: 768 }),
    );
    expect(attachments.items.value[0]!.tokens).toBe(85 + 170 * 2 * 2);
  });

  it('reads a text file as a document with its name', async () => {
    const { attachments } = setup();
    current = attachments;
    attachments.addFiles([new File(['a,b\n1,2\n'], 'data.csv', { type: 'text/csv' })]);
    await vi.waitFor(() => expect(attachments.ready.value).toHaveLength(1));
    expect(attachments.items.value[0]!.kind).toBe('document');
    expect(attachments.inputs()).toEqual([
      { kind: 'document', name: 'data.csv', text: 'a,b\n1,2\n' },
    ]);
  });

  it('refuses what it cannot take with a notice, and keeps the rest', async () => {
    const { attachments } = setup();
    current = attachments;
    attachments.addFiles([new File(['x'], 'notes.txt', { type: 'text/plain' })]);
    await vi.waitFor(() => expect(attachments.ready.value).toHaveLength(1));
    attachments.addFiles([new File([new Uint8Array([1, 2])], 'song.mp3', { type: 'audio/mpeg' })]);
    await vi.waitFor(() =>
      expect(attachments.notice.value).toEqual({ code: 'unsupported', name: 'song.mp3' }),
    );
    expect(attachments.items.value.map((a) => a.name)).toEqual(['notes.txt']);
  });

  it('takes at most the limit of attachments on one message', () => {
    const { attachments } = setup();
    current = attachments;
    const files = Array.from(
      { length: ATTACH_LIMITS.maxAttachments + 1 },
      (_, i) => new File(['x'], `f${i}.txt`, { type: 'text/plain' }),
    );
    attachments.addFiles(files);
    expect(attachments.items.value).toHaveLength(ATTACH_LIMITS.maxAttachments);
    expect(attachments.notice.value).toMatchObject({
      code: 'too-many',
      name: `f${ATTACH_LIMITS.maxAttachments}.txt`,
    });
  });

  it('removes an attachment (its thumbnail freed), and forgets the sent ones only', async () => {
    const { attachments, urls } = setup();
    current = attachments;
    attachments.addFiles([image(100, 100, 'a.png'), image(100, 100, 'b.png')]);
    await vi.waitFor(() => expect(attachments.ready.value).toHaveLength(2));
    const [a, b] = attachments.items.value;
    attachments.remove(a!.id);
    expect(urls.has(a!.thumbUrl!)).toBe(false);
    attachments.addFiles([image(10, 10, 'c.png')]);
    attachments.sent([b!.id]);
    expect(attachments.items.value.map((x) => x.name)).toEqual(['c.png']);
  });

  it('keeps each conversation’s list apart', async () => {
    const { attachments, host } = setup();
    current = attachments;
    attachments.addFiles([new File(['x'], 'new-chat.txt', { type: 'text/plain' })]);
    host.conversation.value = { id: 'c1' };
    expect(attachments.items.value).toEqual([]);
    attachments.addFiles([new File(['y'], 'c1.txt', { type: 'text/plain' })]);
    host.conversation.value = undefined;
    expect(attachments.items.value.map((a) => a.name)).toEqual(['new-chat.txt']);
    host.conversation.value = { id: 'c1' };
    expect(attachments.items.value.map((a) => a.name)).toEqual(['c1.txt']);
  });

  it('attaches a screenshot, and says why when the browser refuses one', async () => {
    const host = setup().host;
    let refuse = false;
    const attachments = new ComposerAttachments(host, {
      load: () => Promise.resolve(fakeCodec),
      objectUrl: { create: () => 'blob:x', revoke: () => undefined },
      capture: () =>
        refuse
          ? Promise.reject(
              new Error("Either the '<all_urls>' or 'activeTab' permission is required."),
            )
          : Promise.resolve({
              blob: new Blob(['1280x800'], { type: 'image/png' }),
              title: 'A: page',
            }),
    });
    current = attachments;
    expect(attachments.canCapture).toBe(true);
    await attachments.screenshot();
    await vi.waitFor(() => expect(attachments.ready.value).toHaveLength(1));
    expect(attachments.items.value[0]).toMatchObject({
      kind: 'image',
      name: 'attachScreenshotName',
    });
    refuse = true;
    await attachments.screenshot();
    expect(attachments.notice.value).toEqual({ code: 'screenshot-denied', name: '' });
  });
});

describe('pending attachments kept while the browser runs (storage.session)', () => {
  const NEW = keptAttachmentsKey('draft/new');

  it('come back in a view opened again, ready to send, with a thumbnail', async () => {
    const session = createStorageArea();
    const first = setup('anthropic', session);
    first.attachments.addFiles([
      image(800, 600),
      new File(['a,b'], 'data.csv', { type: 'text/csv' }),
    ]);
    await vi.waitFor(() => expect(first.attachments.ready.value).toHaveLength(2));
    await vi.waitFor(() => expect(session.snapshot()[NEW]).toHaveLength(2));
    const sent = first.attachments.inputs();
    first.attachments.dispose(); // The popup closed.

    const again = setup('anthropic', session);
    current = again.attachments;
    await vi.waitFor(() => expect(again.attachments.ready.value).toHaveLength(2));
    expect(again.attachments.inputs()).toEqual(sent);
    const [photo, csv] = again.attachments.items.value;
    expect(photo).toMatchObject({ kind: 'image', name: 'photo.png', status: 'ready' });
    expect(again.urls.has(photo!.thumbUrl!)).toBe(true);
    expect(csv).toMatchObject({ kind: 'document', name: 'data.csv' });
  });

  it('are forgotten once sent, and kept per conversation', async () => {
    const session = createStorageArea();
    const { attachments, host } = setup('anthropic', session);
    current = attachments;
    host.conversation.value = { id: 'c1' };
    attachments.addFiles([new File(['one'], 'one.txt', { type: 'text/plain' })]);
    await vi.waitFor(() =>
      expect(session.snapshot()[keptAttachmentsKey('draft/c1')]).toHaveLength(1),
    );
    host.conversation.value = undefined;
    attachments.addFiles([new File(['new'], 'new.txt', { type: 'text/plain' })]);
    await vi.waitFor(() => expect(session.snapshot()[NEW]).toHaveLength(1));
    // The new chat's message is sent and becomes conversation c2 before the background answers.
    const ids = attachments.ready.value.map((a) => a.id);
    host.conversation.value = { id: 'c2' };
    attachments.sent(ids);
    await vi.waitFor(() => expect(session.snapshot()[NEW]).toBeUndefined());
    expect(session.snapshot()[keptAttachmentsKey('draft/c1')]).toHaveLength(1);
    host.conversation.value = { id: 'c1' };
    expect(attachments.items.value.map((a) => a.name)).toEqual(['one.txt']);
  });

  it('puts the kept ones before what was added while they were read', async () => {
    const session = createStorageArea({
      [NEW]: [keptDocument('k1', 'kept.txt', 'kept')],
    });
    const { attachments } = setup('anthropic', session);
    current = attachments;
    attachments.addFiles([new File(['late'], 'late.txt', { type: 'text/plain' })]);
    await vi.waitFor(() =>
      expect(attachments.items.value.map((a) => a.name)).toEqual(['kept.txt', 'late.txt']),
    );
    await vi.waitFor(() => expect(session.snapshot()[NEW]).toHaveLength(2));
  });

  it('drops what storage holds that a send would refuse', async () => {
    const session = createStorageArea({
      [NEW]: [
        {
          id: 'bad',
          kind: 'image',
          name: 'x.png',
          input: {
            kind: 'image',
            mimeType: 'image/svg+xml',
            data: 'PHN2Zz4=',
            width: 1,
            height: 1,
          },
        },
        keptDocument('ok', 'ok.txt', 'fine'),
      ],
    });
    const { attachments } = setup('anthropic', session);
    current = attachments;
    await vi.waitFor(() => expect(attachments.items.value.map((a) => a.id)).toEqual(['ok']));
  });

  it('stays in the view alone when the session area is full, taking no room from the text drafts', async () => {
    const session = createStorageArea({ [NEW]: [] });
    const full = {
      ...session,
      set: (items: Record<string, unknown>) =>
        NEW in items ? Promise.reject(new Error('QUOTA_BYTES quota exceeded')) : session.set(items),
    };
    const { attachments } = setup('anthropic', full);
    current = attachments;
    attachments.addFiles([new File(['x'], 'notes.txt', { type: 'text/plain' })]);
    await vi.waitFor(() => expect(attachments.ready.value).toHaveLength(1));
    await vi.waitFor(() => expect(session.snapshot()).not.toHaveProperty(NEW));
    expect(attachments.items.value.map((a) => a.name)).toEqual(['notes.txt']);
  });

  it('keeps only what fits the budget, in order; the rest stays in the view’s memory', () => {
    const doc = (id: string, chars: number) => ({
      id,
      kind: 'document' as const,
      name: `${id}.txt`,
      status: 'ready' as const,
      input: { kind: 'document' as const, name: `${id}.txt`, text: 'x'.repeat(chars) },
    });
    const preparing = {
      id: 'p',
      kind: 'image' as const,
      name: 'p.png',
      status: 'preparing' as const,
    };
    expect(
      toKept([doc('a', 60), preparing, doc('b', 50), doc('c', 40)], 100).map((a) => a.id),
    ).toEqual(['a', 'c']);
    expect(KEPT_BUDGET_CHARS).toBeLessThan(10 * 1024 * 1024);
  });
});

describe('imageLimitsFor', () => {
  it('is the provider’s own, or for Auto the strictest of those taking images', () => {
    const providers = [
      provider('anthropic', ANTHROPIC_IMAGE_LIMITS),
      provider('openai', OPENAI_IMAGE_LIMITS),
      provider('acytoo'),
    ];
    expect(imageLimitsFor(providers, 'openai')).toBe(OPENAI_IMAGE_LIMITS);
    expect(imageLimitsFor(providers, 'auto')).toMatchObject({
      maxLongSide: 1568,
      maxShortSide: 768,
      maxPixels: 1_210_000,
      maxBytes: 5 * 1024 * 1024,
    });
  });
});
