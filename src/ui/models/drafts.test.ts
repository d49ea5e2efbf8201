import { describe, expect, it, vi } from 'vitest';
import { signal } from '@preact/signals';
import type { ConversationRecord } from '../../shared/protocol';
import { createStorageArea } from '../../../tests/fakes/storage';
import { keepDrafts, newChatDraft } from './drafts';

const conversation = (id: string): ConversationRecord => ({
  id,
  title: id,
  createdAt: 1,
  updatedAt: 1,
  providerId: 'auto',
});

function view(area = createStorageArea()) {
  const model = {
    conversation: signal<ConversationRecord | undefined>(undefined),
    draft: signal(''),
  };
  const stop = keepDrafts(model, area);
  return { model, area, stop };
}

describe('drafts', () => {
  it("keeps each conversation's draft apart, and brings it back on returning", async () => {
    const { model, area } = view();
    model.conversation.value = conversation('a');
    await vi.waitFor(() => expect(area.snapshot()['draft-open']).toBe('draft/a'));
    model.draft.value = 'half of a';
    await vi.waitFor(() => expect(area.snapshot()['draft/a']).toBe('half of a'));

    model.conversation.value = conversation('b');
    await vi.waitFor(() => expect(model.draft.value).toBe(''));
    model.draft.value = 'about b';
    model.conversation.value = conversation('a');
    await vi.waitFor(() => expect(model.draft.value).toBe('half of a'));
    expect(area.snapshot()['draft/b']).toBe('about b');
  });

  it('forgets a draft once the composer is empty again (sent)', async () => {
    const { model, area } = view();
    model.draft.value = 'to send';
    await vi.waitFor(() => expect(area.snapshot()['draft/new']).toBe('to send'));
    model.draft.value = '';
    await vi.waitFor(() => expect(area.snapshot()['draft/new']).toBeUndefined());
  });

  it('keeps what is typed while the stored draft is on its way', async () => {
    const area = createStorageArea({ 'draft/a': 'stored' });
    const { model } = view(area);
    model.conversation.value = conversation('a');
    model.draft.value = 'typed at once';
    await new Promise((done) => setTimeout(done, 10));
    expect(model.draft.value).toBe('typed at once');
    expect(area.snapshot()['draft/a']).toBe('typed at once');
  });

  it('keeps text put in before drafts were kept (an ask from the page) over an older stored draft', async () => {
    const area = createStorageArea({ 'draft/new': 'an older draft' });
    const model = {
      conversation: signal<ConversationRecord | undefined>(undefined),
      draft: signal('> the quote\n\n'),
    };
    keepDrafts(model, area);
    await vi.waitFor(() => expect(area.snapshot()['draft/new']).toBe('> the quote\n\n'));
    expect(model.draft.value).toBe('> the quote\n\n');
  });

  it('offers the new-chat draft to a view opening only when a new chat was shown last', async () => {
    const area = createStorageArea();
    const first = view(area);
    first.model.draft.value = 'not sent yet';
    await vi.waitFor(() => expect(area.snapshot()['draft/new']).toBe('not sent yet'));
    expect(await newChatDraft(area)).toBe('not sent yet');
    first.model.conversation.value = conversation('a');
    await vi.waitFor(() => expect(area.snapshot()['draft-open']).toBe('draft/a'));
    expect(await newChatDraft(area)).toBe('');
    first.stop();
  });
});
