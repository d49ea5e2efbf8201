// What a view posts on its chat ports, recorded in the page: `chat-send` is the documented wire
// (docs/protocol.md, "Attachments"), so an end-to-end test can check the view's half of a send —
// what the composer made of a person's paste, drop or pick — apart from what the worker and the
// providers do with it (their own tests check that half).
import type { BrowserContext } from 'playwright-core';
import type { AttachmentInput } from '../../src/shared/records';

/** Makes every extension page of the context record its port messages in `globalThis.posted`. */
export async function recordPorts(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const runtime = (globalThis as { chrome?: typeof chrome }).chrome?.runtime;
    if (!runtime?.connect || !location.protocol.startsWith('chrome-extension')) return;
    const posted: unknown[] = [];
    (globalThis as unknown as { posted: unknown[] }).posted = posted;
    const connect = runtime.connect.bind(runtime);
    runtime.connect = ((...args: Parameters<typeof chrome.runtime.connect>) => {
      const port = connect(...args);
      const post = port.postMessage.bind(port);
      port.postMessage = (message: unknown) => {
        posted.push(message);
        post(message);
      };
      return port;
    }) as typeof chrome.runtime.connect;
  });
}

export interface PostedSend {
  text: string;
  attachments?: AttachmentInput[];
}

/** The `chat-send` messages a page posted, oldest first. */
export async function postedSends(page: {
  evaluate<R>(fn: () => R | Promise<R>): Promise<R>;
}): Promise<PostedSend[]> {
  const posted = await page.evaluate(
    () => (globalThis as unknown as { posted?: { type: string }[] }).posted ?? [],
  );
  return posted.filter((m) => m.type === 'chat-send') as unknown as PostedSend[];
}
