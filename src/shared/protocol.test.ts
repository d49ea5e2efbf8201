import { describe, expect, it } from 'vitest';
import {
  isPortRequest,
  isRequestEnvelope,
  isTerminalPart,
  isViewNotice,
  type PortEvent,
  type PortRequest,
  type Reply,
  type RequestEnvelope,
  type ViewNotice,
} from './protocol';

// Chrome serialises every message as JSON: a sample of every message type must survive the trip
// unchanged (no Error, Map, Date or undefined-vs-missing surprises).
const conversation = {
  id: 'c1',
  title: 'Привет 🌍',
  createdAt: 1,
  updatedAt: 3,
  providerId: 'auto',
  context: { pageUrl: 'https://a.test/', title: 'A' },
};
const message = {
  id: 'm2',
  conversationId: 'c1',
  role: 'assistant' as const,
  text: 'Hi',
  reasoning: 'hm',
  status: 'error' as const,
  providerId: 'acytoo',
  error: {
    code: 'network' as const,
    message: 'Acytoo: cut',
    retryable: true,
    providerId: 'acytoo',
    status: 502,
    detail: '<html>',
  },
  usage: { inputTokens: 1, outputTokens: 2 },
  finishReason: 'stop',
  createdAt: 3,
  updatedAt: 4,
};

const portRequests: PortRequest[] = [
  {
    type: 'chat-send',
    streamId: 's1',
    providerId: 'acytoo',
    text: 'hi',
    model: 'm',
    context: { pageUrl: 'u', title: 't' },
  },
  { type: 'chat-send', streamId: 's1', conversationId: 'c1', providerId: 'auto', text: 'again' },
  { type: 'chat-send', streamId: 's3', providerId: 'auto', text: 'secret', temporary: true },
  {
    type: 'chat-retry',
    streamId: 's2',
    conversationId: 'c1',
    messageId: 'm2',
    providerId: 'aichat',
  },
  {
    type: 'chat-retry',
    streamId: 's5',
    conversationId: 'c1',
    messageId: 'm2',
    providerId: 'openai',
    model: 'gpt-4o-mini',
  },
  {
    type: 'chat-edit',
    streamId: 's6',
    conversationId: 'c1',
    messageId: 'm1',
    text: 'Hi',
    model: 'llama3.2',
  },
  {
    type: 'chat-edit',
    streamId: 's3',
    conversationId: 'c1',
    messageId: 'm1',
    text: 'Hello again',
    providerId: 'acytoo',
  },
  { type: 'chat-edit', streamId: 's4', conversationId: 'c1', messageId: 'm1', text: 'Hi' },
  { type: 'chat-delete', conversationId: 'c1', messageId: 'm2' },
  { type: 'chat-stop', streamId: 's1' },
  {
    type: 'chat-compare',
    text: 'Which is faster?',
    replies: [
      { streamId: 's7', providerId: 'openai', model: 'gpt-4o-mini' },
      { streamId: 's8', providerId: 'anthropic' },
    ],
    context: { pageUrl: 'https://example.com/', title: 'Example' },
  },
  { type: 'chat-show-version', conversationId: 'c1', messageId: 'm3' },
  { type: 'chat-attach', conversationId: 'c1' },
  { type: 'chat-detach', conversationId: 'c1' },
];

const part = (p: Extract<PortEvent, { type: 'stream-part' }>['part'], seq: number): PortEvent => ({
  type: 'stream-part',
  streamId: 's1',
  conversationId: 'c1',
  messageId: 'm2',
  seq,
  part: p,
});

const portEvents: PortEvent[] = [
  {
    type: 'conversation-state',
    conversation,
    messages: [message],
    activeStreams: [{ streamId: 's1', messageId: 'm2', seq: 4 }],
  },
  part({ type: 'provider-start', providerId: 'acytoo', displayName: 'Acytoo' }, 0),
  part({ type: 'stream-start', providerId: 'acytoo', model: 'gpt-3.5-turbo' }, 1),
  part({ type: 'text-delta', delta: 'Прив' }, 2),
  part({ type: 'reasoning-delta', delta: 'thinking' }, 3),
  part({ type: 'download-progress', loaded: 0.42 }, 3),
  part({ type: 'usage', usage: { totalTokens: 5 } }, 4),
  part({ type: 'finish', reason: 'ended-without-marker' }, 5),
  part({ type: 'error', error: message.error }, 6),
  part({ type: 'abort' }, 7),
  {
    type: 'request-failed',
    streamId: 's9',
    conversationId: 'c1',
    error: { code: 'unknown', message: 'busy', retryable: false },
  },
];

const requests: RequestEnvelope[] = [
  { channel: 'parley/v1', type: 'ping', params: {} },
  { channel: 'parley/v1', type: 'providers-list', params: {} },
  { channel: 'parley/v1', type: 'provider-test', params: { providerId: 'aichat' } },
  { channel: 'parley/v1', type: 'setup-detect', params: {} },
  { channel: 'parley/v1', type: 'provider-models', params: { providerId: 'openai-compatible' } },
  { channel: 'parley/v1', type: 'conversations-list', params: { limit: 1 } },
  { channel: 'parley/v1', type: 'conversation-delete', params: { conversationId: 'c1' } },
  { channel: 'parley/v1', type: 'conversation-restore', params: { conversationId: 'c1' } },
  {
    channel: 'parley/v1',
    type: 'conversation-update',
    params: { conversationId: 'c1', title: 'Новое', pinned: true },
  },
  { channel: 'parley/v1', type: 'conversations-search', params: { query: 'ёлка', limit: 50 } },
  { channel: 'parley/v1', type: 'data-export', params: {} },
  { channel: 'parley/v1', type: 'data-import', params: { json: '{"format":"parley-backup"}' } },
  { channel: 'parley/v1', type: 'data-delete-all', params: {} },
];

const replies: Reply<unknown>[] = [
  { ok: true, value: [conversation] },
  { ok: true, value: { latencyMs: 812, text: 'Hello!', providerId: 'chatanywhere' } },
  {
    ok: true,
    value: {
      local: [
        {
          providerId: 'ollama',
          baseUrl: 'http://localhost:11434',
          state: 'running',
          models: ['llama3.2'],
        },
        { providerId: 'lm-studio', baseUrl: 'http://localhost:1234/v1', state: 'absent' },
      ],
      builtin: 'downloadable',
    },
  },
  {
    ok: true,
    value: {
      models: [{ id: 'gpt-4o-mini' }, { id: 'claude-sonnet-4-5', name: 'Claude Sonnet 4.5' }],
    },
  },
  {
    ok: true,
    value: {
      total: 2,
      items: [
        {
          conversation: { ...conversation, pinned: true },
          snippet: { text: '…a ёлка…', start: 3, end: 7, messageId: 'm2' },
        },
        { conversation: { ...conversation, id: 'c2', temporary: true } },
      ],
    },
  },
  { ok: true, value: { deleted: true, undoUntil: 1_763_716_010_000 } },
  { ok: true, value: { conversations: [conversation], messages: [message] } },
  { ok: true, value: { imported: { conversations: 1, messages: 2, settings: true } } },
  { ok: true, value: { rejected: { reason: 'wrong-version', detail: '2 (this Parley reads 1)' } } },
  {
    ok: false,
    error: { code: 'permission-missing', message: 'grant', retryable: false, providerId: 'openai' },
  },
];

// Issue 13: the background's broadcast to the views.
const notices: ViewNotice[] = [
  { channel: 'parley/notice/v1', type: 'conversations-changed', conversationIds: ['c1'] },
  { channel: 'parley/notice/v1', type: 'conversations-changed', conversationIds: [] },
];

describe('protocol', () => {
  it.each(
    [...portRequests, ...portEvents, ...requests, ...replies, ...notices].map((m) => [
      JSON.stringify(m).slice(0, 60),
      m,
    ]),
  )('round-trips %s through JSON', (_label, sample) => {
    expect(JSON.parse(JSON.stringify(sample))).toStrictEqual(sample);
  });

  it('recognises its own messages and nothing else', () => {
    for (const request of portRequests) expect(isPortRequest(request)).toBe(true);
    for (const envelope of requests) expect(isRequestEnvelope(envelope)).toBe(true);
    expect(isPortRequest({ type: 'chat-evil' })).toBe(false);
    expect(isPortRequest('chat-send')).toBe(false);
    expect(isRequestEnvelope({ channel: 'other', type: 'ping' })).toBe(false);
    for (const notice of notices) expect(isViewNotice(notice)).toBe(true);
    // A notice is not a request, and a request not a notice: each listener takes only its own.
    for (const notice of notices) expect(isRequestEnvelope(notice)).toBe(false);
    for (const envelope of requests) expect(isViewNotice(envelope)).toBe(false);
    expect(isViewNotice(null)).toBe(false);
  });

  it('has exactly three terminal parts', () => {
    const terminal = portEvents.flatMap((e) =>
      e.type === 'stream-part' && isTerminalPart(e.part) ? [e.part.type] : [],
    );
    expect(terminal).toEqual(['finish', 'error', 'abort']);
  });
});
