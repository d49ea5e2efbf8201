// Local web pages for the selection and page-reading tests: an article with an iframe, and a page
// long enough to be cut.
import { startServer, type MockServer } from './server';

export const ARTICLE_PARAGRAPH =
  'Photosynthesis turns light into chemical energy. Хлорофилл поглощает свет.';
export const FRAME_TEXT = 'Text inside an iframe about mitochondria.';
export const LONG_PARAGRAPH = 'This sentence repeats to make a long page. ';

const html = (title: string, body: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body>${body}</body></html>`;

export function startPageServer(): Promise<MockServer> {
  return startServer((request, response) => {
    const page =
      request.path === '/article'
        ? html(
            'An article',
            `<nav>Menu Home About</nav><article><h1>Plants</h1><p id="para">${ARTICLE_PARAGRAPH}</p><p>Second line.</p></article><iframe id="frame" src="/frame"></iframe>`,
          )
        : request.path === '/frame'
          ? html('A frame', `<p id="inner">${FRAME_TEXT}</p>`)
          : request.path === '/long'
            ? html(
                'A long page',
                `<main>${`<p>${LONG_PARAGRAPH.repeat(20)}</p>`.repeat(50)}</main>`,
              )
            : undefined;
    if (!page) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
  });
}
