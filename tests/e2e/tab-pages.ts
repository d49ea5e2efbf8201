// Two local pages to open in tabs (tests/fixtures/tab-pages): a plain article, and a single-page
// app whose article exists only in its live DOM (built by its script after load).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { startServer, type MockServer } from '../mock-servers/server';

const DIR = resolve(import.meta.dirname, '../fixtures/tab-pages');

export const TAB_PAGES = {
  article: { path: '/article.html', title: 'Tide tables of Halvard Bay' },
  app: { path: '/app.html', title: 'Orchard notes — quince' },
} as const;

export function startTabPages(): Promise<MockServer> {
  return startServer((request, response) => {
    const page = Object.values(TAB_PAGES).find((p) => p.path === request.path);
    if (!page) {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('not here');
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(readFileSync(resolve(DIR, page.path.slice(1)), 'utf8'));
  });
}
