// Chrome's Summarizer and Translator are absent from our test browser: these run the module against
// fakes of the documented shapes (developer.chrome.com/docs/ai/summarizer-api, …/translator-api).
import { describe, expect, it } from 'vitest';
import {
  baseLanguage,
  DeviceError,
  deviceAI,
  summarizeOnDevice,
  translateOnDevice,
  type Availability,
  type SummarizerApi,
  type TranslatorApi,
} from './on-device';

function fakeSummarizer(availability: Availability, inputQuota = 1000) {
  const log: string[] = [];
  const api: SummarizerApi = {
    availability: () => Promise.resolve(availability),
    create: (options) => {
      log.push(`create ${options?.type} ${options?.format} ${options?.outputLanguage}`);
      return Promise.resolve({
        inputQuota,
        measureInputUsage: (text: string) => Promise.resolve(Math.ceil(text.length / 4)),
        summarize: (text: string) => Promise.resolve(`- ${text.slice(0, 5)}`),
        destroy: () => log.push('destroy'),
      });
    },
  };
  return { api, log };
}

const signal = new AbortController().signal;

describe('deviceAI', () => {
  it('finds only the APIs that are there', () => {
    const { api } = fakeSummarizer('available');
    expect(deviceAI({})).toEqual({});
    expect(deviceAI({ Summarizer: api })).toEqual({ summarizer: api });
    expect(deviceAI({ Summarizer: {}, Translator: 'nope' })).toEqual({});
  });
});

describe('summarizeOnDevice', () => {
  it('asks for key points in Markdown and closes the session', async () => {
    const { api, log } = fakeSummarizer('available');
    await expect(summarizeOnDevice(api, 'Tides rise twice a day.', 'en', signal)).resolves.toBe(
      '- Tides',
    );
    expect(log).toEqual(['create key-points markdown en', 'destroy']);
  });

  it('says a page is too long for the model instead of cutting it', async () => {
    const { api, log } = fakeSummarizer('available', 10);
    await expect(summarizeOnDevice(api, 'x'.repeat(100), 'en', signal)).rejects.toEqual(
      new DeviceError('too-long'),
    );
    expect(log.at(-1)).toBe('destroy');
    await expect(
      summarizeOnDevice(fakeSummarizer('unavailable').api, 'x', 'en', signal),
    ).rejects.toEqual(new DeviceError('unavailable'));
  });
});

describe('translateOnDevice', () => {
  it('translates between the base languages given', async () => {
    const seen: string[] = [];
    const api: TranslatorApi = {
      availability: ({ sourceLanguage, targetLanguage }) =>
        Promise.resolve(
          sourceLanguage === 'en' && targetLanguage === 'ru' ? 'available' : 'unavailable',
        ),
      create: ({ sourceLanguage, targetLanguage }) =>
        Promise.resolve({
          translate: (text: string) =>
            Promise.resolve(`[${sourceLanguage}→${targetLanguage}] ${text}`),
          destroy: () => seen.push('destroy'),
        }),
    };
    await expect(
      translateOnDevice(api, 'Hello', { sourceLanguage: 'en', targetLanguage: 'ru' }, signal),
    ).resolves.toBe('[en→ru] Hello');
    expect(seen).toEqual(['destroy']);
    await expect(
      translateOnDevice(api, 'Hello', { sourceLanguage: 'de', targetLanguage: 'ru' }, signal),
    ).rejects.toEqual(new DeviceError('unavailable'));
    expect(baseLanguage('en-US')).toBe('en');
    expect(baseLanguage('pt_BR')).toBe('pt');
    expect(baseLanguage(undefined)).toBe('');
  });
});
