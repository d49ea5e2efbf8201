// How a view changes the settings: never by writing storage.local itself (two pages saving at
// once would lose one change), always through the worker's `settings-update`, a compare-and-set.
// The view applies its change to the settings as it read them; if another page saved in between,
// the worker answers with the current settings and the change is applied to those instead.
import type { Connection } from './connection';
import type { WireError } from '../../shared/errors';
import { readSettings, type Settings, type SettingsStorage } from '../../shared/settings';

/** Tries again this often when other pages keep saving in between; then gives up loudly. */
const ATTEMPTS = 8;

export type SettingsChange = (current: Settings) => Settings;

/**
 * `known`: settings the view already holds (they follow storage). The first request then leaves in
 * the same task as the caller's click — what a write must do when a permission prompt may close the
 * popup right after it.
 */
export async function updateSettingsInWorker(
  connection: Pick<Connection, 'request'>,
  storage: SettingsStorage,
  change: SettingsChange,
  known?: Settings,
): Promise<Settings> {
  let base = known ?? (await readSettings(storage));
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const reply = await connection.request('settings-update', { base, next: change(base) });
    if (!reply.ok) throw reply.error;
    if (!reply.value.conflict) return reply.value.settings;
    base = reply.value.settings;
  }
  throw {
    code: 'unknown',
    message: 'Parley: the settings kept changing while they were saved. Try again.',
    retryable: true,
  } satisfies WireError;
}
