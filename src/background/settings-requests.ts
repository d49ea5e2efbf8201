// The worker is the only writer of the settings (issue 11): views send their change as a
// compare-and-set (`settings-update`, src/ui/models/settings-writer.ts), and the worker applies
// them one at a time, together with its own writes (import, delete all), so none is lost.
import { compareAndSetSettings, type SettingsStorage } from '../shared/settings';
import type { RequestHandlers } from './requests';

export function createSettingsHandlers(
  storage: SettingsStorage,
): Pick<RequestHandlers, 'settings-update'> {
  return {
    'settings-update': ({ base, next }) => compareAndSetSettings(storage, base, next),
  };
}
