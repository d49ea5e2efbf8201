// The options page's state: the settings as stored (kept current when another view changes them)
// and the provider list from the worker. Settings are changed through the worker, their only
// writer (settings-writer.ts), so a change applies to the next request without a reload and two
// pages saving at once both land; conversations go through the worker's requests.
import { signal } from '@preact/signals';
import { buildBackup, BACKUP_FORMAT, type ImportResult } from '../../shared/backup';
import type { WireError } from '../../shared/errors';
import type { ProviderInfo, Reply, RequestMap } from '../../shared/protocol';
import {
  defaultSettings,
  parseSettings,
  readSettings,
  SETTINGS_KEY,
  type ProviderSettings,
  type Settings,
  type SettingsStorage,
} from '../../shared/settings';
import type { Connection } from './connection';
import { updateSettingsInWorker } from './settings-writer';
import type { FoundHere } from '../../shared/provider-state';
import { conversationMarkdown, type MarkdownLabels } from './markdown-export';

/** What "Test connection" answers (the worker's `provider-test` request). */
export type ProviderTestResult = RequestMap['provider-test']['result'];

/** chrome.permissions for host origins; `request` must be called from a click (a user gesture). */
export interface HostPermissions {
  request(origins: string[]): Promise<boolean>;
  contains(origins: string[]): Promise<boolean>;
}

export interface OptionsStorage extends SettingsStorage {
  onChanged: {
    addListener(listener: (changes: Record<string, { newValue?: unknown }>) => void): void;
  };
}

/** One keyboard command as the browser reports it (chrome.commands.getAll). */
export interface KeyboardCommand {
  name: string;
  description: string;
  /** '' when the browser assigned none. */
  shortcut: string;
}

/** The browser's keyboard commands: what is assigned, and its page for changing them. */
export interface KeyboardCommands {
  getAll(): Promise<KeyboardCommand[]>;
  openSettings(): void;
}

export interface OptionsModelOptions {
  connection: Connection;
  storage: OptionsStorage;
  permissions: HostPermissions;
  commands?: KeyboardCommands;
  now?: () => number;
}

export class OptionsModel {
  readonly settings = signal<Settings>(defaultSettings());
  readonly providers = signal<ProviderInfo[]>([]);
  readonly loaded = signal(false);
  readonly loadError = signal<WireError | undefined>(undefined);
  /** What setup detection found on this machine; the cards' states follow it once it comes. */
  readonly found = signal<FoundHere>({});

  /** The keyboard commands as assigned now; loaded with the page, again when it regains focus. */
  readonly commands = signal<KeyboardCommand[]>([]);

  readonly connection: Connection;
  readonly permissions: HostPermissions;
  readonly keyboard: KeyboardCommands | undefined;
  private readonly storage: OptionsStorage;
  private readonly now: () => number;

  constructor(options: OptionsModelOptions) {
    this.connection = options.connection;
    this.storage = options.storage;
    this.permissions = options.permissions;
    this.keyboard = options.commands;
    this.now = options.now ?? Date.now;
  }

  async start(): Promise<void> {
    this.storage.onChanged.addListener((changes) => {
      const change = changes[SETTINGS_KEY];
      if (change) this.settings.value = parseSettings(change.newValue);
    });
    const [settings, providers] = await Promise.all([
      readSettings(this.storage),
      this.connection.request('providers-list', {}),
    ]);
    this.settings.value = settings;
    if (providers.ok) this.providers.value = providers.value;
    else this.loadError.value = providers.error;
    this.loaded.value = true;
    void this.loadCommands();
    void this.connection.request('setup-detect', {}).then((reply) => {
      if (!reply.ok) return;
      this.found.value = {
        local: new Map(reply.value.local.map((p) => [p.providerId, p.state])),
        builtin: reply.value.builtin,
      };
    });
  }

  /** Reads the assigned shortcuts (they change on chrome://extensions/shortcuts, not here). */
  async loadCommands(): Promise<void> {
    const all = await this.keyboard?.getAll().catch(() => []);
    if (all) this.commands.value = all;
  }

  async update(change: (current: Settings) => Settings): Promise<Settings> {
    const next = await updateSettingsInWorker(this.connection, this.storage, change);
    this.settings.value = next;
    return next;
  }

  /** Replaces one provider's settings. */
  saveProvider(providerId: string, own: ProviderSettings): Promise<Settings> {
    return this.update((s) => ({ ...s, providers: { ...s.providers, [providerId]: own } }));
  }

  providerName(id: string): string {
    return this.providers.value.find((p) => p.id === id)?.displayName ?? id;
  }

  /** The Auto chain as it runs: the saved order first, then the rest in registry order. */
  autoChain(): ProviderInfo[] {
    const byId = new Map(this.providers.value.map((p) => [p.id, p]));
    const ids = [...new Set([...this.settings.value.auto.order, ...byId.keys()])];
    return ids.map((id) => byId.get(id)).filter((p): p is ProviderInfo => p !== undefined);
  }

  /** Moves a provider up (-1) or down (+1) in the Auto chain. */
  moveInAuto(providerId: string, delta: -1 | 1): Promise<Settings> {
    const order = this.autoChain().map((p) => p.id);
    const from = order.indexOf(providerId);
    const to = from + delta;
    if (from < 0 || to < 0 || to >= order.length) return Promise.resolve(this.settings.value);
    [order[from], order[to]] = [order[to]!, order[from]!];
    return this.update((s) => ({ ...s, auto: { ...s.auto, order } }));
  }

  setShuffle(shuffle: boolean): Promise<Settings> {
    return this.update((s) => ({ ...s, auto: { ...s.auto, shuffle } }));
  }

  saveSelection(selection: Partial<Settings['selection']>): Promise<Settings> {
    return this.update((s) => ({ ...s, selection: { ...s.selection, ...selection } }));
  }

  setTheme(theme: Settings['ui']['theme']): Promise<Settings> {
    return this.update((s) => ({ ...s, ui: { ...s.ui, theme } }));
  }

  setLanguage(language: Settings['ui']['language']): Promise<Settings> {
    return this.update((s) => ({ ...s, ui: { ...s.ui, language } }));
  }

  /** Everything as a backup file's text (API keys only if `includeKeys`). */
  async exportJson(includeKeys: boolean): Promise<{ fileName: string; text: string }> {
    const data = await this.connection.request('data-export', { images: true });
    if (!data.ok) throw data.error;
    const settings = await readSettings(this.storage);
    const backup = buildBackup(settings, data.value, { includeKeys, now: this.now() });
    const day = new Date(this.now()).toISOString().slice(0, 10);
    return { fileName: `${BACKUP_FORMAT}-${day}.json`, text: JSON.stringify(backup, null, 2) };
  }

  /** Every conversation as one Markdown file, a section each. */
  async exportMarkdown(labels: MarkdownLabels): Promise<{ fileName: string; text: string }> {
    const data = await this.connection.request('data-export', {});
    if (!data.ok) throw data.error;
    const byConversation = new Map<string, typeof data.value.messages>();
    for (const message of data.value.messages) {
      const list = byConversation.get(message.conversationId) ?? [];
      list.push(message);
      byConversation.set(message.conversationId, list);
    }
    const text = data.value.conversations
      .map((c) => conversationMarkdown(c, byConversation.get(c.id) ?? [], labels))
      .join('\n---\n\n');
    const day = new Date(this.now()).toISOString().slice(0, 10);
    return { fileName: `parley-conversations-${day}.md`, text };
  }

  /** Sends one short message through the provider with its saved settings. */
  testProvider(providerId: string): Promise<Reply<ProviderTestResult>> {
    return this.connection.request('provider-test', { providerId });
  }

  /** Imports a backup file's text; the worker validates it whole before writing anything. */
  async importJson(text: string): Promise<ImportResult> {
    const reply = await this.connection.request('data-import', { json: text });
    if (!reply.ok) throw reply.error;
    // The worker wrote the imported settings; show them.
    if ('imported' in reply.value) this.settings.value = await readSettings(this.storage);
    return reply.value;
  }

  async deleteAll(): Promise<void> {
    const reply = await this.connection.request('data-delete-all', {});
    if (!reply.ok) throw reply.error;
    this.settings.value = await readSettings(this.storage);
  }
}
