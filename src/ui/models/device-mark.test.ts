import { describe, expect, it } from 'vitest';
import { leavesDevice } from './device-mark';
import type { ProviderInfo } from '../../shared/protocol';

const provider = (runs: 'hosted' | 'local-server' | 'browser', defaultBaseUrl: string) =>
  ({
    id: 'p',
    displayName: 'P',
    defaultBaseUrl,
    capabilities: {
      auth: 'none',
      streaming: 'incremental',
      history: 'full',
      systemPrompt: true,
      models: 'static',
    },
    info: { runs, apiKey: 'none' },
  }) as ProviderInfo;

describe('leavesDevice', () => {
  it('marks cloud services, not the browser model nor servers on this machine', () => {
    expect(leavesDevice(provider('hosted', 'https://api.openai.com/v1'), {})).toBe(true);
    expect(leavesDevice(provider('browser', ''), {})).toBe(false);
    expect(leavesDevice(provider('local-server', 'http://localhost:11434'), {})).toBe(false);
    expect(leavesDevice(provider('local-server', 'http://127.0.0.1:1234/v1'), {})).toBe(false);
    expect(leavesDevice(provider('local-server', 'http://[::1]:8080/v1'), {})).toBe(false);
  });

  it('follows the address the person set', () => {
    const ollama = provider('local-server', 'http://localhost:11434');
    expect(leavesDevice(ollama, { baseUrl: 'http://192.168.1.20:11434' })).toBe(true);
    const openai = provider('hosted', 'https://api.openai.com/v1');
    expect(leavesDevice(openai, { baseUrl: 'http://127.0.0.1:9000/v1' })).toBe(false);
    expect(leavesDevice(provider('hosted', ''), {})).toBe(true);
    expect(leavesDevice(provider('local-server', ''), {})).toBe(false);
  });
});
