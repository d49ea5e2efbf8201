// The state of one chat view: a conversation (conversation-model.ts: the port, the messages, the
// replies running), the composer (composer-state.ts) and the pickers (picker-state.ts), joined. The
// view owns one Port; the background owns the replies. The parts' signals are exposed here under
// the names the components use.
import { batch, computed, type ReadonlySignal, type Signal } from '@preact/signals';
import type { WireError } from '../../shared/errors';
import type { PendingAsk } from '../../shared/pending-ask';
import type {
  ActiveStream,
  AskContext,
  AttachmentInput,
  ConversationRecord,
  ProviderInfo,
} from '../../shared/protocol';
import type { Settings } from '../../shared/settings';
import type { FoundHere } from '../../shared/provider-state';
import type { ReplyRow } from '../../shared/reply-versions';
import { AUTO_PROVIDER_ID as AUTO_PROVIDER } from '../../shared/records';
import type { Connection } from './connection';
import { CompareState } from './compare-state';
import { ComposerState } from './composer-state';
import { ConversationModel, type MessageState } from './conversation-model';
import { noPageActions, type PageActions } from './page-actions';
import { PickerState, type ModelList, type ModelOption } from './picker-state';
import type { SettingsSource } from './settings-source';
import { ComposerAttachments, type AttachmentsOptions } from './composer-attachments';

// The fallback chain's id, spelled once (shared/records.ts).
export { AUTO_PROVIDER };
export type { MessageState, ModelList, ModelOption };

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
  /** The shown conversation: its port, messages and running replies. */
  readonly chat: ConversationModel;
  readonly composer = new ComposerState();
  readonly picker: PickerState;
  /** Compare: the composer's mode and the providers picked (compare-state.ts). */
  readonly comparison = new CompareState();
  readonly actions: PageActions;
  /** Also used by the parts of the view that send requests of their own (the history). */
  readonly connection: Connection;

  // The parts' state under the names the components use.
  readonly conversation: Signal<ConversationRecord | undefined>;
  readonly messages: Signal<MessageState[]>;
  readonly activeStreams: ReadonlySignal<readonly ActiveStream[]>;
  readonly active: ReadonlySignal<ActiveStream | undefined>;
  readonly streaming: ReadonlySignal<boolean>;
  readonly notice: Signal<WireError | undefined>;
  readonly temporary: Signal<boolean>;
  readonly downloadProgress: Signal<number | undefined>;
  readonly usageTotal: ReadonlySignal<number>;
  readonly rows: ReadonlySignal<ReplyRow<MessageState>[]>;
  readonly providers: Signal<ProviderInfo[]>;
  readonly providerId: Signal<string>;
  readonly settings: Signal<Settings>;
  readonly found: Signal<FoundHere>;
  readonly modelPickerRequest: Signal<number>;
  readonly modelLists: Signal<ReadonlyMap<string, ModelList>>;
  readonly draft: Signal<string>;
  readonly focusRequest: Signal<number>;
  readonly editing: Signal<string | undefined>;
  readonly askContext: Signal<AskContext | undefined>;
  readonly askNote: Signal<Pick<PendingAsk, 'problem' | 'cut'> | undefined>;
  /** The selection the ask was about, for the `/` menu's {{selection}} (prompt-menu.tsx). */
  readonly askSelection: Signal<string | undefined>;
  /** The page the shown conversation is about: the stored one, or the pending ask's. */
  readonly context: ReadonlySignal<AskContext | undefined>;
  /** Images, files and tabs going with the next message (composer-attachments.ts). */
  readonly attachments: ComposerAttachments;

  protected readonly newId: () => string;
  private readonly settingsSource: SettingsSource | undefined;
  private unwatchSettings: (() => void) | undefined;
  private disposed = false;
  /** Set once the user picks a conversation, starts a new one or sends: start() must not override that. */
  private chosen = false;
  /** The attachments of the send on its way, emptied from the composer once it is taken. */
  private attachedInFlight: string[] = [];
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
    this.settingsSource = options.settings;
    this.started = new Promise((resolve) => (this.markStarted = resolve));
    this.picker = new PickerState(options.connection, options.settings);
    this.chat = new ConversationModel({
      connection: options.connection,
      ...(options.reconnectDelayMs !== undefined
        ? { reconnectDelayMs: options.reconnectDelayMs }
        : {}),
      onTaken: (text) => {
        this.composer.taken(text);
        this.attachments.sent(this.attachedInFlight);
        this.attachedInFlight = [];
      },
      onState: (conversation) => this.conversationShown(conversation),
    });
    const { chat, composer, picker } = this;
    this.conversation = chat.conversation;
    this.messages = chat.messages;
    this.activeStreams = chat.activeStreams;
    this.active = chat.active;
    this.streaming = chat.streaming;
    this.notice = chat.notice;
    this.temporary = chat.temporary;
    this.downloadProgress = chat.downloadProgress;
    this.usageTotal = chat.usageTotal;
    this.rows = chat.rows;
    this.providers = picker.providers;
    this.providerId = picker.providerId;
    this.settings = picker.settings;
    this.found = picker.found;
    this.modelPickerRequest = picker.modelPickerRequest;
    this.modelLists = picker.modelLists;
    this.draft = composer.draft;
    this.focusRequest = composer.focusRequest;
    this.editing = composer.editing;
    this.askContext = composer.askContext;
    this.askNote = composer.askNote;
    this.askSelection = composer.askSelection;
    this.context = computed(() => this.conversation.value?.context ?? this.askContext.value);
    this.attachments = new ComposerAttachments(this, options.attachments);
  }

  /**
   * Connects, loads the providers, and reopens the most recent conversation (unless `stayNew`:
   * the view was left on a new chat with a draft in it).
   */
  async start(defaultProviderId = AUTO_PROVIDER, stayNew = false): Promise<void> {
    this.picker.defaultProviderId = defaultProviderId;
    this.providerId.value = defaultProviderId;
    this.chat.open();
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
    this.chat.dispose();
    this.attachments.dispose();
    this.unwatchSettings?.();
  }

  attach(conversationId: string): void {
    this.chosen = true;
    this.chat.attach(conversationId);
  }

  /**
   * Sends a message. The composer's draft, when it is this text, is emptied once the background
   * has taken the message, not before.
   */
  send(text: string): boolean {
    // The ready attachments go too; while one is still being made ready, nothing is sent.
    const attached = this.attachments.ready.peek();
    if (!text.trim() && attached.length === 0) return false;
    if (this.streaming.value || this.chat.sending || this.attachments.preparing.peek())
      return false;
    const attachments = this.attachments.inputs();
    if (this.comparison.ready.value) return this.sendCompared(text, attachments, attached);
    this.chosen = true;
    const conversationId = this.conversation.value?.id;
    const context = conversationId ? undefined : this.askContext.value;
    const model = this.modelFor(this.providerId.value);
    const streamId = this.newId();
    this.chat.sendStarting(
      {
        type: 'chat-send',
        streamId,
        providerId: this.providerId.value,
        ...(model ? { model } : {}),
        text,
        ...(attachments.length ? { attachments } : {}),
        ...(conversationId ? { conversationId } : this.temporary.value ? { temporary: true } : {}),
        ...(context ? { context } : {}),
      },
      [streamId],
      text,
    );
    this.attachedInFlight = attached.map((a) => a.id);
    return true;
  }

  /** Compare: the message goes to every provider picked at once, each reply in its own column. */
  private sendCompared(
    text: string,
    attachments: AttachmentInput[],
    attached: readonly { id: string }[],
  ): boolean {
    this.chosen = true;
    const conversationId = this.conversation.value?.id;
    const context = conversationId ? undefined : this.askContext.value;
    const replies = this.comparison.providerIds.value.map((providerId) => {
      const model = this.modelFor(providerId);
      return { streamId: this.newId(), providerId, ...(model ? { model } : {}) };
    });
    this.chat.sendStarting(
      {
        type: 'chat-compare',
        text,
        replies,
        ...(attachments.length ? { attachments } : {}),
        ...(conversationId ? { conversationId } : this.temporary.value ? { temporary: true } : {}),
        ...(context ? { context } : {}),
      },
      replies.map((r) => r.streamId),
      text,
    );
    this.attachedInFlight = attached.map((a) => a.id);
    return true;
  }

  /**
   * "Continue with this one": the compared reply becomes the turn's answer (the others stay as
   * its versions), compare ends, and the next message goes to its provider. Allowed while the
   * other replies still run.
   */
  continueWith(messageId: string): void {
    const conversationId = this.conversation.value?.id;
    const record = this.messages.value.find((m) => m.id === messageId)?.record.value;
    if (!conversationId || !record) return;
    batch(() => {
      this.comparison.enabled.value = false;
      if (record.providerId) this.providerId.value = record.providerId;
    });
    this.chat.post({ type: 'chat-show-version', conversationId, messageId });
  }

  /** Takes an ask from the context menu: a new chat about the page, sent at once or left to edit. */
  takeAsk(ask: PendingAsk): void {
    this.newChat();
    batch(() => {
      this.askContext.value = ask.problem ? undefined : ask.context;
      this.askSelection.value = ask.problem ? undefined : ask.selection;
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
    const fits = this.fits;
    if (!ask.send) this.composer.fill(ask.text);
    else if (!fits) this.send(ask.text);
    // The window is known once the settings are: an ask that would not fit waits in the composer,
    // where the context meter offers to trim it.
    else
      void this.started.then(() =>
        fits(ask.text) ? this.send(ask.text) : this.composer.fill(ask.text),
      );
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
    this.chat.post({
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
    this.chat.post({ type: 'chat-delete', conversationId, messageId });
  }

  /** Shows another version of a reply; the conversation continues from it. */
  showVersion(messageId: string): void {
    const conversationId = this.conversation.value?.id;
    if (!conversationId || this.streaming.value) return;
    this.chat.post({ type: 'chat-show-version', conversationId, messageId });
  }

  /** Stops one running reply, or (without an id) every one in the conversation. */
  stop(streamId?: string): void {
    this.chat.stop(streamId);
  }

  retry(messageId: string, providerId?: string): void {
    const conversationId = this.conversation.value?.id;
    if (!conversationId || this.streaming.value) return;
    this.notice.value = undefined;
    const model = this.modelFor(providerId ?? this.conversation.value?.providerId);
    this.chat.post({
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
    batch(() => {
      this.chat.clear(options);
      this.comparison.reset();
      this.editing.value = undefined;
      this.askContext.value = undefined;
      this.askSelection.value = undefined;
      this.askNote.value = undefined;
      // A reopened conversation set the picker to its own provider; a new chat starts from the default.
      this.providerId.value = this.picker.defaultProviderId;
    });
  }

  /** The user picked a provider: it becomes the default for new chats too. */
  pickProvider(providerId: string): void {
    this.picker.pickProvider(providerId);
  }

  /** The model chosen for a provider (settings.providers[id].model); none for Auto. */
  modelFor(providerId: string | undefined): string | undefined {
    return this.picker.modelFor(providerId);
  }

  /** The user picked a model for the current provider ('' = the provider's default); remembered. */
  pickModel(modelId: string): Promise<void> {
    return this.picker.pickModel(modelId);
  }

  /**
   * Asks the background for a provider's models, once per base URL and key, when the provider
   * lists them and is set up. Never blocks anything: the picker fills in when the list comes.
   */
  loadModels(providerId: string): void {
    this.picker.loadModels(providerId);
  }

  /** What the model picker offers for a provider: listed models, else the registry's. */
  modelOptions(providerId: string): ModelOption[] {
    return this.picker.modelOptions(providerId);
  }

  providerName(id: string | undefined): string {
    return this.picker.providerName(id);
  }

  /** A fresh state of the shown conversation: the picker follows its provider. */
  protected conversationShown(conversation: ConversationRecord): void {
    this.providerId.value = conversation.providerId;
    this.comparison.follow(conversation);
  }
}
