import { describe, expect, it } from 'vitest';
import {
  base64Of,
  dataUrlOf,
  documentBlock,
  hasImage,
  partsText,
  userMessage,
  type ContentPart,
} from './content-parts';
import { attachmentKind } from './records';

const image: ContentPart = {
  type: 'image',
  mimeType: 'image/png',
  data: 'iVBORw0KGgo=',
  width: 2,
  height: 1,
};

describe('content parts', () => {
  it('keeps a message without attachments as plain text, with no parts', () => {
    expect(userMessage('Hi')).toEqual({ role: 'user', content: 'Hi' });
  });

  it('orders documents, then images, then the typed text; content is the text for text-only providers', () => {
    const message = userMessage('What is in these?', [
      image,
      { type: 'document', name: 'notes.md', text: '# Notes\nalpha' },
    ]);
    expect(message.parts?.map((p) => p.type)).toEqual(['document', 'image', 'text']);
    expect(message.content).toBe(
      '<document name="notes.md">\n# Notes\nalpha\n</document>\n\nWhat is in these?',
    );
    expect(hasImage(message.parts)).toBe(true);
  });

  it('names a tab by its title and address', () => {
    expect(
      documentBlock({
        name: 'Docs',
        title: 'The "Docs"\npage',
        url: 'http://127.0.0.1/a',
        text: 'Body',
      }),
    ).toBe(`<tab title="The 'Docs' page" url="http://127.0.0.1/a">\nBody\n</tab>`);
  });

  it('leaves images out of the text and skips empty text', () => {
    expect(partsText([image, { type: 'text', text: '' }])).toBe('');
    expect(hasImage([{ type: 'text', text: 'x' }])).toBe(false);
    expect(hasImage(undefined)).toBe(false);
  });

  it('reads base64 from a data URL or as it is, and builds the data URL back', () => {
    expect(base64Of('data:image/png;base64,AAAA')).toBe('AAAA');
    expect(base64Of('AAAA')).toBe('AAAA');
    expect(dataUrlOf({ mimeType: 'image/jpeg', data: 'AAAA' })).toBe('data:image/jpeg;base64,AAAA');
  });

  it('gives each attachment the data-kind a view shows', () => {
    expect(attachmentKind({ kind: 'image' })).toBe('image');
    expect(attachmentKind({ kind: 'document' })).toBe('document');
    expect(attachmentKind({ kind: 'document', url: 'http://127.0.0.1/' })).toBe('tab');
  });
});
