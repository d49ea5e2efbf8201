// The settings as a chat view sees them: read once, then followed as they change (the options
// page, another view), and changed through the worker (settings-writer.ts), their only writer.
// Injected into the chat model, so tests hand it a fake storage area that really stores and
// reports changes, and a connection to a worker that writes it.
import {
  parseSettings,
  readSettings,
  SETTINGS_KEY,
  type Settings,
  type SettingsStorage,
} from '../../shared/settings';
import type { Connection } from './connection';
import { updateSettingsInWorker } from './settings-writer';

export interface SettingsSource {
  read(): Promise<Settings>;
  /** Calls `listener` with the parsed settings after every change; returns the unsubscribe. */
  watch(listener: (settings: Settings) => void): () => void;
  update(change: (current: Settings) => Settings): Promise<Settings>;
}

type Changes = Record<string, { newValue?: unknown }>;

/** A storage area with its own onChanged (browser.storage.local, or tests' fake area). */
export interface WatchedSettingsStorage extends SettingsStorage {
  onChanged: {
    addListener(listener: (changes: Changes) => void): void;
    removeListener(listener: (changes: Changes) => void): void;
  };
}

export function storageSettingsSource(
  storage: WatchedSettingsStorage,
  connection: Pick<Connection, 'request'>,
): SettingsSource {
  return {
    read: () => readSettings(storage),
    watch(listener) {
      const onChanged = (changes: Changes) => {
        const change = changes[SETTINGS_KEY];
        if (change) listener(parseSettings(change.newValue));
      };
      storage.onChanged.addListener(onChanged);
      return () => storage.onChanged.removeListener(onChanged);
    },
    update: (change) => updateSettingsInWorker(connection, storage, change),
  };
}
