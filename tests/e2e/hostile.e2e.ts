// Issue 11 in a real Chromium, where a person sees it: settings saved from two pages at the same
// instant, a worker whose storage will not open, and a server that redirects a request carrying
// a key (the browser hides a manual redirect's target, unlike Node: tests/hostile-servers.test.ts).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchExtension, PAGES, type ExtensionHarness } from './harness';
import { expectAssistant, sendMessage } from './chat-helpers';
import { startServer } from '../mock-servers/server';

let harness: ExtensionHarness;
beforeEach(async () => {
  harness = await launchExtension();
});
afterEach(() => harness.close());

const storedSettings = (page: Page) =>
  page.evaluate(async () => {
    const { settings } = (await chrome.storage.local.get('settings')) as {
      settings?: { ui?: { theme?: string }; auto?: { shuffle?: boolean } };
    };
    return { theme: settings?.ui?.theme, shuffle: settings?.auto?.shuffle };
  });

describe('two options pages saving at the same instant', () => {
  it('keeps both changes, every time', async () => {
    const first = await harness.openPage(PAGES.options);
    const second = await harness.openPage(PAGES.options);
    await first.getByTestId('theme-dark').waitFor();
    await second.getByTestId('auto-shuffle').waitFor();
    // Six trials, as the report that found it ran (it lost one change in 2–3 of them). Each page
    // clicks at the same planned instant (timers in both pages), not one after the other.
    const clickAt = (page: Page, testId: string, at: number) =>
      page.evaluate(
        ([id, when]) =>
          new Promise<void>((resolve) =>
            setTimeout(
              () => {
                document.querySelector<HTMLElement>(`[data-testid="${id}"]`)?.click();
                resolve();
              },
              Math.max(0, when - Date.now()),
            ),
          ),
        [testId, at] as const,
      );
    let shuffle = false;
    for (let trial = 0; trial < 6; trial++) {
      const theme = trial % 2 === 0 ? 'dark' : 'light';
      shuffle = !shuffle;
      const at = Date.now() + 300;
      await Promise.all([
        clickAt(first, `theme-${theme}`, at),
        clickAt(second, 'auto-shuffle', at),
      ]);
      // Both pages say so, and both changes are stored.
      await expect
        .poll(() => storedSettings(first), { timeout: 5_000 })
        .toEqual({ theme, shuffle });
      await expect.poll(() => second.getByTestId('auto-shuffle').isChecked()).toBe(shuffle);
      await expect.poll(() => first.getByTestId(`theme-${theme}`).isChecked()).toBe(true);
    }
    expect(harness.consoleErrors).toEqual([]);
  });
});

describe('a worker whose storage does not open', () => {
  it('answers the message with a notice and the composer keeps the text', async () => {
    // Another, newer Parley's database (a downgrade): the worker's open fails with VersionError.
    // Each step waits for a state it can see, with its own bound, so a failure says which step
    // (CI once timed out somewhere in here, after the whole test's 60 s, saying nothing more).
    const options = await harness.openPage(PAGES.options);
    // 1. The worker is up with its store open: a request that waits on its start is answered.
    await expect
      .poll(
        () =>
          options.evaluate(async () => {
            const reply = (await chrome.runtime
              .sendMessage({ channel: 'parley/v1', type: 'conversations-list', params: {} })
              .catch(() => undefined)) as { ok?: boolean } | undefined;
            return reply?.ok === true;
          }),
        { timeout: 15_000 },
      )
      .toBe(true);
    // 2. The newer version opens at once: the running worker closes its connection when the
    //    upgrade waits on it (store.ts, `blocking`) instead of holding it for ever.
    const upgraded = await options.evaluate(
      () =>
        new Promise<string>((resolve) => {
          const open = indexedDB.open('parley', 1000);
          open.onsuccess = () => {
            open.result.close();
            resolve('upgraded');
          };
          open.onerror = () => resolve(`failed: ${String(open.error)}`);
          setTimeout(() => resolve('still waiting on an open connection after 15 s'), 15_000);
        }),
    );
    expect(upgraded).toBe('upgraded');
    // 3. Stopping the worker makes its next start meet the newer database. (A worker that kept
    //    running answers `storage-failed` too: its store refuses once superseded.)
    const cdp = await harness.context.newCDPSession(options);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await options.close();

    const popup = await harness.openPage(PAGES.popup);
    const input = popup.getByTestId('composer-input');
    await input.fill('Please keep this text', { timeout: 15_000 });
    await input.press('Enter', { timeout: 5_000 });
    const notice = popup.getByTestId('error-notice');
    await notice.waitFor({ timeout: 15_000 });
    expect(await notice.getAttribute('data-code')).toBe('storage-failed');
    expect(await notice.textContent()).toContain('Parley could not use the browser’s storage');
    await expect(input.inputValue()).resolves.toBe('Please keep this text');
    // Nothing was sent: there is no message in the view.
    expect(await popup.getByTestId('message').count()).toBe(0);
  });
});

describe('a provider that redirects', () => {
  it('never sends the key to another origin, says where it went, and follows its own origin', async () => {
    // https://docs.anthropic.com/en/api/messages-streaming — the smallest whole stream.
    const stream = [
      'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"stop_reason":null,"usage":{"input_tokens":5,"output_tokens":1}}}\n\n',
      'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Moved here"}}\n\n',
      'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":2}}\n\n',
      'event: message_stop\ndata: {"type":"message_stop"}\n\n',
    ].join('');
    const elsewhere = await startServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' }).end('collected');
    });
    let mode: 'cross' | 'same' = 'cross';
    const api = await startServer((request, response) => {
      if (request.path === '/v1/messages') {
        const location = mode === 'cross' ? `${elsewhere.url}/collect` : '/v2/messages';
        response.writeHead(307, { location }).end();
      } else if (request.path === '/v2/messages' && request.method === 'POST') {
        response.writeHead(200, { 'content-type': 'text/event-stream' }).end(stream);
      } else response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
    try {
      const options = await harness.openPage(PAGES.options);
      await options.evaluate(
        (base) =>
          chrome.storage.local.set({
            settings: {
              onboarded: true,
              defaultProviderId: 'anthropic',
              providers: { anthropic: { baseUrl: base, apiKey: 'sk-ant-secret' } },
            },
          }),
        api.url,
      );
      const popup = await harness.openPage(PAGES.popup);
      await sendMessage(popup, 'my private question');
      const notice = popup.getByTestId('error-notice');
      await expect
        .poll(() => notice.getAttribute('data-code'), { timeout: 15_000 })
        .toBe('bad-response');
      await notice.locator('summary').click();
      expect(await notice.textContent()).toContain(`${elsewhere.url}/collect`);
      // The other origin saw at most the bare look-up: no key, no conversation.
      for (const request of elsewhere.requests) {
        expect(request.method).toBe('GET');
        expect(request.headers['x-api-key']).toBeUndefined();
        expect(request.body).toBe('');
      }
      expect(JSON.stringify(elsewhere.requests)).not.toContain('sk-ant-secret');
      expect(JSON.stringify(elsewhere.requests)).not.toContain('my private question');

      mode = 'same';
      await popup.getByTestId('new-chat-button').click();
      await sendMessage(popup, 'again');
      await expectAssistant(popup, 'done', 'Moved here');
      const moved = api.requests.find((r) => r.path === '/v2/messages' && r.method === 'POST');
      expect(moved?.headers['x-api-key']).toBe('sk-ant-secret');
    } finally {
      await api.close();
      await elsewhere.close();
    }
  });
});
