// Helpers for chat end-to-end tests: settings through storage.local (the stable test surface) and
// the data-testid surface of the views.
import { expect } from 'vitest';
import type { Page, Worker } from 'playwright-core';

/**
 * Writes `settings` into storage.local (merged at the top level) from an extension page or the
 * worker. Use the worker for settings a page reacts to by reloading (the language).
 */
export async function setSettings(
  target: Page | Worker,
  settings: Record<string, unknown>,
): Promise<void> {
  const merge = async (next: Record<string, unknown>) => {
    const { settings: current = {} } = (await chrome.storage.local.get('settings')) as {
      settings?: Record<string, unknown>;
    };
    await chrome.storage.local.set({ settings: { ...current, ...next } });
  };
  // Page and Worker both evaluate; their overloads do not unify, so each is called as itself.
  if ('goto' in target) await target.evaluate(merge, settings);
  else await target.evaluate(merge, settings);
}

export async function sendMessage(page: Page, text: string): Promise<void> {
  await page.getByTestId('composer-input').fill(text);
  await page.getByTestId('composer-input').press('Enter');
}

export function lastAssistant(page: Page) {
  return page.locator('[data-testid="message"][data-role="assistant"]').last();
}

/** Waits until the newest assistant message has this status and this text, together. */
export async function expectAssistant(
  page: Page,
  status: string,
  text: string | RegExp,
): Promise<void> {
  const message = lastAssistant(page);
  const read = async () => ({
    status: await message.getAttribute('data-status'),
    text: await message.getByTestId('message-text').textContent(),
  });
  await expect
    .poll(read, { timeout: 15_000 })
    .toEqual({ status, text: typeof text === 'string' ? text : expect.stringMatching(text) });
}

/** A stored message, as the tests read it (shared/records.ts has the whole record). */
export interface StoredMessage {
  role: string;
  text: string;
  status: string;
  providerId?: string;
  replyGroup?: string;
  inactive?: boolean;
  createdAt: number;
}

/** Every stored message, oldest first, read from the extension's IndexedDB. */
export function storedMessages(page: Page): Promise<StoredMessage[]> {
  return page.evaluate(
    () =>
      new Promise<StoredMessage[]>((resolve, reject) => {
        const open = indexedDB.open('parley');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const all = db.transaction('messages').objectStore('messages').getAll();
          all.onsuccess = () => {
            db.close();
            resolve((all.result as StoredMessage[]).sort((a, b) => a.createdAt - b.createdAt));
          };
        };
      }),
  );
}

/** The stored text of the newest assistant message. */
export async function storedAssistantText(page: Page): Promise<string | undefined> {
  return (await storedMessages(page)).filter((m) => m.role === 'assistant').at(-1)?.text;
}
