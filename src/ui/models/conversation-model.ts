// One conversation as a view watches it: the port to the background, the messages (each its own
// signal, so a delta re-renders only its message) and the replies running in it — several at once
// in a comparison. Stream parts are folded with the worker's own rule (shared/apply-part.ts).
import { batch, computed, signal, type Signal } from '@preact/signals';
import { applyPart } from '../../shared/apply-part';
import type { WireError } from '../../shared/errors';
import type {
  ActiveStream,
  ConversationRecord,
  MessageRecord,
  PortEvent,
  PortRequest,
} from '../../shared/protocol';
import { replyRows, type ReplyRow } from '../../shared/reply-versions';
import type { ChatPort, Connection } from './connection';
import { frameBatch } from './frame-batch';

export interface MessageState {
  id: string;
  record: Signal<MessageRecord>;
}

type StreamPartEvent = Extract<PortEvent, { type: 'stream-part' }>;

export interface ConversationModelOptions {
  connection: Connection;
  /** Delay before reconnecting a port the background closed (the worker restarted). */
  reconnectDelayMs?: number;
  /** The background took a message sent with `text`: the composer's copy of it can go. */
  onTaken?(text: string): void;
  /** A fresh state of the shown conversation arrived. */
  onState?(conversation: ConversationRecord): void;
}

export class ConversationModel {
  readonly conversation = signal<ConversationRecord | undefined>(undefined);
  readonly messages = signal<MessageState[]>([]);
  /** The replies running in the shown conversation, in the order they began. */
  readonly activeStreams = signal<readonly ActiveStream[]>([]);
  /** The newest running reply (a view follows it). */
  readonly active = computed(() => this.activeStreams.value.at(-1));
  readonly streaming = computed(() => this.activeStreams.value.length > 0);
  /** A request the background refused (not a provider error: those live on their message). */
  readonly notice = signal<WireError | undefined>(undefined);
  /**
   * A temporary chat: the shown conversation is one, or (with no conversation yet) the next
   * message starts one. The background keeps it in memory only (never in the history).
   */
  readonly temporary = signal(false);
  /** 0..1 while a local model downloads before answering; undefined otherwise. */
  readonly downloadProgress = signal<number | undefined>(undefined);
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

  private port: ChatPort | undefined;
  private disposed = false;
  private readonly reconnectDelayMs: number;
  /** Stream parts wait here for the next frame and are applied together (frame-batch.ts). */
  private readonly parts = frameBatch<StreamPartEvent>((events) =>
    batch(() => {
      for (const e of events) this.applyPart(e);
    }),
  );
  /** The last seq applied per running reply; kept out of signals so deltas re-render only their message. */
  private lastSeq = new Map<string, number>();
  /**
   * A send the background has not taken yet. The composer's text stays until it does (it answers
   * with the conversation and the new streams), so a worker that failed to start loses nothing; a
   * refusal leaves the text where it was.
   */
  private pendingSend: { streamIds: readonly string[]; text: string } | undefined;
  /** The conversation shown, or asked for and on its way; undefined for a new chat. */
  private wanted: string | undefined;

  constructor(private readonly options: ConversationModelOptions) {
    this.reconnectDelayMs = options.reconnectDelayMs ?? 100;
  }

  /** Whether a send is on its way and not yet taken. */
  get sending(): boolean {
    return this.pendingSend !== undefined;
  }

  /** Opens the port (once; a closed one reopens on its own). */
  open(): void {
    const port = this.options.connection.connect();
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
        // The one shown, or the one asked for whose state the closed port never brought.
        const id = this.wanted;
        if (id) this.attach(id);
      }, this.reconnectDelayMs);
    });
  }

  dispose(): void {
    this.disposed = true;
    this.parts.dispose();
    this.port?.disconnect();
  }

  attach(conversationId: string): void {
    this.wanted = conversationId;
    this.post({ type: 'chat-attach', conversationId });
  }

  /** Sends a request that starts replies; `text` is the composer's, emptied once it is taken. */
  sendStarting(request: PortRequest, streamIds: readonly string[], text: string): void {
    this.notice.value = undefined;
    this.pendingSend = { streamIds, text };
    this.post(request);
  }

  /** Stops one running reply, or (without an id) every one in the conversation. */
  stop(streamId?: string): void {
    for (const active of this.activeStreams.value)
      if (streamId === undefined || active.streamId === streamId)
        this.post({ type: 'chat-stop', streamId: active.streamId });
  }

  /** Leaves the shown conversation for an empty one. */
  clear(options: { temporary?: boolean } = {}): void {
    // The one asked for may not have come back yet: its state is stale from now on (applyState).
    const current = this.wanted ?? this.conversation.value?.id;
    this.wanted = undefined;
    if (current) this.post({ type: 'chat-detach', conversationId: current });
    batch(() => {
      this.conversation.value = undefined;
      this.messages.value = [];
      this.activeStreams.value = [];
      this.notice.value = undefined;
      this.temporary.value = options.temporary === true;
      this.downloadProgress.value = undefined;
    });
  }

  post(message: PortRequest): void {
    if (!this.port) this.open();
    this.port!.postMessage(message);
  }

  private receive(event: PortEvent): void {
    // Any other message sees the parts that came before it applied.
    if (event.type !== 'stream-part') this.parts.flush();
    switch (event.type) {
      case 'conversation-state':
        return this.applyState(event.conversation, event.messages, event.activeStreams);
      case 'stream-part':
        return this.parts.push(event);
      case 'request-failed':
        if (event.streamId !== undefined && this.pendingSend?.streamIds.includes(event.streamId)) {
          this.pendingSend = undefined;
        }
        this.notice.value = event.error;
        return;
    }
  }

  private applyState(
    conversation: ConversationRecord,
    records: MessageRecord[],
    activeStreams: readonly ActiveStream[],
  ): void {
    const ours = activeStreams.some((a) => this.pendingSend?.streamIds.includes(a.streamId));
    // Only the conversation this view asked for, or the one its own send started: a state the
    // person has already left (they chose a new chat, an ask arrived, they opened another one
    // while it was on its way) would cover what they are looking at now.
    if (!ours && conversation.id !== this.wanted) return;
    this.wanted = conversation.id;
    const known = new Map(this.messages.value.map((m) => [m.id, m]));
    // Emptied before the conversation changes, so the draft cleared is the one the message was
    // sent from (a new chat's draft becomes the new conversation's otherwise; drafts.ts).
    if (ours) this.accepted();
    batch(() => {
      this.conversation.value = conversation;
      this.temporary.value = conversation.temporary === true;
      this.options.onState?.(conversation);
      this.messages.value = records.map((record) => {
        const existing = known.get(record.id);
        if (existing) {
          existing.record.value = record;
          return existing;
        }
        return { id: record.id, record: signal(record) };
      });
      this.activeStreams.value = activeStreams;
      this.lastSeq = new Map(activeStreams.map((a) => [a.streamId, a.seq]));
      if (activeStreams.length === 0) this.downloadProgress.value = undefined;
    });
  }

  /** The background took the pending message: the composer's copy of it can go. */
  private accepted(): void {
    const pending = this.pendingSend;
    this.pendingSend = undefined;
    if (pending) this.options.onTaken?.(pending.text);
  }

  private applyPart({ streamId, messageId, seq, part }: StreamPartEvent): void {
    if (this.pendingSend?.streamIds.includes(streamId)) this.accepted();
    const last = this.lastSeq.get(streamId);
    if (last === undefined || seq <= last) return;
    const message = this.messages.value.find((m) => m.id === messageId);
    if (!message) return;
    this.lastSeq.set(streamId, seq);
    if (part.type === 'download-progress') this.downloadProgress.value = part.loaded;
    else this.downloadProgress.value = undefined;
    const next = applyPart(message.record.value, part, Date.now());
    if (next !== message.record.value) message.record.value = next;
    if (part.type === 'finish' || part.type === 'error' || part.type === 'abort') {
      this.lastSeq.delete(streamId);
      this.activeStreams.value = this.activeStreams.value.filter((a) => a.streamId !== streamId);
    }
  }
}
