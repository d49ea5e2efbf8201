// History, settings, theme, language and data in a real Chromium, against the built extension:
// chats go through the Acytoo adapter to a local controlled stream server (127.0.0.1).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchExtension, PAGES, screenshotPath, type ExtensionHarness } from './harness';
import { expectAssistant, sendMessage, setSettings } from './chat-helpers';
import {
  startControlledStreamServer,
  type ControlledStreamServer,
} from '../mock-servers/controlled-stream';

let harness: ExtensionHarness;
let server: ControlledStreamServer;

beforeAll(async () => {
  server = await startControlledStreamServer();
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
});
afterEach(async () => {
  await harness.closeExtensionPages();
  for (const handle of server.handles) if (!handle.ended) handle.end();
});

/** A finished exchange in a new conversation of `page`. */
async function chat(page: Page, question: string, answer: string, via = server) {
  await page.getByTestId('new-chat-button').click();
  await sendMessage(page, question);
  const stream = await via.nextStream();
  stream.write(answer);
  stream.end();
  await expectAssistant(page, 'done', answer);
  return stream;
}

/**
 * Merges `ui` into the stored settings, from the worker: an extension page would reload itself
 * when the language changes, in the middle of the evaluation.
 */
async function patchUi(ui: Record<string, string>) {
  await harness.worker.evaluate(async (next) => {
    const { settings = {} } = (await chrome.storage.local.get('settings')) as {
      settings?: { ui?: Record<string, string> };
    };
    await chrome.storage.local.set({ settings: { ...settings, ui: { ...settings.ui, ...next } } });
  }, ui);
}

/** Everything the store holds and the settings, through the worker's own export request. */
function snapshot(page: Page) {
  return page.evaluate(async () => ({
    data: (await chrome.runtime.sendMessage({
      channel: 'parley/v1',
      type: 'data-export',
      params: {},
    })) as unknown,
    settings: (await chrome.storage.local.get('settings')) as unknown,
  }));
}

const titles = (page: Page) => page.getByTestId('conversation-title').allTextContents();

describe('history', () => {
  it('finds a conversation by a word of a reply, and opens it', async () => {
    const popup = await harness.openPage(PAGES.popup);
    await chat(popup, 'What do whales eat?', 'Mostly krill and small fish.');
    await chat(popup, 'Name a prime number', 'Seven is prime.');

    await popup.getByTestId('history-button').click();
    await expect.poll(() => titles(popup)).toEqual(['Name a prime number', 'What do whales eat?']);
    await popup.getByTestId('history-search').fill('KRILL');
    await expect.poll(() => titles(popup)).toEqual(['What do whales eat?']);
    await expect(
      popup.locator('[data-testid="conversation-snippet"] mark').textContent(),
    ).resolves.toBe('krill');

    await popup.getByTestId('conversation-title').click();
    await expect.poll(() => popup.getByTestId('history-panel').count()).toBe(0);
    await expect
      .poll(() => popup.getByTestId('message-text').allTextContents())
      .toEqual(['What do whales eat?', 'Mostly krill and small fish.']);
  });

  it('deletes a conversation with undo, and keeps a temporary chat out of the history', async () => {
    const popup = await harness.openPage(PAGES.popup);
    await chat(popup, 'Delete me, then bring me back', 'Fine.');
    await popup.getByTestId('history-button').click();
    const item = popup
      .getByTestId('conversation-item')
      .filter({ hasText: 'Delete me, then bring me back' });
    const focused = () => popup.evaluate(() => document.activeElement?.getAttribute('data-testid'));
    await item.getByTestId('conversation-delete-button').click();
    await expect.poll(() => item.count()).toBe(0);
    // The keyboard stays in the panel: on Undo, then back on the search box.
    await expect.poll(focused).toBe('undo-delete');
    await popup.keyboard.press('Enter');
    await expect.poll(() => item.count()).toBe(1);
    expect(await focused()).toBe('history-search');
    await popup.keyboard.press('Escape');
    await expect.poll(() => popup.getByTestId('history-panel').count()).toBe(0);

    await popup.getByTestId('temporary-chat-button').click();
    await expect(popup.getByTestId('temporary-notice').isVisible()).resolves.toBe(true);
    await sendMessage(popup, 'Off the record');
    const stream = await server.nextStream();
    stream.write('Not stored.');
    stream.end();
    await expectAssistant(popup, 'done', 'Not stored.');
    await popup.getByTestId('history-button').click();
    await popup.getByTestId('history-search').fill('record');
    await expect.poll(() => popup.getByText('Nothing matches “record”.').count()).toBe(1);
    const stored = JSON.stringify(await snapshot(popup));
    expect(stored).not.toContain('Off the record');
    expect(stored).not.toContain('Not stored.');
  });
});

describe('a deleted conversation', () => {
  it('has its unsent draft forgotten once the undo window has passed', async () => {
    const popup = await harness.openPage(PAGES.popup);
    await chat(popup, 'A chat with words left unsent', 'Fine.');
    await popup.getByTestId('composer-input').pressSequentially('Words I never sent');
    // The conversation's own draft (docs/protocol.md, "Drafts"), not the new chat's.
    const drafts = () =>
      popup.evaluate(async () =>
        Object.entries(await chrome.storage.session.get(null))
          .filter(([key]) => key.startsWith('draft/') && key !== 'draft/new')
          .map(([key, value]) => [key, JSON.stringify(value)]),
      );
    await expect.poll(async () => (await drafts()).join()).toContain('Words I never sent');
    await popup.getByTestId('history-button').click();
    await popup
      .getByTestId('conversation-item')
      .filter({ hasText: 'A chat with words left unsent' })
      .getByTestId('conversation-delete-button')
      .click();
    await expect.poll(() => popup.getByTestId('undo-delete').count()).toBe(1);
    // While Undo can still bring the conversation back, its draft stays…
    expect((await drafts()).join()).toContain('Words I never sent');
    // …and once the window (10 s) has passed without an Undo, it is gone.
    await expect.poll(drafts, { timeout: 25_000, interval: 500 }).toEqual([]);
  }, 60_000);
});

describe('appearance and language', () => {
  const background = (page: Page) =>
    page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  /** Relative luminance of an `rgb(r, g, b)` colour, 0 (black) to 1 (white). */
  const luminance = (rgb: string) => {
    const [r, g, b] = (rgb.match(/\d+/g) ?? []).map(Number).map((c) => {
      const s = c / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };

  it('shows the popup dark with theme = dark, light with theme = light, and screenshots both', async () => {
    await patchUi({ theme: 'light' });
    const light = await harness.openPage(PAGES.popup);
    await chat(
      light,
      'Three names for a grey cat, please',
      'Here are three: Ash, for the colour; Pebble, small and round; Smokey, a classic.',
    );
    expect(luminance(await background(light))).toBeGreaterThan(0.8);
    await light.screenshot({ path: screenshotPath('popup-light.png') });
    await light.getByTestId('history-button').click();
    await light.getByTestId('history-search').fill('cat');
    await expect.poll(() => light.getByTestId('conversation-snippet').count()).toBeGreaterThan(0);
    await light.screenshot({ path: screenshotPath('popup-history.png') });
    await light.keyboard.press('Escape');

    await patchUi({ theme: 'dark' });
    // An open view follows at once.
    await expect.poll(async () => luminance(await background(light))).toBeLessThan(0.05);
    const dark = await harness.openPage(PAGES.popup);
    await expectAssistant(dark, 'done', /.+/);
    expect(luminance(await background(dark))).toBeLessThan(0.05);
    expect(await dark.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await dark.screenshot({ path: screenshotPath('popup-dark.png') });
    await patchUi({ theme: 'system' });
  });

  it('shows the popup in Russian with language = ru, whatever the browser language', async () => {
    await patchUi({ language: 'ru' });
    let opened: Page | undefined;
    try {
      const popup = (opened = await harness.openPage(PAGES.popup));
      await expect
        .poll(() => popup.getByTestId('new-chat-button').getAttribute('aria-label'))
        .toBe('Новый чат');
      expect(await popup.getByTestId('send-button').getAttribute('aria-label')).toBe('Отправить');
      expect(await popup.getByTestId('settings-button').getAttribute('aria-label')).toBe(
        'Настройки',
      );
      expect(await popup.getByTestId('composer-input').getAttribute('placeholder')).toMatch(
        /^Сообщение/,
      );
      expect(await popup.getByTestId('history-button').getAttribute('aria-label')).toBe('История');
      expect(await popup.evaluate(() => document.documentElement.lang)).toBe('ru');
      expect(await popup.evaluate(() => chrome.i18n.getUILanguage())).toMatch(/^en/);
    } finally {
      // An open view reloads when the language changes, and a page closed mid-reload can hang
      // Playwright's close (afterEach): close it first.
      await opened?.close();
      await patchUi({ language: 'system' });
    }
  });
});

describe('options page', () => {
  it('saves a base URL that the next request uses, and tests the connection', async () => {
    const other = await startControlledStreamServer();
    try {
      const options = await harness.openPage(`${PAGES.options}#provider=acytoo`);
      const card = options.locator('[data-testid="provider-card"][data-provider-id="acytoo"]');
      await expect.poll(() => card.getAttribute('open')).toBe('');
      await card.getByTestId('provider-base-url').fill(`${other.url}/`);
      await card.getByTestId('provider-save').click();
      await expect
        .poll(() => card.getByTestId('provider-status').getAttribute('data-status'))
        .toBe('saved');

      await card.getByTestId('provider-test').click();
      const probe = await other.nextStream();
      probe.write('Hello from the other server!');
      probe.end();
      await expect
        .poll(() => card.getByTestId('provider-status').textContent())
        .toMatch(/^Connected in \d+ ms \(Acytoo\): “Hello from the other server!”$/);
      await options.setViewportSize({ width: 1100, height: 820 });
      await card.scrollIntoViewIfNeeded();
      await options.screenshot({ path: screenshotPath('options.png') });

      const popup = await harness.openPage(PAGES.popup);
      const before = server.handles.length;
      await chat(popup, 'Which server answers?', 'The other one.', other);
      expect(server.handles.length).toBe(before);
      expect(JSON.parse(other.handles.at(-1)!.request.body).messages.at(-1)).toEqual({
        role: 'user',
        content: 'Which server answers?',
      });
    } finally {
      const page = await harness.openPage(PAGES.options);
      await setSettings(page, { providers: { acytoo: { baseUrl: server.url } } });
      await other.close();
    }
  });

  it('rejects a bad import file with the reason and changes nothing', async () => {
    const options = await harness.openPage(PAGES.options);
    await options.getByTestId('import-file').waitFor();
    const before = await snapshot(options);
    expect(JSON.stringify(before.data)).toContain('krill');

    const twice = { id: 'dup', title: 'Twice', createdAt: 1, updatedAt: 1, providerId: 'auto' };
    await options.getByTestId('import-file').setInputFiles({
      name: 'backup.json',
      mimeType: 'application/json',
      buffer: Buffer.from(
        JSON.stringify({
          format: 'parley-backup',
          version: 1,
          settings: { ui: { theme: 'dark' } },
          conversations: [twice, twice],
          messages: [],
        }),
      ),
    });
    const result = options.getByTestId('data-result');
    await expect.poll(() => result.getAttribute('data-outcome')).toBe('rejected');
    expect(await result.getAttribute('data-reason')).toBe('duplicate-id');
    expect(await result.textContent()).toContain('The file was not imported and nothing changed.');
    expect(await result.textContent()).toContain('Two records have the same id.');
    expect(await snapshot(options)).toEqual(before);

    await options.getByTestId('import-file').setInputFiles({
      name: 'notes.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('just some notes'),
    });
    await expect.poll(() => result.getAttribute('data-reason')).toBe('not-json');
    expect(await snapshot(options)).toEqual(before);
  });
});
