// The Markdown step on what Readability gives (run here on the fixture page with the same library;
// tests/e2e/tabs.e2e.ts runs it inside a real tab in Chromium).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Readability } from '@mozilla/readability';
import { articleMarkdown } from './page-markdown';

const fixture = readFileSync(
  resolve(import.meta.dirname, '../../../tests/fixtures/tab-pages/article.html'),
  'utf8',
);

describe('articleMarkdown', () => {
  it('keeps the article as Markdown and leaves out the navigation, banner and footer', () => {
    const doc = new DOMParser().parseFromString(fixture, 'text/html');
    const article = new Readability(doc).parse();
    expect(article).not.toBeNull();
    const markdown = articleMarkdown({
      title: 'Tide tables of Halvard Bay',
      url: 'http://127.0.0.1/article.html',
      html: article!.content ?? '',
      text: article!.textContent ?? '',
    });
    expect(markdown).toContain('## When to sail');
    expect(markdown).toMatch(/^- +High water: 06:12 and 18:40$/m);
    expect(markdown).toContain('**north wall**');
    expect(markdown).toMatch(/spring tide the water climbs 4\.2 metres/);
    expect(markdown).not.toContain('Sign in to the harbour portal');
    expect(markdown).not.toContain('Cookie settings');
  });

  it('falls back to the plain text when there was no article, and never inlines data images', () => {
    expect(articleMarkdown({ title: 't', url: 'u', html: '', text: 'Just\n\n\n\ntext' })).toBe(
      'Just\n\ntext',
    );
    const html =
      '<p>Chart <img alt="tide chart" src="data:image/png;base64,AAAA"> and <img alt="map" src="https://example.com/map.png"></p>';
    expect(articleMarkdown({ title: 't', url: 'u', html, text: '' })).toBe(
      'Chart tide chart and ![map](https://example.com/map.png)',
    );
  });
});
