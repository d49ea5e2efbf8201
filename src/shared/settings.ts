// Settings live in storage.local under the key `settings` (docs/design.md, "A stable surface for
// end-to-end tests"). `settings.providers[<id>].baseUrl` overrides a provider's base URL, `.apiKey`
// holds its key, `.enabled` switches it. Every read parses, so a change applies to the next request
// without a reload, and a damaged field falls back to its default instead of breaking the worker.
// zod/mini keeps this small enough for the popup's first load.
import * as z from 'zod/mini';
import { AUTO_PROVIDER_ID, LANGUAGES, promptRecordSchema, THEMES } from './records';

export const SETTINGS_KEY = 'settings';

export const providerSettingsSchema = z.object({
  enabled: z.optional(z.boolean()),
  baseUrl: z.optional(z.string()),
  apiKey: z.optional(z.string()),
  model: z.optional(z.string()),
  temperature: z.optional(z.number()),
  systemPrompt: z.optional(z.string()),
  timeoutMs: z.optional(z.number()),
  /** The model's context window in tokens, for the context meter, where Parley knows none. */
  contextWindow: z.optional(z.number()),
});

/**
 * The settings' parts, strict: what each field must be. The stored settings forgive damage field by
 * field (below); a backup file must not, so backup.ts checks these parts as they are.
 */
export const settingsParts = {
  providers: z.record(z.string(), providerSettingsSchema),
  /** The user chose a provider on the first-run card, or skipped it. */
  onboarded: z.boolean(),
  /** Provider used for a new conversation: a provider id, or `auto` for the fallback chain. */
  defaultProviderId: z.string(),
  auto: z.object({
    /** Provider ids in the order Auto tries them; providers not listed follow in registry order. */
    order: z.array(z.string()),
    shuffle: z.boolean(),
  }),
  ui: z.object({ theme: z.enum(THEMES), language: z.enum(LANGUAGES) }),
  selection: z.object({
    editBeforeSend: z.boolean(),
    /** Longest selection sent; longer ones are cut with a visible note. */
    maxChars: z.number(),
  }),
  /**
   * The prompt library, in the user's order. Absent until the user saves it (or an upgrade
   * migrated the old context-menu templates into it): then the default prompts in the UI's
   * language stand in (shared/prompts.ts, `promptsOf`).
   */
  prompts: z.optional(z.array(promptRecordSchema)),
};

/** Each field falls back to its own default when it is damaged, and so does the whole part. */
function forgiving<T extends z.ZodMiniObject>(part: T, fallback: z.infer<T>): z.ZodMiniCatch<T> {
  const defaults = fallback as Record<string, unknown>;
  const shape = Object.fromEntries(
    Object.entries(part.shape).map(([key, field]) => [key, z.catch(field, defaults[key])]),
  );
  return z.catch(z.object(shape) as unknown as T, fallback);
}

export const settingsSchema = z.object({
  // One damaged provider falls back to no settings; the others keep theirs.
  providers: z.catch(z.record(z.string(), z.catch(providerSettingsSchema, {})), {}),
  onboarded: z.catch(settingsParts.onboarded, false),
  defaultProviderId: z.catch(settingsParts.defaultProviderId, AUTO_PROVIDER_ID),
  auto: forgiving(settingsParts.auto, { order: [], shuffle: false }),
  ui: forgiving(settingsParts.ui, { theme: 'system', language: 'system' }),
  selection: forgiving(settingsParts.selection, {
    editBeforeSend: false,
    maxChars: 20_000,
  }),
  prompts: z.catch(settingsParts.prompts, undefined),
});

export type Settings = z.infer<typeof settingsSchema>;
export type ProviderSettings = z.infer<typeof providerSettingsSchema>;

/** What a fresh profile has. */
export function defaultSettings(): Settings {
  return settingsSchema.parse({});
}

/** Parses whatever is stored; never throws. */
export function parseSettings(raw: unknown): Settings {
  const result = settingsSchema.safeParse(raw ?? {});
  return result.success ? result.data : defaultSettings();
}

/** The slice of a storage area settings need; browser.storage.local fits, and so do test fakes. */
export interface SettingsStorage {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

export async function readSettings(storage: SettingsStorage): Promise<Settings> {
  const stored = await storage.get(SETTINGS_KEY);
  return parseSettings(stored[SETTINGS_KEY]);
}

const queues = new WeakMap<object, Promise<unknown>>();

/**
 * Runs `task` once every earlier task on the same storage area has finished, so two
 * read-modify-writes in one context never interleave. The worker is the only context that writes
 * the settings (views send `settings-update`), so this makes every write in order.
 */
export function exclusively<T>(storage: object, task: () => Promise<T>): Promise<T> {
  const previous = queues.get(storage) ?? Promise.resolve();
  const run = previous.then(task, task);
  queues.set(
    storage,
    run.catch(() => undefined),
  );
  return run;
}

/**
 * Applies `change` to the stored settings and writes them back, after any earlier update on the
 * same area. Only the worker calls this; views go through `settings-update`.
 */
export function updateSettings(
  storage: SettingsStorage,
  change: (current: Settings) => Settings,
): Promise<Settings> {
  return exclusively(storage, async () => {
    const next = parseSettings(change(await readSettings(storage)));
    await storage.set({ [SETTINGS_KEY]: next });
    return next;
  });
}

/** The same settings give the same text, whatever order their keys came in. */
export function settingsFingerprint(settings: Settings): string {
  const sorted = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(sorted);
    if (typeof value !== 'object' || value === null) return value;
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sorted((value as Record<string, unknown>)[key])]),
    );
  };
  return JSON.stringify(sorted(settings));
}

/**
 * The worker's side of `settings-update`, a compare-and-set: `next` is written only if the
 * stored settings are still `base` (what the view changed); otherwise nothing is written and the
 * current settings go back, for the view to apply its change to them and try again.
 */
export function compareAndSetSettings(
  storage: SettingsStorage,
  base: unknown,
  next: unknown,
): Promise<{ settings: Settings; conflict?: true }> {
  return exclusively(storage, async () => {
    const current = await readSettings(storage);
    if (settingsFingerprint(current) !== settingsFingerprint(parseSettings(base))) {
      return { settings: current, conflict: true as const };
    }
    const settings = parseSettings(next);
    await storage.set({ [SETTINGS_KEY]: settings });
    return { settings };
  });
}

/** The settings of one provider, with an empty object when it has none. */
export function providerSettings(settings: Settings, providerId: string): ProviderSettings {
  return settings.providers[providerId] ?? {};
}

/**
 * First run: true while the user has not chosen a provider (none picked as default, none switched
 * on, no key entered) and has not skipped the card. A base-URL override alone does not count: the
 * card can still find that server.
 */
export function needsSetup(settings: Settings): boolean {
  if (settings.onboarded) return false;
  if (settings.defaultProviderId !== AUTO_PROVIDER_ID) return false;
  return !Object.values(settings.providers).some((p) => Boolean(p.apiKey) || p.enabled === true);
}
