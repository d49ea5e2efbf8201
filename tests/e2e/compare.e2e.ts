// Compare, end to end in Chromium from a fresh profile: one prompt to three emulated providers at
// once — one slow (OpenAI-compatible), one answering 401 (Anthropic), one fast (Ollama) — in the
// full page (src/ui/app). The page closes mid-reply and reopens: the slow reply finished in the background,
// the badge counted it, the failure shows its fix; "Continue with this one" sends the next message
// to the slow one's provider alone, and the other replies stay as versions of the turn.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchExtension, PAGES, screenshotPath, type ExtensionHarness } from './harness';
import { sendMessage, setSettings, storedMessages } from './chat-helpers';
import { openAiStream, SSE, startOpenAiServer } from '../mock-servers/openai';
import { startAnthropicServer } from '../mock-servers/anthropic';
import { startOllamaServer } from '../mock-servers/ollama';
import type { ScriptedServer } from '../mock-servers/scripted';
import { tinyPngFile } from '../fakes/images';

let harness: ExtensionHarness;
let openai: ScriptedServer;
let anthropic: ScriptedServer;
let ollama: ScriptedServer;

beforeAll(async () => {
  openai = await startOpenAiServer({ apiKey: 'sk-test' });
  anthropic = await startAnthropicServer({ apiKey: 'sk-ant-right' });
  ollama = await startOllamaServer();
  // Wide, as the full page is: the replies stand side by side.
  harness = await launchExtension({ viewport: { width: 1280, height: 800 } });
});
afterAll(async () => {
  await harness?.close();
  await Promise.all([openai?.close(), anthropic?.close(), ollama?.close()]);
});

const SLOW_TEXT = Array.from({ length: 12 }, (_, i) => `${i ? ' ' : ''}part ${i + 1}.`);

const badgeText = (page: Page) => page.evaluate(() => chrome.action.getBadgeText({}));
const column = (page: Page, providerId: string) =>
  page.locator(`[data-testid="compare-column"][data-provider-id="${providerId}"]`);
const columnStatus = (page: Page, providerId: string) =>
  column(page, providerId).getByTestId('message').getAttribute('data-status');
const chatRequests = (server: ScriptedServer, path: string) =>
  server.requests.filter((r) => r.method === 'POST' && r.path.split('?')[0]?.endsWith(path));

describe('compare', () => {
  it('compares three providers, survives the page closing, and continues with the slow one', async () => {
    // Providers set up in storage: their setup is not what this test is about.
    const options = await harness.openPage(PAGES.options);
    await options.evaluate(
      (providers) => chrome.storage.local.set({ settings: { onboarded: true, providers } }),
      {
        'openai-compatible': {
          baseUrl: `${openai.url}/v1`,
          apiKey: 'sk-test',
          model: 'gpt-4o-mini',
        },
        anthropic: { baseUrl: anthropic.url, apiKey: 'sk-ant-wrong' },
        ollama: { baseUrl: ollama.url },
      },
    );
    // The slow one: twelve pieces, 250 ms apart, then usage (OpenAI's documented chunk shapes).
    openai.next({
      kind: 'stream',
      contentType: SSE,
      delayMs: 250,
      chunks: openAiStream({
        model: 'gpt-4o-mini',
        text: SLOW_TEXT,
        usage: { prompt_tokens: 9, completion_tokens: 36, total_tokens: 45 },
      }),
    });

    const page = await harness.openPage(PAGES.app);
    await page.getByTestId('new-chat-button').click();
    await page.getByTestId('compare-toggle').click();
    await expect.poll(() => page.getByTestId('compare-note').textContent()).toContain('two');
    for (const id of ['openai-compatible', 'anthropic', 'ollama'])
      await page
        .locator(`[data-testid="compare-provider-option"][data-provider-id="${id}"]`)
        .click();
    await expect.poll(() => page.getByTestId('compare-note').count()).toBe(0);
    await sendMessage(page, 'Name a sorting algorithm.');

    await expect.poll(() => page.getByTestId('compare-column').count()).toBe(3);
    // The fast one finishes and the 401 fails while the slow one still streams.
    await expect.poll(() => columnStatus(page, 'ollama'), { timeout: 15_000 }).toBe('done');
    await expect
      .poll(() => column(page, 'anthropic').getByTestId('error-notice').getAttribute('data-code'))
      .toBe('auth-invalid');
    await expect.poll(() => columnStatus(page, 'openai-compatible')).toBe('streaming');
    await expect
      .poll(() => column(page, 'ollama').getByTestId('compare-ttft').textContent())
      .toMatch(/^First token \d+\.\d\d s$/);
    await expect(column(page, 'ollama').getByTestId('message-text').textContent()).resolves.toBe(
      'You said: Name a sorting algorithm.',
    );
    await page.screenshot({ path: screenshotPath('compare-wide-streaming.png') });
    expect(chatRequests(openai, '/chat/completions')).toHaveLength(1);

    // Closing the page mid-reply loses nothing: the slow reply ends unseen and the badge says so.
    await page.close();
    await expect.poll(() => badgeText(options), { timeout: 15_000 }).toBe('1');

    const reopened = await harness.openPage(PAGES.app);
    await expect.poll(() => badgeText(options)).toBe('');
    await expect.poll(() => reopened.getByTestId('compare-column').count()).toBe(3);
    await expect.poll(() => columnStatus(reopened, 'openai-compatible')).toBe('done');
    await expect(
      column(reopened, 'openai-compatible').getByTestId('message-text').textContent(),
    ).resolves.toBe(SLOW_TEXT.join(''));
    await expect(
      column(reopened, 'openai-compatible').getByTestId('compare-usage').textContent(),
    ).resolves.toBe('9 in · 36 out');
    await expect(
      column(reopened, 'openai-compatible').getByTestId('compare-speed').textContent(),
    ).resolves.toMatch(/^\d+\.\d tok\/s$/);
    await expect(columnStatus(reopened, 'ollama')).resolves.toBe('done');
    const failed = column(reopened, 'anthropic');
    await expect(failed.getByTestId('error-notice').getAttribute('data-code')).resolves.toBe(
      'auth-invalid',
    );
    // Its fix: the provider's settings, where the key is changed.
    await expect(failed.getByTestId('fix-settings-button').count()).resolves.toBe(1);
    await expect(failed.getByTestId('error-notice').textContent()).resolves.toContain('Anthropic');
    await expect(failed.getByTestId('compare-continue-button').count()).resolves.toBe(0);
    await reopened.screenshot({ path: screenshotPath('compare-wide-done.png') });

    // Retry in a column asks that column's provider again, not the conversation's first one.
    const anthropicTried = chatRequests(anthropic, '/v1/messages').length;
    const ollamaTried = chatRequests(ollama, '/api/chat').length;
    await failed.getByTestId('retry-button').click();
    await expect
      .poll(() => chatRequests(anthropic, '/v1/messages').length, { timeout: 15_000 })
      .toBe(anthropicTried + 1);
    await expect
      .poll(() => failed.getByTestId('error-notice').getAttribute('data-code'))
      .toBe('auth-invalid');
    expect(chatRequests(ollama, '/api/chat')).toHaveLength(ollamaTried);
    expect(chatRequests(openai, '/chat/completions')).toHaveLength(1);
    await expect(reopened.getByTestId('compare-column').count()).resolves.toBe(3);

    await column(reopened, 'openai-compatible').getByTestId('compare-continue-button').click();
    await expect.poll(() => reopened.getByTestId('compare-column').count()).toBe(0);
    await expect
      .poll(() => reopened.getByTestId('provider-select').inputValue())
      .toBe('openai-compatible');
    await expect
      .poll(() => reopened.getByTestId('compare-toggle').getAttribute('aria-pressed'))
      .toBe('false');

    const ollamaBefore = chatRequests(ollama, '/api/chat').length;
    const anthropicBefore = chatRequests(anthropic, '/v1/messages').length;
    await sendMessage(reopened, 'Why that one?');
    await expect
      .poll(() => chatRequests(openai, '/chat/completions').length, { timeout: 15_000 })
      .toBe(2);
    const next = JSON.parse(chatRequests(openai, '/chat/completions')[1]!.body) as {
      model: string;
      messages: { role: string; content: string }[];
    };
    expect(next.model).toBe('gpt-4o-mini');
    expect(next.messages).toEqual([
      { role: 'user', content: 'Name a sorting algorithm.' },
      { role: 'assistant', content: SLOW_TEXT.join('') },
      { role: 'user', content: 'Why that one?' },
    ]);
    await expect
      .poll(
        () =>
          reopened
            .locator('[data-testid="message"][data-role="assistant"]')
            .last()
            .getAttribute('data-status'),
        { timeout: 15_000 },
      )
      .toBe('done');
    expect(chatRequests(ollama, '/api/chat')).toHaveLength(ollamaBefore);
    expect(chatRequests(anthropic, '/v1/messages')).toHaveLength(anthropicBefore);

    // The history keeps the other replies as versions of the compared turn.
    await expect(reopened.getByTestId('reply-versions').first().textContent()).resolves.toBe('1/3');
    const stored = await storedMessages(reopened);
    const turn = stored.filter((m) => m.role === 'assistant').slice(0, 3);
    // (The retried failure, which held no text, was replaced by the retry's: it comes last.)
    expect(turn.map((m) => [m.providerId, m.status, m.inactive === true])).toEqual([
      ['openai-compatible', 'done', false],
      ['ollama', 'done', true],
      ['anthropic', 'error', true],
    ]);
    expect(new Set(turn.map((m) => m.replyGroup)).size).toBe(1);
    expect(harness.consoleErrors).toEqual([]);
  });

  it('sends a picked image to every compared provider; one that takes no images says so in its column', async () => {
    // Ollama and Acytoo set up in storage (not what this test is about). Acytoo is refused before
    // anything is sent, so its base URL is never asked.
    await setSettings(harness.worker, {
      onboarded: true,
      providers: { ollama: { baseUrl: ollama.url }, acytoo: { baseUrl: 'http://127.0.0.1:9' } },
    });
    const page = await harness.openPage(PAGES.app);
    await page.getByTestId('new-chat-button').click();
    if ((await page.getByTestId('compare-toggle').getAttribute('aria-pressed')) !== 'true')
      await page.getByTestId('compare-toggle').click();
    const option = (id: string) =>
      page.locator(`[data-testid="compare-provider-option"][data-provider-id="${id}"]`);
    // Ollama and Acytoo (a seed provider: text only), nothing else picked.
    await option('acytoo').waitFor();
    // (An option picked before but not set up now leaves the list once unpicked.)
    const ids = await page
      .getByTestId('compare-provider-option')
      .evaluateAll((options) => options.map((o) => o.getAttribute('data-provider-id')));
    for (const id of ids) {
      const wanted = id === 'ollama' || id === 'acytoo';
      if ((await option(id!).getAttribute('aria-pressed')) !== String(wanted))
        await option(id!).click();
    }
    await expect.poll(() => page.getByTestId('compare-note').count()).toBe(0);
    await page.getByTestId('attach-input').setInputFiles(tinyPngFile());
    await page
      .locator('[data-testid="attachment-chip"][data-kind="image"][data-status="ready"]')
      .waitFor({ timeout: 20_000 });
    // With the image attached, the picker says beforehand who will refuse it.
    await expect.poll(() => option('acytoo').textContent()).toBe('Acytoo — takes no images');
    expect(await option('acytoo').getAttribute('data-takes-input')).toBe('false');
    expect(await option('ollama').textContent()).toBe('Ollama');
    // The meter measures against the compared providers' smallest known window (Ollama's: Acytoo
    // knows none), and names the image it cannot price rather than count it as ≈0 tokens.
    const meter = page.getByTestId('context-meter');
    await expect.poll(() => meter.getAttribute('data-window')).toBe('4096');
    await expect(page.getByTestId('meter-uncounted').textContent()).resolves.toBe(
      ' · images not counted: 1',
    );
    await page.screenshot({ path: screenshotPath('compare-wide-image-picker.png') });
    // On the conversation's column: the picker's chips start where the composer's content does.
    const left = (selector: string) =>
      page
        .locator(selector)
        .first()
        .evaluate((el) => {
          const box = el.getBoundingClientRect();
          return Math.round(box.left + parseFloat(getComputedStyle(el).paddingLeft));
        });
    expect(await left('.compare-options')).toBe(await left('.composer'));
    const before = chatRequests(ollama, '/api/chat').length;
    await sendMessage(page, 'What is in the picture?');

    await expect.poll(() => page.getByTestId('compare-column').count()).toBe(2);
    await expect.poll(() => columnStatus(page, 'ollama'), { timeout: 15_000 }).toBe('done');
    // The Ollama emulator names each image it decoded (tests/mock-servers/ollama.ts).
    await expect(column(page, 'ollama').getByTestId('message-text').textContent()).resolves.toBe(
      'You said: What is in the picture? [image/png 2×1]',
    );
    const sent = JSON.parse(chatRequests(ollama, '/api/chat')[before]!.body) as {
      messages: { role: string; content: string; images?: string[] }[];
    };
    expect(sent.messages.at(-1)?.images).toHaveLength(1);
    await expect
      .poll(() => column(page, 'acytoo').getByTestId('error-notice').getAttribute('data-code'))
      .toBe('input-unsupported');
    await expect(
      column(page, 'acytoo').getByTestId('error-notice').textContent(),
    ).resolves.toContain('Acytoo takes no images');
    // The image went with the message, once, and the composer let it go.
    await expect(page.getByTestId('attachment-chip').count()).resolves.toBe(0);
    await expect(
      page.locator('[data-testid="message-attachment"][data-kind="image"]').count(),
    ).resolves.toBe(1);
    await page.screenshot({ path: screenshotPath('compare-wide-image.png') });
    expect(harness.consoleErrors).toEqual([]);
  });
});
