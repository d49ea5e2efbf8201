import { describe, expect, it } from 'vitest';
import { timeToFirstToken, tokensPerSecond } from './compare-metrics';
import type { MessageRecord } from '../../shared/protocol';

const reply = (patch: Partial<MessageRecord>): MessageRecord => ({
  id: 'm1',
  conversationId: 'c1',
  role: 'assistant',
  text: '',
  status: 'done',
  createdAt: 1_000,
  updatedAt: 3_000,
  ...patch,
});

describe('compare metrics', () => {
  it('time to first token from the start of the reply', () => {
    expect(timeToFirstToken(reply({ firstTokenAt: 1_420 }))).toBe(0.42);
    expect(timeToFirstToken(reply({}))).toBeUndefined();
  });

  it('speed from the reported output tokens over the time since the first token', () => {
    expect(tokensPerSecond(reply({ firstTokenAt: 1_000, usage: { outputTokens: 100 } }))).toEqual({
      value: 50,
      estimated: false,
    });
  });

  it('estimates from the text (four characters a token) while streaming without a count', () => {
    const streaming = reply({ status: 'streaming', firstTokenAt: 1_000, text: 'x'.repeat(400) });
    expect(tokensPerSecond(streaming, 2_000)).toEqual({ value: 100, estimated: true });
  });

  it('says nothing before the first token or over too short a time', () => {
    expect(tokensPerSecond(reply({ usage: { outputTokens: 5 } }))).toBeUndefined();
    expect(
      tokensPerSecond(reply({ firstTokenAt: 2_990, usage: { outputTokens: 5 } })),
    ).toBeUndefined();
  });
});
