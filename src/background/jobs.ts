// Running replies (docs/design.md, "Streaming: the background owns every reply"). A reply is a job
// owned by the background: views only watch a conversation. Closing every view does not stop a job;
// only chat-stop does. The partial text is written to the store at most 300 ms after it changes and
// at the end, and every stream ends with exactly one terminal part (finish, error or abort).
import type { ChatMessage } from '../providers/types';
import { storageFailed, toWireError, type WireError } from '../shared/errors';
import {
  COMPARE_MAX,
  COMPARE_MIN,
  type AskContext,
  type AttachmentRecord,
  type ConversationRecord,
  type MessageRecord,
  type MessageStatus,
  type PortEvent,
  type PortRequest,
  type StreamPart,
} from '../shared/protocol';
import { applyPart } from '../shared/apply-part';
import { replyGroupOf, shownMessages } from '../shared/reply-versions';
import type { ProviderRunner, RunEvent, RunRequest } from './provider-runner';
import type { Store } from './store';
import { titleFrom } from './titles';
import type { AttachmentBlob } from './store';
import { acceptAttachments, blobToBase64, imageIds, userTurn } from './attachments';

/** What the engine needs from the provider layer: the runner (src/background/provider-runner.ts). */
export type ReplyRunner = ProviderRunner;

/** A view watching conversations: a Port in production, a recording fake in tests. */
export interface Watcher {
  send(event: PortEvent): void;
}

export interface EngineDeps {
  store: Store;
  runner: ReplyRunner;
  /** Strictly increasing epoch ms (messages are ordered by it). */
  now(): number;
  newId(): string;
  /** How long a changed partial text may wait before it is written. */
  flushIntervalMs?: number;
  /** Called whenever the number of running jobs changes (keep-alive, badge). */
  onRunningChange?(running: number): void;
  /** Called when a reply ends; `watched` is false when no view was watching its conversation. */
  onReplyEnded?(info: { conversationId: string; status: MessageStatus; watched: boolean }): void;
  log?(message: string, detail?: unknown): void;
  /** The prompt templates a first message may come from, so its title leaves their words out. */
  titleTemplates?(): Promise<readonly string[]>;
}

interface Job {
  streamId: string;
  conversationId: string;
  messageId: string;
  controller: AbortController;
  /** The reply as streamed so far, folded part by part with the views' own rule (apply-part.ts). */
  record: MessageRecord;
  /** Why the provider said it ended (the terminal `finish` part is sent once it is stored). */
  finishReason: string | undefined;
  /** seq of the next part. */
  seq: number;
  flushTimer: ReturnType<typeof setTimeout> | undefined;
  /** Writes are chained so they land in order. */
  writing: Promise<unknown>;
  /** The first write that failed: the reply ends as a `storage-failed` error. */
  storeFailure: unknown;
}

/**
 * The model a retry or an edit answers with: the one the view names, else the conversation's own,
 * which belongs to the conversation's provider and is never handed to another one.
 */
export function modelFor(
  request: { model?: string },
  conversation: ConversationRecord,
  providerId: string,
): string | undefined {
  if (request.model) return request.model;
  return providerId === conversation.providerId ? conversation.model : undefined;
}

export class ChatEngine {
  private readonly jobs = new Map<string, Job>();
  /**
   * Replies that ended but could not be stored (storage full or failing): kept in memory, folded
   * into what views are shown, so the text can still be copied or exported until the worker stops.
   */
  private readonly unsaved = new Map<string, MessageRecord>();
  private readonly watching = new Map<Watcher, string>();
  private readonly flushIntervalMs: number;

  constructor(private readonly deps: EngineDeps) {
    this.flushIntervalMs = deps.flushIntervalMs ?? 300;
  }

  /** Handles one port request from a watcher. Never throws: failures go back as request-failed. */
  async handle(watcher: Watcher, request: PortRequest): Promise<void> {
    try {
      switch (request.type) {
        case 'chat-send':
          return await this.send(watcher, request);
        case 'chat-retry':
          return await this.retry(watcher, request);
        case 'chat-edit':
          return await this.edit(watcher, request);
        case 'chat-delete':
          return await this.deleteMessage(watcher, request.conversationId, request.messageId);
        case 'chat-compare':
          return await this.compare(watcher, request);
        case 'chat-show-version':
          return await this.showVersion(watcher, request.conversationId, request.messageId);
        case 'chat-stop':
          return this.stop(request.streamId);
        case 'chat-attach':
          return await this.attach(watcher, request.conversationId);
        case 'chat-detach':
          if (this.watching.get(watcher) === request.conversationId) this.watching.delete(watcher);
          return;
        default:
          return assertNever(request);
      }
    } catch (error) {
      const failed: PortEvent = { type: 'request-failed', error: toWireError(error) };
      if ('streamId' in request) failed.streamId = request.streamId;
      if ('conversationId' in request && request.conversationId)
        failed.conversationId = request.conversationId;
      safeSend(watcher, failed);
    }
  }

  /** Forgets a watcher (its port closed). Its jobs go on. */
  drop(watcher: Watcher): void {
    this.watching.delete(watcher);
  }

  /** Shows a conversation to a watcher: the stored state with live text folded in, then live parts. */
  async attach(watcher: Watcher, conversationId: string): Promise<void> {
    const state = await this.state(conversationId);
    if (!state) throw noConversation(conversationId);
    this.watching.set(watcher, conversationId);
    safeSend(watcher, state);
  }

  stop(streamId: string): void {
    this.jobs.get(streamId)?.controller.abort();
  }

  /** Stops every job in a conversation (before it is deleted). */
  stopConversation(conversationId: string): void {
    for (const job of this.jobs.values())
      if (job.conversationId === conversationId) job.controller.abort();
  }

  /** Stops every job (before everything is deleted). */
  stopAll(): void {
    for (const job of this.jobs.values()) job.controller.abort();
  }

  private async send(
    watcher: Watcher,
    request: Extract<PortRequest, { type: 'chat-send' }>,
  ): Promise<void> {
    const text = request.text.trim();
    // Checked first: bad attachments change nothing (no conversation, no message).
    const attached = acceptAttachments(request.attachments, this.deps.newId);
    if (!text && attached.records.length === 0) throw new RequestError('The message is empty.');
    const conversation = await this.openConversation(
      request,
      request.providerId,
      text || attachmentTitle(attached.records),
    );
    await this.addUserMessage(conversation.id, request.text, attached);
    await this.startReplies(
      watcher,
      conversation,
      [{ streamId: request.streamId, providerId: request.providerId, model: request.model }],
      undefined,
      // One reply asked for: the conversation leaves compare (its picks stay for next time).
      conversation.compare?.enabled ? { compare: { ...conversation.compare, enabled: false } } : {},
    );
  }

  /** One user message answered by several providers at once, each reply a version of one turn. */
  private async compare(
    watcher: Watcher,
    request: Extract<PortRequest, { type: 'chat-compare' }>,
  ): Promise<void> {
    const text = request.text.trim();
    // Checked first, as for chat-send: bad attachments change nothing.
    const attached = acceptAttachments(request.attachments, this.deps.newId);
    if (!text && attached.records.length === 0) throw new RequestError('The message is empty.');
    const replies = Array.isArray(request.replies) ? request.replies : [];
    if (replies.length < COMPARE_MIN || replies.length > COMPARE_MAX)
      throw new RequestError(
        `Compare needs ${COMPARE_MIN} to ${COMPARE_MAX} replies; pick that many providers.`,
      );
    const providerIds = [...new Set(replies.map((r) => r.providerId))];
    const conversation = await this.openConversation(
      request,
      replies[0]!.providerId,
      text || attachmentTitle(attached.records),
    );
    await this.addUserMessage(conversation.id, request.text, attached);
    await this.startReplies(
      watcher,
      conversation,
      replies.map((r) => ({ streamId: r.streamId, providerId: r.providerId, model: r.model })),
      undefined,
      { compare: { enabled: true, providerIds } },
    );
  }

  /** The conversation a message goes to: the one named (when idle), else a new one. */
  private async openConversation(
    request: { conversationId?: string; model?: string; context?: AskContext; temporary?: boolean },
    providerId: string,
    text: string,
  ): Promise<ConversationRecord> {
    if (request.conversationId) return this.idleConversation(request.conversationId);
    const { store, now, newId } = this.deps;
    const created = now();
    const conversation: ConversationRecord = {
      id: newId(),
      title: titleFrom(text, await this.titleTemplates()),
      createdAt: created,
      updatedAt: created,
      providerId,
    };
    if (request.model) conversation.model = request.model;
    if (request.context) conversation.context = request.context;
    // The store keeps a temporary chat in memory only (temporary-store.ts).
    if (request.temporary) conversation.temporary = true;
    await store.createConversation(conversation);
    return conversation;
  }

  private async retry(
    watcher: Watcher,
    request: Extract<PortRequest, { type: 'chat-retry' }>,
  ): Promise<void> {
    const conversation = await this.idleConversation(request.conversationId);
    const target = await this.messageIn(
      conversation.id,
      request.messageId,
      'assistant',
      'Only a reply of this conversation can be answered again.',
    );
    const group = await this.keepAsVersions(conversation.id, target);
    const providerId = request.providerId ?? conversation.providerId;
    await this.startReply(
      watcher,
      conversation,
      request.streamId,
      providerId,
      modelFor(request, conversation, providerId),
      group,
    );
  }

  /**
   * Before a reply is answered again: its versions stay (hidden behind the new one), except a
   * failure with no text, which holds nothing worth keeping; the turns after the reply go, since
   * they followed from the old answer. Returns the group the new version joins.
   */
  private async keepAsVersions(conversationId: string, target: MessageRecord): Promise<string> {
    const { store } = this.deps;
    const group = replyGroupOf(target);
    const messages = await store.getMessages(conversationId);
    const versions = messages.filter((m) => replyGroupOf(m) === group);
    // Messages are ordered by creation time, which is strictly increasing: one range delete.
    const after = messages[messages.indexOf(versions.at(-1)!) + 1];
    if (after) await store.deleteMessagesFrom(conversationId, after.createdAt);
    for (const version of versions) {
      if (version.status === 'error' && version.text.trim() === '') {
        await store.deleteMessage(version.id);
      } else if (!version.inactive || version.replyGroup !== group) {
        // Every version carries the group, so it survives an import that renumbers ids.
        await store.updateMessage(version.id, { replyGroup: group, inactive: true });
      }
    }
    return group;
  }

  /** Shows one version of a reply; the conversation continues from it. */
  private async showVersion(
    watcher: Watcher,
    conversationId: string,
    messageId: string,
  ): Promise<void> {
    const { store } = this.deps;
    // Allowed while replies run (it only marks which version is shown; a running job never writes
    // that): in a comparison, continuing with a finished reply need not wait for the others.
    const conversation = await store.getConversation(conversationId);
    if (!conversation) throw noConversation(conversationId);
    const target = await this.messageIn(
      conversation.id,
      messageId,
      'assistant',
      'Only a reply of this conversation has versions.',
    );
    const group = replyGroupOf(target);
    for (const version of await store.getMessages(conversation.id)) {
      if (replyGroupOf(version) !== group) continue;
      const inactive = version.id !== target.id;
      if ((version.inactive === true) !== inactive)
        await store.updateMessage(version.id, { inactive });
    }
    // Continuing with one reply of a comparison ends it: the next message goes to that reply's
    // provider alone (the picks stay, for the next time compare is turned on).
    if (conversation.compare?.enabled)
      await store.updateConversation(conversation.id, {
        compare: { ...conversation.compare, enabled: false },
        providerId: target.providerId ?? conversation.providerId,
        model: target.model,
      });
    this.watching.set(watcher, conversation.id);
    const state = await this.state(conversation.id);
    if (state) this.broadcast(conversation.id, state);
  }

  private async titleTemplates(): Promise<readonly string[]> {
    try {
      return (await this.deps.titleTemplates?.()) ?? [];
    } catch (error) {
      // A title from the raw text is still a title.
      this.deps.log?.('could not read the prompt templates', error);
      return [];
    }
  }

  /** The edited turn replaces what followed: the user message and everything after it go. */
  private async edit(
    watcher: Watcher,
    request: Extract<PortRequest, { type: 'chat-edit' }>,
  ): Promise<void> {
    const text = request.text.trim();
    const { store } = this.deps;
    const conversation = await this.idleConversation(request.conversationId);
    const target = await this.messageIn(
      conversation.id,
      request.messageId,
      'user',
      'Only a message you wrote in this conversation can be edited.',
    );
    const records = target.attachments ?? [];
    if (!text && records.length === 0) throw new RequestError('The message is empty.');
    // The edited message keeps its attachments: their bytes are read before the old turn goes.
    const found = await store.getAttachmentBlobs(imageIds([target]));
    const blobs = [...found].map(([id, blob]) => ({ id, blob }));
    await store.deleteMessagesFrom(conversation.id, target.createdAt);
    // A new record (new id, new time), so a view keyed by message never shows the old turn's state.
    await this.addUserMessage(conversation.id, request.text, { records, blobs });
    const providerId = request.providerId ?? conversation.providerId;
    await this.startReply(
      watcher,
      conversation,
      request.streamId,
      providerId,
      modelFor(request, conversation, providerId),
    );
  }

  /** Deletes one message and shows every watcher the conversation without it. */
  private async deleteMessage(
    watcher: Watcher,
    conversationId: string,
    messageId: string,
  ): Promise<void> {
    const { store } = this.deps;
    const conversation = await this.idleConversation(conversationId);
    const target = await this.messageIn(
      conversation.id,
      messageId,
      undefined,
      'That message is not in this conversation.',
    );
    await store.deleteMessage(messageId);
    // Deleting the shown version of a reply shows the newest one left (by the rule, it already
    // would; writing it keeps the records saying so).
    if (target.replyGroup !== undefined && !target.inactive) {
      const left = (await store.getMessages(conversation.id)).filter(
        (m) => m.replyGroup === target.replyGroup,
      );
      const next = left.at(-1);
      if (next?.inactive) await store.updateMessage(next.id, { inactive: false });
    }
    this.watching.set(watcher, conversation.id);
    const state = await this.state(conversation.id);
    if (state) this.broadcast(conversation.id, state);
  }

  /** The conversation, when it exists and no reply is running in it. */
  private async idleConversation(conversationId: string): Promise<ConversationRecord> {
    const conversation = await this.deps.store.getConversation(conversationId);
    if (!conversation) throw noConversation(conversationId);
    this.assertIdle(conversation.id);
    return conversation;
  }

  /** A message of this conversation (with this role, when given), or the refusal. */
  private async messageIn(
    conversationId: string,
    messageId: string,
    role: MessageRecord['role'] | undefined,
    refusal: string,
  ): Promise<MessageRecord> {
    const message = await this.deps.store.getMessage(messageId);
    if (!message || message.conversationId !== conversationId || (role && message.role !== role)) {
      throw new RequestError(refusal);
    }
    return message;
  }

  private async addUserMessage(
    conversationId: string,
    text: string,
    attached: { records: AttachmentRecord[]; blobs: AttachmentBlob[] },
  ): Promise<void> {
    const { now, newId } = this.deps;
    const at = now();
    const message: MessageRecord = {
      id: newId(),
      conversationId,
      role: 'user',
      text,
      status: 'done',
      createdAt: at,
      updatedAt: at,
    };
    if (attached.records.length > 0) message.attachments = attached.records;
    await this.deps.store.addMessage(message, attached.blobs);
  }

  /** The history as the providers see it, with the shown turns' images read from the store. */
  private async promptOf(history: readonly MessageRecord[]): Promise<ChatMessage[]> {
    const ids = imageIds(shownMessages(history));
    const images = new Map<string, string>();
    if (ids.length > 0) {
      for (const [id, blob] of await this.deps.store.getAttachmentBlobs(ids)) {
        images.set(id, await blobToBase64(blob));
      }
    }
    return toPrompt(history, images);
  }

  private assertIdle(conversationId: string): void {
    for (const job of this.jobs.values()) {
      if (job.conversationId === conversationId) {
        throw new RequestError('A reply is still running in this conversation; stop it first.');
      }
    }
  }

  private async startReply(
    watcher: Watcher,
    conversation: ConversationRecord,
    streamId: string,
    providerId: string,
    model: string | undefined,
    /** The reply group a new version joins (a retry). */
    replyGroup?: string,
  ): Promise<void> {
    await this.startReplies(watcher, conversation, [{ streamId, providerId, model }], replyGroup);
  }

  /**
   * Starts one reply per target, all answering the same history at once. With several targets they
   * are versions of one reply (one `replyGroup`, the first shown), each a job of its own: it
   * streams, is stored, is stopped and ends on its own.
   */
  private async startReplies(
    watcher: Watcher,
    conversation: ConversationRecord,
    targets: readonly { streamId: string; providerId: string; model: string | undefined }[],
    replyGroup?: string,
    conversationPatch: Partial<ConversationRecord> = {},
  ): Promise<void> {
    const { store, now, newId } = this.deps;
    const ids = new Set(targets.map((t) => t.streamId));
    if (ids.size !== targets.length || targets.some((t) => this.jobs.has(t.streamId)))
      throw new RequestError('That stream id is already in use.');
    const group = replyGroup ?? (targets.length > 1 ? newId() : undefined);
    const started: { job: Job; model: string | undefined }[] = [];
    for (const [index, target] of targets.entries()) {
      const assistant: MessageRecord = {
        id: newId(),
        conversationId: conversation.id,
        role: 'assistant',
        text: '',
        status: 'streaming',
        providerId: target.providerId,
        createdAt: now(),
        updatedAt: now(),
      };
      if (target.model) assistant.model = target.model;
      if (group !== undefined) assistant.replyGroup = group;
      // Side by side, the first is shown until the user continues with another (chat-show-version).
      if (index > 0) assistant.inactive = true;
      await store.addMessage(assistant);
      started.push({
        model: target.model,
        job: {
          streamId: target.streamId,
          conversationId: conversation.id,
          messageId: assistant.id,
          controller: new AbortController(),
          record: assistant,
          finishReason: undefined,
          seq: 0,
          flushTimer: undefined,
          writing: Promise.resolve(),
          storeFailure: undefined,
        },
      });
    }
    const first = started[0]!;
    // Read with the new (still empty) versions in, so the versions they hide stay out of the
    // prompt; toPrompt leaves the empty replies themselves out.
    const history = await store.getMessages(conversation.id);
    const patch: Partial<ConversationRecord> = {
      ...conversationPatch,
      updatedAt: first.job.record.createdAt,
      providerId: first.job.record.providerId!,
    };
    // The conversation's model is the last reply's: a reply without one (the provider's own
    // default) must not leave another provider's model behind for a later retry.
    if (first.model) patch.model = first.model;
    else if (conversation.model !== undefined) patch.model = undefined;
    await store.updateConversation(conversation.id, patch);

    for (const { job } of started) this.jobs.set(job.streamId, job);
    this.deps.onRunningChange?.(this.jobs.size);
    this.watching.set(watcher, conversation.id);
    const state = await this.state(conversation.id);
    if (state) this.broadcast(conversation.id, state);
    const prompt = await this.promptOf(history);
    for (const { job, model } of started) void this.run(job, prompt, model);
  }

  private async run(job: Job, messages: ChatMessage[], model: string | undefined): Promise<void> {
    let terminal: StreamPart;
    try {
      const request: RunRequest = {
        providerId: job.record.providerId!,
        messages,
        signal: job.controller.signal,
      };
      if (model) request.model = model;
      for await (const event of this.deps.runner.run(request)) {
        if (job.controller.signal.aborted) break;
        this.apply(job, event);
      }
      if (job.controller.signal.aborted) throw new DOMException('Stopped', 'AbortError');
      terminal = { type: 'finish', reason: job.finishReason ?? 'stop' };
    } catch (thrown) {
      const providerId = job.record.providerId!;
      if (job.storeFailure !== undefined) {
        terminal = { type: 'error', error: storageError(job.storeFailure, providerId) };
      } else if (job.controller.signal.aborted) {
        terminal = { type: 'abort' };
      } else {
        terminal = { type: 'error', error: toWireError(thrown, providerId) };
      }
    }
    if (job.flushTimer !== undefined) clearTimeout(job.flushTimer);
    let ended = applyPart(job.record, terminal);
    // A provider that named no reason leaves none stored (the view's `finish` says `stop`).
    if (terminal.type === 'finish' && job.finishReason === undefined) delete ended.finishReason;
    const final: Partial<MessageRecord> = { ...streamed(ended), updatedAt: this.deps.now() };
    await this.write(job, final);
    if (job.storeFailure !== undefined) {
      // The store may refuse the text but take the smaller change (the status and the error), so
      // it never keeps `streaming` for a reply that ended; the whole reply stays in memory.
      if (final.status !== 'error') {
        terminal = { type: 'error', error: storageError(job.storeFailure, job.record.providerId!) };
        ended = applyPart(ended, terminal);
        final.status = ended.status;
        final.error = ended.error;
      }
      const { text: _text, reasoning: _reasoning, ...small } = final;
      await this.deps.store
        .updateMessage(job.messageId, small)
        .catch((failure: unknown) => this.deps.log?.('could not mark a reply as failed', failure));
      const stored = await this.deps.store.getMessage(job.messageId).catch(() => undefined);
      if (stored) this.unsaved.set(job.messageId, { ...stored, ...final });
    }
    this.jobs.delete(job.streamId);
    this.emit(job, terminal);
    this.deps.onRunningChange?.(this.jobs.size);
    this.deps.onReplyEnded?.({
      conversationId: job.conversationId,
      status: ended.status,
      watched: this.watchersOf(job.conversationId).length > 0,
    });
  }

  /** Folds a part into the live reply and sends it to the watchers. */
  private fold(job: Job, part: StreamPart): void {
    job.record = applyPart(job.record, part, this.deps.now());
    this.emit(job, part);
  }

  private apply(job: Job, event: RunEvent): void {
    switch (event.type) {
      case 'provider-start':
        return this.fold(job, event);
      case 'stream-start': {
        const part: StreamPart = { type: 'stream-start', providerId: job.record.providerId! };
        if (event.model) part.model = event.model;
        return this.fold(job, part);
      }
      case 'text-delta':
      case 'reasoning-delta':
        if (!event.delta) return;
        this.fold(job, event);
        this.scheduleFlush(job);
        return;
      case 'download-progress':
        return this.emit(job, { type: 'download-progress', loaded: event.loaded });
      case 'usage':
        // Sent whole (the pieces so far merged), so a view that missed one still shows all.
        return this.fold(job, { type: 'usage', usage: { ...job.record.usage, ...event.usage } });
      case 'finish':
        // The terminal part is sent once the final text is stored (see run()).
        job.finishReason = event.reason;
        return;
      default:
        assertNever(event);
    }
  }

  private scheduleFlush(job: Job): void {
    if (job.flushTimer !== undefined) return;
    job.flushTimer = setTimeout(() => {
      job.flushTimer = undefined;
      const patch: Partial<MessageRecord> = { text: job.record.text, updatedAt: this.deps.now() };
      if (job.record.reasoning) patch.reasoning = job.record.reasoning;
      if (job.record.firstTokenAt !== undefined) patch.firstTokenAt = job.record.firstTokenAt;
      void this.write(job, patch);
    }, this.flushIntervalMs);
  }

  /**
   * Stores a change of the reply. The first failure stops the reply (no point streaming what
   * cannot be kept); run() then ends it as a `storage-failed` error, text kept in memory.
   */
  private write(job: Job, patch: Partial<MessageRecord>): Promise<unknown> {
    job.writing = job.writing
      .then(() =>
        job.storeFailure === undefined
          ? this.deps.store.updateMessage(job.messageId, patch)
          : undefined,
      )
      .catch((error: unknown) => {
        this.deps.log?.('could not store a reply', error);
        job.storeFailure ??= error;
        job.controller.abort();
      });
    return job.writing;
  }

  private emit(job: Job, part: StreamPart): void {
    this.broadcast(job.conversationId, {
      type: 'stream-part',
      streamId: job.streamId,
      conversationId: job.conversationId,
      messageId: job.messageId,
      seq: job.seq++,
      part,
    });
  }

  private broadcast(conversationId: string, event: PortEvent): void {
    for (const watcher of this.watchersOf(conversationId)) {
      if (!safeSend(watcher, event)) this.watching.delete(watcher);
    }
  }

  private watchersOf(conversationId: string): Watcher[] {
    return [...this.watching].filter(([, id]) => id === conversationId).map(([watcher]) => watcher);
  }

  /** The stored conversation with the live text of its running job folded in. */
  private async state(
    conversationId: string,
  ): Promise<Extract<PortEvent, { type: 'conversation-state' }> | undefined> {
    const conversation = await this.deps.store.getConversation(conversationId);
    if (!conversation) return undefined;
    const messages = await this.deps.store.getMessages(conversationId);
    messages.forEach((message, index) => {
      const unsaved = this.unsaved.get(message.id);
      if (unsaved) messages[index] = unsaved;
    });
    const event: Extract<PortEvent, { type: 'conversation-state' }> = {
      type: 'conversation-state',
      conversation,
      messages,
      activeStreams: [],
    };
    for (const job of this.jobs.values()) {
      if (job.conversationId !== conversationId) continue;
      const index = messages.findIndex((m) => m.id === job.messageId);
      const stored = messages[index];
      // The live reply, with what only the store decides (which version is shown) kept.
      if (stored) messages[index] = { ...stored, ...streamed(job.record) };
      event.activeStreams.push({
        streamId: job.streamId,
        messageId: job.messageId,
        seq: job.seq - 1,
      });
    }
    return event;
  }
}

/** The fields a stream changes in its reply (never which version is shown: the store decides that). */
function streamed(record: MessageRecord): Partial<MessageRecord> {
  const {
    id: _id,
    replyGroup: _group,
    inactive: _inactive,
    createdAt: _created,
    ...fields
  } = record;
  return fields;
}

/** The error a reply ends with when its text could not be stored. */
function storageError(failure: unknown, providerId: string): WireError {
  return {
    ...storageFailed(
      'Parley could not save this reply to the browser’s storage, so it is kept only until the browser closes. Copy the text now; free disk space or restart the browser, then try again.',
      failure,
      providerId,
    ),
    // Answering again deletes this reply and starts a new one, which may well be stored.
    retryable: true,
  };
}

const noConversation = (id: string) =>
  new RequestError(`No conversation ${id}; it may have been deleted.`);

/** A request the engine refuses (bad input, not a provider failure). */
class RequestError extends Error {
  readonly code = 'unknown' as const;
  readonly retryable = false;
}

/**
 * The conversation as the provider sees it: the shown version of each reply, messages with text,
 * the empty failures left out.
 */
export function toPrompt(
  history: readonly MessageRecord[],
  /** Image bytes (base64) by attachment id, for user messages with images. */
  images: ReadonlyMap<string, string> = new Map(),
): ChatMessage[] {
  return shownMessages(history)
    .filter((m) => m.text.trim() !== '' || (m.attachments?.length ?? 0) > 0)
    .map((m) =>
      m.role === 'user' && m.attachments?.length
        ? userTurn(m, images)
        : { role: m.role, content: m.text },
    );
}

function safeSend(watcher: Watcher, event: PortEvent): boolean {
  try {
    watcher.send(event);
    return true;
  } catch {
    return false;
  }
}

function assertNever(value: never): never {
  throw new Error(`Unhandled: ${JSON.stringify(value)}`);
}

/** A title for a message with no text: its first attachment's name. */
function attachmentTitle(records: readonly AttachmentRecord[]): string {
  const first = records[0];
  return (first?.kind === 'document' ? (first.title ?? first.name) : first?.name) ?? 'Image';
}
