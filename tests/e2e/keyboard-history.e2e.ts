// A keyboard-only pass (issue 5, accessibility): send, stop, and find an older conversation in the
// history — Tab, Enter, typing and Esc only, never the mouse.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchExtension, PAGES, type ExtensionHarness } from './harness';
import { expectAssistant, setSettings } from './chat-helpers';
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
    onboarded: true,
    defaultProviderId: 'acytoo',
    providers: { acytoo: { baseUrl: server.url } },
  });
  await page.close();
});
afterAll(async () => {
  await harness?.close();
  await server?.close();
});

const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return (
      el?.getAttribute('data-testid') ??
      el?.closest('[data-testid]')?.getAttribute('data-testid') ??
      el?.tagName ??
      ''
    );
  });

/** Presses Tab until the focused element (or its nearest test id) matches, like a keyboard user. */
async function tabTo(page: Page, testId: string, limit = 40): Promise<void> {
  for (let i = 0; i < limit; i++) {
    if ((await focused(page)) === testId) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${testId}; last focus: ${await focused(page)}`);
}

async function chat(page: Page, text: string, reply: string): Promise<void> {
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
  const stream = await server.nextStream();
  stream.write(reply);
  stream.end();
  await expectAssistant(page, 'done', reply);
}

describe('keyboard only', () => {
  it('sends, stops, and reopens an older conversation from the history', async () => {
    const popup = await harness.openPage(PAGES.popup);
    await expect.poll(() => focused(popup)).toBe('composer-input');
    await chat(popup, 'Tell me about giraffes', 'Giraffes are the tallest land animals.');

    await popup.keyboard.press('Control+K');
    await expect.poll(() => popup.getByTestId('message').count()).toBe(0);
    await popup.keyboard.type('Count slowly');
    await popup.keyboard.press('Enter');
    const stream = await server.nextStream();
    stream.write('one… ');
    await expectAssistant(popup, 'streaming', 'one… ');
    await popup.keyboard.press('Escape');
    await expectAssistant(popup, 'stopped', 'one… ');

    await tabTo(popup, 'history-button');
    await popup.keyboard.press('Enter');
    await popup.getByTestId('history-panel').waitFor();
    await tabTo(popup, 'history-search');
    await popup.keyboard.type('tallest');
    await expect.poll(() => popup.getByTestId('conversation-item').count()).toBe(1);
    await tabTo(popup, 'conversation-item');
    await popup.keyboard.press('Enter');
    await expectAssistant(popup, 'done', 'Giraffes are the tallest land animals.');
    await expect(
      popup.getByTestId('message').first().getByTestId('message-text').textContent(),
    ).resolves.toBe('Tell me about giraffes');
  });
});
