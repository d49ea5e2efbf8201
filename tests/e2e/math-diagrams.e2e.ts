// Math and diagrams in a real reply (issue 15, acceptance): a reply with $E = mc^2$, a $$ block and
// a ```mermaid flowchart streams in from a local provider and renders both — KaTeX and Mermaid
// loaded on demand from the extension's own files — in the light and the dark theme, with
// nothing from the reply executed and nothing fetched from anywhere else. Prices stay prose.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchExtension, PAGES, screenshotPath, type ExtensionHarness } from './harness';
import { lastAssistant, sendMessage, setSettings } from './chat-helpers';
import {
  startControlledStreamServer,
  type ControlledStreamServer,
} from '../mock-servers/controlled-stream';
import { startServer, type MockServer } from '../mock-servers/server';

let harness: ExtensionHarness;
let server: ControlledStreamServer;
/** Stands for any host a prompt injection could name: it must never hear from us. */
let otherHost: MockServer;

beforeAll(async () => {
  server = await startControlledStreamServer();
  otherHost = await startServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/plain' }).end();
  });
  harness = await launchExtension();
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
  await otherHost?.close();
});
afterEach(async () => {
  await harness.closeExtensionPages();
  for (const handle of server.handles) if (!handle.ended) handle.end();
});

function reply(host: string): string {
  return [
    'Einstein wrote $E = mc^2$, and the area under $x^2$ from 0 to 1 is',
    '',
    '$$',
    '\\int_0^1 x^2\\,dx = \\frac{1}{3}',
    '$$',
    '',
    `Tickets cost $5 and $10. A \\(\\href{javascript:window.__pwned='tex'}{link}\\) and $\\url{${host}/tex}$ stay text.`,
    '',
    '```mermaid',
    'flowchart LR',
    '  A[Question] --> B{Think}',
    '  B -->|yes| C[Answer]',
    `  B -->|no| D["<img src='${host}/label.png' onerror='window.__pwned=1'>"]`,
    `  click A "javascript:window.__pwned='click'"`,
    `  click C "${host}/click"`,
    '```',
    '',
    'Done.',
  ].join('\n');
}

/** Sends a question and streams `text` back in small network writes. */
async function answer(page: Page, text: string): Promise<void> {
  await sendMessage(page, 'Explain with a formula and a diagram');
  const stream = await server.nextStream();
  for (let i = 0; i < text.length; i += 7) stream.write(text.slice(i, i + 7));
  stream.end();
  await expect.poll(() => lastAssistant(page).getAttribute('data-status')).toBe('done');
}

/** Requests a page made that are neither the extension's own files nor the provider's. */
function watchRequests(page: Page): string[] {
  const outside: string[] = [];
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith('chrome-extension://') && !url.startsWith(server.url)) outside.push(url);
  });
  return outside;
}

describe('math and diagrams in a reply (acceptance)', () => {
  for (const scheme of ['light', 'dark'] as const) {
    it(`renders KaTeX and Mermaid in the ${scheme} theme, executing nothing`, async () => {
      const page = await harness.openPage(PAGES.popup);
      await page.emulateMedia({ colorScheme: scheme });
      const outside = watchRequests(page);
      const dialogs: string[] = [];
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      const errorsBefore = harness.consoleErrors.length;
      await page.getByTestId('new-chat-button').click();
      await answer(page, reply(otherHost.url));
      const text = lastAssistant(page).getByTestId('message-text');

      // The formulas: inline and display, drawn by KaTeX (its fonts from the extension).
      await expect.poll(() => text.locator('.md-math-drawn').count(), { timeout: 15_000 }).toBe(5);
      expect(await text.locator('.md-math-inline .katex').count()).toBeGreaterThanOrEqual(2);
      expect(await text.locator('.md-math-display .katex-display').count()).toBe(1);
      expect(await text.locator('.md-math-drawn').first().getAttribute('title')).toBe('E = mc^2');
      // Money is not math.
      expect(await text.locator('p', { hasText: 'Tickets cost' }).textContent()).toContain(
        'Tickets cost $5 and $10.',
      );
      // The diagram, drawn once its fence closed, its labels as SVG text.
      const diagram = text.getByTestId('diagram');
      await expect.poll(() => diagram.locator('svg').count(), { timeout: 20_000 }).toBe(1);
      const labels = await diagram.locator('svg').textContent();
      for (const label of ['Question', 'Think', 'Answer']) expect(labels).toContain(label);
      // Laid out: every node (those with a click directive too) inside the drawing, apart.
      const boxes = await diagram.locator('svg').evaluate((svg) => {
        const frame = svg.getBoundingClientRect();
        return [...svg.querySelectorAll('.node')].map((node) => {
          const box = node.getBoundingClientRect();
          return {
            inside:
              box.left >= frame.left - 1 &&
              box.right <= frame.right + 1 &&
              box.top >= frame.top - 1 &&
              box.bottom <= frame.bottom + 1,
            x: Math.round(box.left),
          };
        });
      });
      expect(boxes).toHaveLength(4);
      expect(boxes.every((box) => box.inside)).toBe(true);
      expect(new Set(boxes.map((box) => box.x)).size).toBeGreaterThanOrEqual(3);
      // Source a click away, and back.
      const source = text.locator('pre.has-diagram > code');
      expect(await source.isVisible()).toBe(false);
      await text.getByTestId('diagram-source-button').click();
      expect(await source.isVisible()).toBe(true);
      expect(await source.textContent()).toContain('flowchart LR');
      await text.getByTestId('diagram-source-button').click();
      expect(await source.isVisible()).toBe(false);

      await page.screenshot({ path: screenshotPath(`popup-math-diagram-${scheme}.png`) });

      // Nothing ran: no handler, no link out of KaTeX or Mermaid, no load from elsewhere.
      await diagram.locator('svg').click();
      await page.waitForTimeout(500);
      expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
      expect(dialogs).toEqual([]);
      const risky = await text.evaluate((root) =>
        [...root.querySelectorAll('.md-math *, .md-diagram *')].flatMap((el) => [
          // (Mermaid's <a> around a node with a click directive stays as a group: no href.)
          ...(['IMG', 'IMAGE', 'SCRIPT', 'FOREIGNOBJECT', 'IFRAME'].includes(
            el.tagName.toUpperCase(),
          )
            ? [el.tagName]
            : []),
          ...[...el.attributes]
            .filter((a) => /^on/i.test(a.name) || /href$/i.test(a.name) || a.name === 'src')
            .map((a) => `${el.tagName}[${a.name}]`),
        ]),
      );
      expect(risky).toEqual([]);
      expect(outside).toEqual([]);
      expect(otherHost.requests).toEqual([]);
      expect(harness.consoleErrors.slice(errorsBefore)).toEqual([]);
    });
  }

  it("draws a diagram again in the other theme's colours when the theme is switched", async () => {
    const page = await harness.openPage(PAGES.popup);
    await page.emulateMedia({ colorScheme: 'light' });
    await page.getByTestId('new-chat-button').click();
    await answer(page, '```mermaid\nflowchart LR\n  A[Light] --> B[Dark]\n```\n');
    const svg = lastAssistant(page).getByTestId('diagram').locator('svg');
    await expect.poll(() => svg.count(), { timeout: 20_000 }).toBe(1);
    // A node's fill as drawn (Mermaid writes its theme's colours into the SVG's own style).
    const nodeFill = () =>
      svg.evaluate((element) => {
        const shape = element.querySelector('.node rect, .node polygon, .node path')!;
        const [r, g, b] = getComputedStyle(shape).fill.match(/\d+/g)!.map(Number) as [
          number,
          number,
          number,
        ];
        return { fill: `${r},${g},${b}`, light: (r + g + b) / 3 > 128 };
      });
    const light = await nodeFill();
    expect(light.light).toBe(true);

    // The person picks the dark theme in the options page; the open popup follows.
    const options = await harness.openPage(PAGES.options);
    try {
      await options.getByTestId('theme-dark').click();
      await expect
        .poll(() => page.evaluate(() => document.documentElement.dataset.theme))
        .toBe('dark');
      await expect.poll(async () => (await nodeFill()).light, { timeout: 20_000 }).toBe(false);
      // Still one drawing, still the same diagram.
      expect(await svg.count()).toBe(1);
      expect(await svg.textContent()).toContain('Light');
      await page.screenshot({ path: screenshotPath('popup-diagram-theme-switched-dark.png') });
      // And back.
      await options.getByTestId('theme-light').click();
      await expect.poll(async () => (await nodeFill()).fill, { timeout: 20_000 }).toBe(light.fill);
    } finally {
      await setSettings(harness.worker, { ui: { theme: 'system', language: 'system' } });
      await options.close();
    }
  });

  it('looks right in a 360-wide side panel, in Russian too', async () => {
    const panel = await harness.openPage(PAGES.sidepanel);
    await panel.setViewportSize({ width: 360, height: 800 });
    await panel.getByTestId('new-chat-button').click();
    await answer(panel, reply(otherHost.url));
    const text = lastAssistant(panel).getByTestId('message-text');
    await expect.poll(() => text.getByTestId('diagram').locator('svg').count()).toBe(1);
    await panel.screenshot({ path: screenshotPath('sidepanel-math-diagram.png') });
    expect(await text.getByTestId('diagram-source-button').getAttribute('aria-label')).toBe(
      'Show source',
    );
    await panel.close();

    // From the worker: open pages reload themselves when the language changes.
    await setSettings(harness.worker, { ui: { theme: 'dark', language: 'ru' } });
    try {
      const ru = await harness.openPage(PAGES.sidepanel);
      await ru.setViewportSize({ width: 360, height: 800 });
      await ru.getByTestId('new-chat-button').click();
      await answer(ru, reply(otherHost.url));
      const ruText = lastAssistant(ru).getByTestId('message-text');
      await expect.poll(() => ruText.getByTestId('diagram').locator('svg').count()).toBe(1);
      expect(await ruText.getByTestId('diagram-source-button').getAttribute('aria-label')).toBe(
        'Показать код',
      );
      await ru.screenshot({ path: screenshotPath('sidepanel-math-diagram-ru-dark.png') });
      await ru.close();
    } finally {
      await setSettings(harness.worker, { ui: { theme: 'system', language: 'system' } });
    }
  });
});
