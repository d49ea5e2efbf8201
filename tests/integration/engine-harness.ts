// What every integration test stands on: the real store (fake-indexeddb), the real engine with a
// scripted runner, views connected to it through a fake Port that really delivers, and a request
// channel answered by the worker's own handlers — the same wiring as the worker's, with only the
// provider's replies scripted.
import 'fake-indexeddb/auto';
import { ChatEngine } from '../../src/background/jobs';
import { acceptChatPort, type PortLike } from '../../src/background/chat-port';
import { openStore, type Store } from '../../src/background/store';
import { catalogueSource, setMessageSource } from '../../src/shared/i18n';
import { createSettingsHandlers } from '../../src/background/settings-requests';
import { createDataHandlers } from '../../src/background/data-requests';
import {
  listProviderModels,
  providerInfo,
  testProvider,
} from '../../src/background/provider-requests';
import { answerRequest, type RequestHandlers } from '../../src/background/requests';
import { detectSetup } from '../../src/background/setup';
import type { ProviderAdapter } from '../../src/providers/types';
import { readSettings } from '../../src/shared/settings';
import type { ChatPort, Connection } from '../../src/ui/models/connection';
import { nodeContext } from '../mock-servers/adapter-harness';
import { createPortPair } from '../fakes/port';
import { createStorageArea, type FakeStorageArea } from '../fakes/storage';
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
  /**
   * A view's connection: its port to the engine, and requests answered by the worker's own
   * handlers (background/index.ts's table) over `providers` and the settings in `storage`.
   */
  connection(options?: {
    providers?: readonly ProviderAdapter[];
    storage?: FakeStorageArea;
  }): Connection;
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
  const harness: EngineHarness = {
    store,
    runner,
    engine,
    backgroundPorts,
    connection({ providers = [], storage = createStorageArea() } = {}) {
      // The provider environment the worker builds once; requests go to the emulators only.
      const environment = {
        providers,
        readSettings: () => readSettings(storage),
        context: nodeContext(),
        installHeaderRules: async () => {},
        hasHostPermission: async () => true,
      };
      const handlers: RequestHandlers = {
        ping: async () => ({ version: 'test' }),
        'providers-list': async () => providers.map(providerInfo),
        'provider-test': (params) => testProvider(runner, params),
        'provider-models': (params) => listProviderModels(environment, params),
        'conversations-list': ({ limit }) => store.listConversations(limit),
        ...createSettingsHandlers(storage),
        ...createDataHandlers({
          ready: Promise.resolve({ store, engine }),
          settings: storage,
          now: () => clock,
          later: () => undefined,
        }),
        'setup-detect': () => detectSetup(environment),
      };
      return {
        connect: () => harness.connect(),
        request: (type, params) => answerRequest(handlers, type, params),
      };
    },
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
  return harness;
}

/** t() answers from the English catalogue, with Chrome's $1…$9 substitutions. */
export function useEnglishMessages(): void {
  setMessageSource(catalogueSource(en));
}
