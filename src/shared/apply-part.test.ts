import { describe, expect, it } from 'vitest';
import { applyPart } from './apply-part';
import type { MessageRecord, StreamPart } from './protocol';

const reply: MessageRecord = {
  id: 'm1',
  conversationId: 'c1',
  role: 'assistant',
  text: '',
  status: 'streaming',
  providerId: 'auto',
  createdAt: 1,
  updatedAt: 1,
};

const fold = (parts: StreamPart[], from: MessageRecord = reply) => parts.reduce(applyPart, from);

describe('applyPart', () => {
  it('folds deltas, the provider, the model it names and usage in pieces', () => {
    expect(
      fold([
        { type: 'provider-start', providerId: 'acytoo', displayName: 'Acytoo' },
        { type: 'stream-start', providerId: 'acytoo', model: 'm-served' },
        { type: 'reasoning-delta', delta: 'hm' },
        { type: 'text-delta', delta: 'Hel' },
        { type: 'text-delta', delta: 'lo' },
        { type: 'usage', usage: { inputTokens: 3 } },
        { type: 'usage', usage: { outputTokens: 2 } },
        { type: 'finish', reason: 'length' },
      ]),
    ).toMatchObject({
      providerId: 'acytoo',
      model: 'm-served',
      reasoning: 'hm',
      text: 'Hello',
      usage: { inputTokens: 3, outputTokens: 2 },
      status: 'done',
      finishReason: 'length',
    });
  });

  it('stamps the time of the first text or reasoning, once', () => {
    const first = applyPart(reply, { type: 'reasoning-delta', delta: 'hm' }, 50);
    expect(first.firstTokenAt).toBe(50);
    expect(applyPart(first, { type: 'text-delta', delta: 'a' }, 90).firstTokenAt).toBe(50);
    expect(applyPart(reply, { type: 'usage', usage: {} }, 20).firstTokenAt).toBeUndefined();
  });

  it('stamps the end on the terminal part, so the speed reads from it', () => {
    expect(applyPart(reply, { type: 'finish', reason: 'stop' }, 70).updatedAt).toBe(70);
    expect(applyPart(reply, { type: 'abort' }, 80).updatedAt).toBe(80);
    expect(applyPart(reply, { type: 'abort' }).updatedAt).toBe(1);
  });

  it('keeps the model asked for over the one the provider names', () => {
    const asked = { ...reply, model: 'asked' };
    expect(applyPart(asked, { type: 'stream-start', providerId: 'x', model: 'other' }).model).toBe(
      'asked',
    );
  });

  it('ends with an error or a stop, the text kept', () => {
    const error = { code: 'auth-invalid' as const, message: 'no', retryable: false };
    expect(
      fold([
        { type: 'text-delta', delta: 'a' },
        { type: 'error', error },
      ]),
    ).toMatchObject({
      text: 'a',
      status: 'error',
      error,
    });
    expect(fold([{ type: 'text-delta', delta: 'a' }, { type: 'abort' }])).toMatchObject({
      text: 'a',
      status: 'stopped',
    });
  });

  it('returns the same record for a part that changes nothing in it', () => {
    expect(applyPart(reply, { type: 'download-progress', loaded: 0.5 })).toBe(reply);
    expect(applyPart(reply, { type: 'text-delta', delta: '' })).toBe(reply);
  });
});
