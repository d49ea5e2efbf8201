// A read page as Markdown, with turndown (loaded only when a tab is picked). The HTML comes from
// Readability in the page: untrusted, but turndown parses it into an inert document (no scripts
// run, nothing loads) and only text comes out.
import TurndownService from 'turndown';
import type { PageArticle } from './tab-source';

let service: TurndownService | undefined;

function turndown(): TurndownService {
  if (service) return service;
  service = new TurndownService({
    headingStyle: 'atx',
    codeBlockStyle: 'fenced',
    bulletListMarker: '-',
    emDelimiter: '*',
  });
  // Images: an address the model can follow, never inline data (a data: URL is megabytes of
  // tokens and no use as text).
  service.addRule('images', {
    filter: 'img',
    replacement: (_content, node) => {
      const img = node as HTMLImageElement;
      const alt = (img.getAttribute('alt') ?? '').replace(/\s+/g, ' ').trim();
      const src = img.getAttribute('src') ?? '';
      return /^https?:/i.test(src) ? `![${alt}](${src})` : alt;
    },
  });
  service.remove(['script', 'style', 'noscript', 'iframe', 'form', 'button']);
  return service;
}

/** The article's main content as Markdown (its plain text when Readability found no article). */
export function articleMarkdown(article: PageArticle): string {
  const markdown = article.html ? turndown().turndown(article.html).trim() : '';
  return (markdown || article.text).replace(/\n{3,}/g, '\n\n').trim();
}
