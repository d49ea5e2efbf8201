// The upgrade from context-menu templates to the prompt library (issue 13): settings written by an
// older Parley hold `selection.templates`; they become prompts (the defaults first, then each
// template, still in the menu) and the old field goes. Runs when the extension is installed or
// updated, before the menu is built, in the worker's settings queue (`exclusively`).
import { legacyTemplatesIn, promptsFromTemplates, type PromptRecord } from '../shared/prompts';
import { exclusively, parseSettings, SETTINGS_KEY, type SettingsStorage } from '../shared/settings';

export interface MigrationDeps {
  /** The default prompts in the UI's language, as of now. */
  defaults(): PromptRecord[];
  newId(): string;
}

/** True when the stored settings were of the old shape and were rewritten. */
export function migrateTemplates(storage: SettingsStorage, deps: MigrationDeps): Promise<boolean> {
  return exclusively(storage, async () => {
    const raw = (await storage.get(SETTINGS_KEY))[SETTINGS_KEY];
    const templates = legacyTemplatesIn(raw);
    if (templates === undefined) return false;
    const settings = parseSettings(raw);
    // No templates of their own: nothing to keep; the defaults keep following the UI's language.
    const prompts =
      settings.prompts ??
      (templates.length > 0
        ? promptsFromTemplates(templates, deps.defaults(), deps.newId)
        : undefined);
    // parseSettings dropped `selection.templates`: writing it back removes the old field.
    await storage.set({ [SETTINGS_KEY]: prompts ? { ...settings, prompts } : settings });
    return true;
  });
}
