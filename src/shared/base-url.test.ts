import { describe, expect, it } from 'vitest';
import { effectiveBaseUrl, httpOrigin, originPattern, trimBase } from './base-url';

describe('base URLs', () => {
  it('joins requests to a base without trailing slashes, from a string or a URL', () => {
    expect(trimBase(' http://127.0.0.1:8080/v1// ')).toBe('http://127.0.0.1:8080/v1');
    expect(trimBase(new URL('https://chat.example'))).toBe('https://chat.example');
  });

  it('uses the settings override, else the default, written the same way', () => {
    const provider = { defaultBaseUrl: 'http://localhost:11434/' };
    expect(effectiveBaseUrl(provider, {})).toBe('http://localhost:11434');
    expect(effectiveBaseUrl(provider, { baseUrl: '  ' })).toBe('http://localhost:11434');
    expect(effectiveBaseUrl(provider, { baseUrl: 'http://10.0.0.2:11434/' })).toBe(
      'http://10.0.0.2:11434',
    );
    expect(effectiveBaseUrl({ defaultBaseUrl: '' }, {})).toBe('');
  });

  it('asks for the host of a base URL or origin, any port; nothing for other schemes', () => {
    expect(originPattern('http://127.0.0.1:8123/v1')).toBe('http://127.0.0.1/*');
    expect(originPattern('https://api.example')).toBe('https://api.example/*');
    expect(originPattern('chrome://x')).toBeUndefined();
    expect(originPattern('')).toBeUndefined();
  });

  it('finds the origin of an http(s) URL only', () => {
    expect(httpOrigin(' https://api.example/v1 ')).toBe('https://api.example');
    expect(httpOrigin('file:///etc/passwd')).toBeUndefined();
    expect(httpOrigin(undefined)).toBeUndefined();
  });
});
