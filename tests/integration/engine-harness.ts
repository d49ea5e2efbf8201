// What every integration test stands on: the real store (fake-indexeddb), the real engine with a
// scripted runner, and views connected to it through a fake Port that really delivers — the same
// wiring as the worker's, with only the provider replaced.
import 'fake-indexeddb/auto';
import { ChatEngine } from '../../src/background/jobs';
import { acceptChatPort, type PortLike } from '../../src/background/chat-port';
import { openStore, type Store } from '../../src/background/store';
import { catalogueSource, setMessageSource } from '../../src/shared/i18n';
import type { ChatPort } from '../../src/ui/models/connection';
import { createPortPair } from '../fakes/port';
import { createScriptedRunner } from '../fakes/scripted-runner';
import en from '../../public/_locales/en/messages.json';

export interface EngineHarness {
  store: Store;
  runner: ReturnType<typeof createScriptedRunner>;
  engine: ChatEngine;
  /** The background ends of the ports views opened, oldest first. */
  backgroundPorts: PortLike[];
  /** Opens a view's port to the engine, as runtime.connect does. */
  connect(): ChatPort;
  /** Stops any running reply and closes the store. */
  close(): void;
}

let databases = 0;

export async function startEngine(): Promise<EngineHarness> {
  const store = await openStore(`integration-${++databases}`);
  const runner = createScriptedRunner();
  let id = 0;
  let clock = 0;
  const engine = new ChatEngine({
    store,
    runner,
    now: () => ++clock,
    newId: () => `id${++id}`,
    flushIntervalMs: 10,
  });
  const backgroundPorts: PortLike[] = [];
  return {
    store,
    runner,
    engine,
    backgroundPorts,
    connect() {
      const [view, background] = createPortPair('chat/v1', {
        id: 'ext',
        url: 'chrome-extension://ext/popup.html',
      });
      backgroundPorts.push(background as unknown as PortLike);
      acceptChatPort(background as unknown as PortLike, {
        isOwnPage: () => true,
        engine: Promise.resolve(engine),
      });
      return view as unknown as ChatPort;
    },
    close() {
      engine.stopAll();
      store.close();
    },
  };
}

/** t() answers from the English catalogue, with Chrome's $1…$9 substitutions. */
export function useEnglishMessages(): void {
  setMessageSource(catalogueSource(en));
}
