import { describe, expect, it } from 'vitest';
import { isOwnExtensionPage } from './sender';

const ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${ID}/`;

describe('isOwnExtensionPage', () => {
  it('accepts this extension’s pages', () => {
    expect(
      isOwnExtensionPage({ id: ID, url: `${ORIGIN}src/ui/popup/index.html` }, ID, ORIGIN),
    ).toBe(true);
  });

  it.each([
    ['a web page', { url: 'http://127.0.0.1:8080/' }],
    ['a content script of ours on a web page', { id: ID, url: 'https://example.test/' }],
    [
      'another extension',
      { id: 'x'.repeat(32), url: `chrome-extension://${'x'.repeat(32)}/a.html` },
    ],
    ['no sender', undefined],
  ])('rejects %s', (_name, sender) => {
    expect(isOwnExtensionPage(sender, ID, ORIGIN)).toBe(false);
  });
});
