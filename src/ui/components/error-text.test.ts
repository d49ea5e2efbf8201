import { describe, expect, it } from 'vitest';
import type { WireError } from '../../shared/errors';
import { autoFailureLines, serviceSaid } from './error-text';

const error = (over: Partial<WireError>): WireError => ({
  code: 'provider-unavailable',
  message: 'X: the service is unavailable.',
  retryable: true,
  providerId: 'x',
  ...over,
});

describe('what the service said, for the notice', () => {
  it('is the service’s own text when it gave one', () => {
    expect(
      serviceSaid(error({ said: ' Quota of the bot exceeded ', detail: '{"type":"error"}' })),
    ).toBe('Quota of the bot exceeded');
  });

  it('summarises an HTML error page as its status and title, entities decoded, never as markup', () => {
    const page =
      '<!DOCTYPE html>\n<html><head><title>\n  502 Bad Gateway &amp; friends &#8212; nginx</title></head><body><script>x()</script></body></html>';
    expect(serviceSaid(error({ status: 502, detail: page }))).toBe(
      'HTTP 502 — 502 Bad Gateway & friends — nginx',
    );
    expect(serviceSaid(error({ status: 500, detail: '<html><body>oops</body></html>' }))).toBe(
      'HTTP 500',
    );
  });

  it('says nothing for a technical detail that is not the service’s words', () => {
    expect(serviceSaid(error({ code: 'network', detail: 'TypeError: Failed to fetch' }))).toBe(
      undefined,
    );
  });

  it('lists each provider Auto tried', () => {
    const auto = error({
      providerId: 'auto',
      message: 'All providers failed:\nOllama: could not connect.\nOpenAI: HTTP 500.',
    });
    expect(autoFailureLines(auto)).toEqual(['Ollama: could not connect.', 'OpenAI: HTTP 500.']);
  });
});
