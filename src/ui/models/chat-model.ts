// The state of one chat view, as signals. The view owns one Port; the background owns the replies.
// Each message has its own signal, so a text delta re-renders only the message it belongs to.
import { batch, computed, signal, type Signal } from '@preact/signals';
import type { WireError } from '../../shared/errors';
import type { PendingAsk } from '../../shared/pending-ask';
import type {
  ActiveStream,
  AskContext,
  ConversationRecord,
  MessageRecord,
  PortEvent,
  ProviderInfo,
  StreamPart,
} from '../../shared/protocol';
import { defaultSettings, providerSettings, type Settings } from '../../shared/settings';
import type { ChatPort, Connection } from './connection';
import { frameBatch } from './frame-batch';
import { noPageActions, type PageActions } from './page-actions';
import { providerState, type FoundHere } from '../../shared/provider-state';
import { t } from '../../shared/i18n';
import { replyRows, type ReplyRow } from '../../shared/reply-versions';
import type { SettingsSource } from './settings-source';
import { AUTO_PROVIDER_ID as AUTO_PROVIDER } from '../../shared/records';
import { ComposerAttachments, type AttachmentsOptions } from './composer-attachments';

// The fallback chain's id, spelled once (shared/records.ts).
export { AUTO_PROVIDER };

export interface MessageState {
  id: string;
  record: Signal<MessageRecord>;
}

export interface ModelOption {
  id: string;
  name?: string;
}

/** A provider's models as the service listed them, for the model picker. */
export type ModelList =
  | { status: 'loading'; key: string }
  | { status: 'loaded'; key: string; models: ModelOption[] }
  | { status: 'failed'; key: string; error: WireError };

export interface ChatModelOptions {
  connection: Connection;
  newId?: () => string;
  /** Delay before reconnecting a port the background closed (the worker restarted). */
  reconnectDelayMs?: number;
  /** Tabs, settings pages and permissions, for the fixes offered with an error. */
  actions?: PageActions;
  /** The settings, followed as they change (the picker shows each provider's state). */
  settings?: SettingsSource;
  /** The composer's attachments: screenshots, thumbnails (composer-attachments.ts). */
  attachments?: AttachmentsOptions;
}

export class ChatModel {
  readonly conversation = signal<ConversationRecord | undefined>(undefined);
  readonly messages = signal<MessageState[]>([]);
  readonly active = signal<ActiveStream | undefined>(undefined);
  readonly providers = signal<ProviderInfo[]>([]);
  readonly providerId = signal<string>(AUTO_PROVIDER);
  /** A request the background refused (not a provider error: those live on their message). */
  readonly notice = signal<WireError | undefined>(undefined);
  readonly streaming = computed(() => this.active.value !== undefined);
  /**
   * A temporary chat: the shown conversation is one, or (with no conversation yet) the next
   * message starts one. The background keeps it in memory only (never in the history).
   */
  readonly temporary = signal(false);
  /** The user message being edited in place (its Edit button, or Up in an empty composer). */
  readonly editing = signal<string | undefined>(undefined);
  readonly actions: PageActions;
  /** 0..1 while a local model downloads before answering; undefined otherwise. */
  readonly downloadProgress = signal<number | undefined>(undefined);
  /** The stored settings, kept current while the view is open. */
  readonly settings = signal<Settings>(defaultSettings());
  /** What setup detection found on this machine (local servers, the browser's model), once known. */
  readonly found = signal<FoundHere>({});
  /** Bumped when the model picker should open (the fix for `model-not-found`). */
  readonly modelPickerRequest = signal(0);
  /** Listed models per provider id (loaded lazily, for the model picker). */
  readonly modelLists = signal<ReadonlyMap<string, ModelList>>(new Map());
  /**
   * Tokens used in the shown conversation, summed over its replies (0 when none reported): the
   * same "in" and "out" each reply shows (output includes reasoning), so the two always agree; a
   * reply that reported only a total (Chrome's built-in model) adds that.
   */
  readonly usageTotal = computed(() =>
    this.messages.value.reduce((sum, m) => {
      const usage = m.record.value.usage;
      if (!usage) return sum;
      const shown = usage.inputTokens !== undefined || usage.outputTokens !== undefined;
      return (
        sum +
        (shown ? (usage.inputTokens ?? 0) + (usage.outputTokens ?? 0) : (usage.totalTokens ?? 0))
      );
    }, 0),
  );
  /**
   * The messages as shown: one row per reply, its versions behind it (reply-versions.ts). Versions
   * change only with a new conversation-state, never with a delta: peek() keeps the list from
   * re-rendering on every streamed word.
   */
  readonly rows = computed<ReplyRow<MessageState>[]>(() =>
    replyRows(this.messages.value, (m) => m.record.peek()),
  );
  /** The composer's text; the side panel fills it from an ask. */
  readonly draft = signal('');
  /** Bumped when the composer should take focus with the cursor at the end. */
  readonly focusRequest = signal(0);
  /** The page a new conversation will be about (from an ask), until it is sent. */
  readonly askContext = signal<AskContext | undefined>(undefined);
  /** A note about the last ask: a problem, or that its text was cut. */
  readonly askNote = signal<Pick<PendingAsk, 'problem' | 'cut'> | undefined>(undefined);
  /** The page the shown conversation is about: the stored one, or the pending ask's. */
  readonly context = computed(() => this.conversation.value?.context ?? this.askContext.value);
  /** Images, files and tabs going with the next message (composer-attachments.ts). */
  readonly attachments: ComposerAttachments;

  private port: ChatPort | undefined;
  /** Also used by the parts of the view that send requests of their own (the history). */
  readonly connection: Connection;
  private readonly newId: () => string;
  private readonly reconnectDelayMs: number;
  private readonly settingsSource: SettingsSource | undefined;
  private unwatchSettings: (() => void) | undefined;
  private disposed = false;
  /** Stream parts wait here for the next frame and are applied together (frame-batch.ts). */
  private readonly parts = frameBatch<Extract<PortEvent, { type: 'stream-part' }>>((events) =>
    batch(() => {
      for (const e of events) this.applyPart(e.streamId, e.messageId, e.seq, e.part);
    }),
  );
  /** The last seq applied for the active stream; kept out of signals so deltas re-render only their message. */
  private lastSeq = -1;
  /** Set once the user picks a conversation, starts a new one or sends: start() must not override that. */
  private chosen = false;
  /** The provider a new chat starts with (settings.defaultProviderId; the last one the user picked). */
  private defaultProviderId = AUTO_PROVIDER;
  /**
   * A chat-send the background has not taken yet. The composer's text stays until it does (it
   * answers with the conversation and the new stream), so a worker that failed to start loses
   * nothing; a refusal leaves the text where it was.
   */
  private pendingSend: { streamId: string; text: string; attached: string[] } | undefined;
  /**
   * Whether an ask may be sent without the person looking first: the context meter says no when
   * it would not fit the model's window, and the ask waits in the composer with the choice.
   */
  fits: ((text: string) => boolean) | undefined;
  /** Resolves once start() has the settings and providers (the window depends on them). */
  private readonly started: Promise<void>;
  private markStarted: () => void = () => undefined;

  constructor(options: ChatModelOptions) {
    this.connection = options.connection;
    this.actions = options.actions ?? noPageActions;
    this.newId = options.newId ?? (() => crypto.randomUUID());
    this.reconnectDelayMs = options.reconnectDelayMs ?? 100;
    this.settingsSource = options.settings;
    this.started = new Promise((resolve) => (this.markStarted = resolve));
    this.attachments = new ComposerAttachments(this, options.attachments);
  }

  /**
   * Connects, loads the providers, and reopens the most recent conversation (unless `stayNew`:
   * the view was left on a new chat with a draft in it).
   */
  async start(defaultProviderId = AUTO_PROVIDER, stayNew = false): Promise<void> {
    this.defaultProviderId = defaultProviderId;
    this.providerId.value = defaultProviderId;
    this.open();
    const source = this.settingsSource;
    // A change reported while the first read is on its way is newer than what the read returns.
    let changed = false;
    this.unwatchSettings = source?.watch((next) => {
      changed = true;
      this.settings.value = next;
    });
    const [providers, recent, settings] = await Promise.all([
      this.connection.request('providers-list', {}),
      this.connection.request('conversations-list', { limit: 1 }),
      source?.read(),
    ]);
    batch(() => {
      if (settings && !changed) this.settings.value = settings;
      if (providers.ok) this.providers.value = providers.value;
    });
    this.markStarted();
    if (recent.ok && recent.value[0] && !this.chosen && !stayNew) this.attach(recent.value[0].id);
    // After the first paint: probes local servers (short timeouts), so the pickers list as Ready
    // only what answers here.
    void this.detect();
  }

  /** Asks the worker what runs on this machine; the pickers' states follow. */
  async detect(): Promise<void> {
    const reply = await this.connection.request('setup-detect', {});
    if (!reply.ok || this.disposed) return;
    this.found.value = {
      local: new Map(reply.value.local.map((p) => [p.providerId, p.state])),
      builtin: reply.value.builtin,
    };
  }

  dispose(): void {
    this.disposed = true;
    this.parts.dispose();
    this.attachments.dispose();
    this.unwatchSettings?.();
    this.port?.disconnect();
  }

  attach(conversationId: string): void {
    this.chosen = true;
    this.post({ type: 'chat-attach', conversationId });
  }

  /**
   * Sends a message. The composer's draft, when it is this text, is emptied once the background
   * has taken the message, not before.
   */
  send(text: string): boolean {
    // The ready attachments go too; while one is still being made ready, nothing is sent.
    const attached = this.attachments.ready.peek();
    if (!text.trim() && attached.length === 0) return false;
    if (this.streaming.value || this.pendingSend || this.attachments.preparing.peek()) return false;
    const attachments = this.attachments.inputs();
    this.chosen = true;
    const conversationId = this.conversation.value?.id;
    const context = conversationId ? undefined : this.askContext.value;
    this.notice.value = undefined;
    const model = this.modelFor(this.providerId.value);
    const streamId = this.newId();
    this.pendingSend = { streamId, text, attached: attached.map((a) => a.id) };
    this.post({
      type: 'chat-send',
      streamId,
      providerId: this.providerId.value,
      ...(model ? { model } : {}),
      text,
      ...(attachments.length ? { attachments } : {}),
      ...(conversationId ? { conversationId } : this.temporary.value ? { temporary: true } : {}),
      ...(context ? { context } : {}),
    });
    return true;
  }

  /** Takes an ask from the context menu: a new chat about the page, sent at once or left to edit. */
  takeAsk(ask: PendingAsk): void {
    this.newChat();
    batch(() => {
      this.askContext.value = ask.problem ? undefined : ask.context;
      this.askNote.value =
        ask.problem || ask.cut
          ? {
              ...(ask.problem ? { problem: ask.problem } : {}),
              ...(ask.cut ? { cut: ask.cut } : {}),
            }
          : undefined;
    });
    if (ask.problem) return;
    if (ask.screenshot) this.attachments.addScreenshot(ask.screenshot.dataUrl, ask.context.title);
    const hold = () => {
      this.draft.value = ask.text;
      this.focusRequest.value++;
    };
    const fits = this.fits;
    if (!ask.send) hold();
    else if (!fits) this.send(ask.text);
    // The window is known once the settings are: an ask that would not fit waits in the composer,
    // where the context meter offers to trim it.
    else void this.started.then(() => (fits(ask.text) ? this.send(ask.text) : hold()));
  }

  /** Edits a user message: it and everything after it are replaced by the edit and a new reply. */
  edit(messageId: string, text: string): boolean {
    const conversationId = this.conversation.value?.id;
    if (!conversationId || !text.trim() || this.streaming.value) return false;
    batch(() => {
      this.notice.value = undefined;
      this.editing.value = undefined;
    });
    const model = this.modelFor(this.providerId.value);
    this.post({
      type: 'chat-edit',
      streamId: this.newId(),
      conversationId,
      messageId,
      text,
      providerId: this.providerId.value,
      ...(model ? { model } : {}),
    });
    return true;
  }

  /** Up in an empty composer: edit the last message the user wrote. */
  editLast(): boolean {
    if (this.streaming.value) return false;
    const last = this.messages.value.findLast((m) => m.record.value.role === 'user');
    if (!last) return false;
    this.editing.value = last.id;
    return true;
  }

  deleteMessage(messageId: string): void {
    const conversationId = this.conversation.value?.id;
    if (!conversationId || this.streaming.value) return;
    this.post({ type: 'chat-delete', conversationId, messageId });
  }

  /** Shows another version of a reply; the conversation continues from it. */
  showVersion(messageId: string): void {
    const conversationId = this.conversation.value?.id;
    if (!conversationId || this.streaming.value) return;
    this.post({ type: 'chat-show-version', conversationId, messageId });
  }

  stop(): void {
    const active = this.active.value;
    if (active) this.post({ type: 'chat-stop', streamId: active.streamId });
  }

  retry(messageId: string, providerId?: string): void {
    const conversationId = this.conversation.value?.id;
    if (!conversationId || this.streaming.value) return;
    this.notice.value = undefined;
    const model = this.modelFor(providerId ?? this.conversation.value?.providerId);
    this.post({
      type: 'chat-retry',
      streamId: this.newId(),
      conversationId,
      messageId,
      ...(providerId ? { providerId } : {}),
      ...(model ? { model } : {}),
    });
  }

  /** An empty chat; `temporary` makes its first message start a temporary chat. */
  newChat(options: { temporary?: boolean } = {}): void {
    this.chosen = true;
    const current = this.conversation.value;
    if (current) this.post({ type: 'chat-detach', conversationId: current.id });
    batch(() => {
      this.conversation.value = undefined;
      this.messages.value = [];
      this.active.value = undefined;
      this.notice.value = undefined;
      this.temporary.value = options.temporary === true;
      this.editing.value = undefined;
      this.askContext.value = undefined;
      this.askNote.value = undefined;
      this.downloadProgress.value = undefined;
      // A reopened conversation set the picker to its own provider; a new chat starts from the default.
      this.providerId.value = this.defaultProviderId;
    });
  }

  /** The user picked a provider: it becomes the default for new chats too. */
  pickProvider(providerId: string): void {
    this.providerId.value = providerId;
    this.defaultProviderId = providerId;
  }

  /** The model chosen for a provider (settings.providers[id].model); none for Auto. */
  modelFor(providerId: string | undefined): string | undefined {
    if (!providerId || providerId === AUTO_PROVIDER) return undefined;
    return providerSettings(this.settings.value, providerId).model?.trim() || undefined;
  }

  /** The user picked a model for the current provider ('' = the provider's default); remembered. */
  async pickModel(modelId: string): Promise<void> {
    const providerId = this.providerId.value;
    if (providerId === AUTO_PROVIDER) return;
    const change = (s: Settings): Settings => {
      const { model: _old, ...own } = providerSettings(s, providerId);
      return {
        ...s,
        providers: { ...s.providers, [providerId]: modelId ? { ...own, model: modelId } : own },
      };
    };
    // Shown at once; the stored settings follow (and come back through the watch).
    this.settings.value = change(this.settings.value);
    if (this.settingsSource) this.settings.value = await this.settingsSource.update(change);
  }

  /**
   * Asks the background for a provider's models, once per base URL and key, when the provider
   * lists them and is set up. Never blocks anything: the picker fills in when the list comes.
   */
  loadModels(providerId: string): void {
    const info = this.providers.value.find((p) => p.id === providerId);
    if (!info || info.capabilities.models !== 'listable') return;
    const own = providerSettings(this.settings.value, providerId);
    const state = providerState(info, own, this.found.peek());
    if (state.kind !== 'ready' && state.kind !== 'needs-cookies') return;
    const key = `${own.baseUrl?.trim() ?? ''}\n${own.apiKey?.trim() ?? ''}`;
    // peek(): a view calls this from an effect on the provider and the settings, which must not
    // run again (and ask again) because the list it started changed.
    const known = this.modelLists.peek().get(providerId);
    if (known && known.key === key && known.status !== 'failed') return;
    const set = (list: ModelList) => {
      // A later request (new settings) wins over an older one still on its way.
      const current = this.modelLists.peek().get(providerId);
      if (current && current.key !== list.key && list.status !== 'loading') return;
      const next = new Map(this.modelLists.peek());
      next.set(providerId, list);
      this.modelLists.value = next;
    };
    set({ status: 'loading', key });
    void this.connection
      .request('provider-models', { providerId })
      .then((reply) =>
        set(
          reply.ok
            ? { status: 'loaded', key, models: reply.value.models }
            : { status: 'failed', key, error: reply.error },
        ),
      );
  }

  /** What the model picker offers for a provider: listed models, else the registry's. */
  modelOptions(providerId: string): ModelOption[] {
    const info = this.providers.value.find((p) => p.id === providerId);
    if (!info) return [];
    const list = this.modelLists.value.get(providerId);
    if (list?.status === 'loaded') return list.models;
    return info.models ?? [];
  }

  providerName(id: string | undefined): string {
    if (!id) return '';
    if (id === AUTO_PROVIDER) return t('providerAuto');
    return this.providers.value.find((p) => p.id === id)?.displayName ?? id;
  }

  private open(): void {
    const port = this.connection.connect();
    this.port = port;
    port.onMessage.addListener((event) => this.receive(event));
    port.onDisconnect.addListener(() => {
      if (this.port !== port || this.disposed) return;
      this.port = undefined;
      this.pendingSend = undefined;
      // The worker went away (stopped, updated). Reconnect and look again: a reply that was running
      // is `interrupted` now, and the background says so in the fresh state.
      setTimeout(() => {
        if (this.disposed) return;
        this.open();
        const id = this.conversation.value?.id;
        if (id) this.attach(id);
      }, this.reconnectDelayMs);
    });
  }

  private post(message: Parameters<ChatPort['postMessage']>[0]): void {
    if (!this.port) this.open();
    this.port!.postMessage(message);
  }

  private receive(event: PortEvent): void {
    // Any other message sees the parts that came before it applied.
    if (event.type !== 'stream-part') this.parts.flush();
    switch (event.type) {
      case 'conversation-state':
        return this.applyState(event.conversation, event.messages, event.activeStream);
      case 'stream-part':
        return this.parts.push(event);
      case 'request-failed':
        if (event.streamId !== undefined && event.streamId === this.pendingSend?.streamId) {
          this.pendingSend = undefined;
        }
        this.notice.value = event.error;
        return;
    }
  }

  private applyState(
    conversation: ConversationRecord,
    records: MessageRecord[],
    activeStream: ActiveStream | undefined,
  ): void {
    const known = new Map(this.messages.value.map((m) => [m.id, m]));
    // Emptied before the conversation changes, so the draft cleared is the one the message was
    // sent from (a new chat's draft becomes the new conversation's otherwise; drafts.ts).
    if (activeStream && activeStream.streamId === this.pendingSend?.streamId) this.accepted();
    batch(() => {
      this.conversation.value = conversation;
      this.temporary.value = conversation.temporary === true;
      this.providerId.value = conversation.providerId;
      this.messages.value = records.map((record) => {
        const existing = known.get(record.id);
        if (existing) {
          existing.record.value = record;
          return existing;
        }
        return { id: record.id, record: signal(record) };
      });
      this.active.value = activeStream;
      this.lastSeq = activeStream?.seq ?? -1;
      if (!activeStream) this.downloadProgress.value = undefined;
    });
  }

  /** The background took the pending message: the composer's copy of it can go. */
  private accepted(): void {
    if (this.draft.peek() === this.pendingSend?.text) this.draft.value = '';
    if (this.pendingSend) this.attachments.sent(this.pendingSend.attached);
    this.pendingSend = undefined;
  }

  private applyPart(streamId: string, messageId: string, seq: number, part: StreamPart): void {
    if (streamId === this.pendingSend?.streamId) this.accepted();
    const active = this.active.value;
    if (!active || active.streamId !== streamId || seq <= this.lastSeq) return;
    const message = this.messages.value.find((m) => m.id === messageId);
    if (!message) return;
    this.lastSeq = seq;
    const record = message.record.value;
    batch(() => {
      if (part.type !== 'download-progress') this.downloadProgress.value = undefined;
      switch (part.type) {
        case 'text-delta':
          message.record.value = { ...record, text: record.text + part.delta };
          return;
        case 'reasoning-delta':
          message.record.value = { ...record, reasoning: (record.reasoning ?? '') + part.delta };
          return;
        case 'provider-start':
        case 'stream-start':
          message.record.value = { ...record, providerId: part.providerId };
          return;
        case 'download-progress':
          this.downloadProgress.value = part.loaded;
          return;
        case 'usage':
          message.record.value = { ...record, usage: part.usage };
          return;
        case 'finish':
          message.record.value = { ...record, status: 'done', finishReason: part.reason };
          this.active.value = undefined;
          return;
        case 'error':
          message.record.value = { ...record, status: 'error', error: part.error };
          this.active.value = undefined;
          return;
        case 'abort':
          message.record.value = { ...record, status: 'stopped' };
          this.active.value = undefined;
          return;
      }
    });
  }
}
