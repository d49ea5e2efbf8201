import { describe, expect, it } from 'vitest';
import { answerRequest, type RequestHandlers } from './requests';

const unused = async (): Promise<never> => {
  throw new Error('not used here');
};
const base: Omit<RequestHandlers, 'ping'> = {
  'providers-list': unused,
  'provider-test': unused,
  'provider-models': unused,
  'conversations-list': unused,
  'conversation-delete': unused,
  'conversation-restore': unused,
  'conversation-update': unused,
  'conversations-search': unused,
  'data-export': unused,
  'data-import': unused,
  'attachment-data': unused,
  'data-delete-all': unused,
  'setup-detect': unused,
  'settings-update': unused,
};

describe('answerRequest', () => {
  it('wraps a result as ok', async () => {
    const handlers: RequestHandlers = { ...base, ping: async () => ({ version: '1' }) };
    await expect(answerRequest(handlers, 'ping', {})).resolves.toEqual({
      ok: true,
      value: { version: '1' },
    });
  });

  it('turns a thrown error into JSON-safe error data', async () => {
    const handlers: RequestHandlers = {
      ...base,
      ping: async () => {
        throw new Error('boom');
      },
    };
    const reply = await answerRequest(handlers, 'ping', {});
    expect(reply).toEqual({
      ok: false,
      error: { code: 'unknown', message: 'boom', retryable: false },
    });
    expect(JSON.parse(JSON.stringify(reply))).toEqual(reply);
  });

  it('answers an unknown type with an error instead of hanging', async () => {
    const handlers: RequestHandlers = { ...base, ping: async () => ({ version: '1' }) };
    const reply = await answerRequest(handlers, 'nope' as 'ping', {});
    expect(reply.ok).toBe(false);
  });
});
