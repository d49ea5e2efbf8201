import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from '@testing-library/preact';
import { ChatModel, AUTO_PROVIDER } from './chat-model';
import { ComposerContext } from './composer-context';
import { TabContext } from './tab-context';
import type { Connection } from './connection';
import type { TabSource } from '../tabs/tab-source';
import { defaultSettings, type Settings } from '../../shared/settings';
import { catalogueSource, setMessageSource } from '../../shared/i18n';
import { ContextMeter } from '../components/context-meter-view';
import en from '../../../public/_locales/en/messages.json';

setMessageSource(catalogueSource(en));
afterEach(cleanup);

// The meter's window as the composer chooses it: the chosen provider's, none for Auto, the
// smallest of the picked ones in a comparison; and what the meter says of it. Nothing here talks
// to the worker.
const connection: Connection = {
  connect: () => {
    throw new Error('not used');
  },
  request: (async () => ({ ok: true, value: [] })) as Connection['request'],
};
const noTabs: TabSource = {
  list: () => Promise.reject(new Error('not used')),
  requestAllTabs: () => Promise.resolve(false),
  requestAccess: () => Promise.resolve(false),
  read: () => Promise.reject(new Error('not used')),
};

function composer(windows: Record<string, number>) {
  const chat = new ChatModel({ connection });
  const settings: Settings = defaultSettings();
  for (const [id, contextWindow] of Object.entries(windows))
    settings.providers[id] = { ...settings.providers[id], contextWindow };
  chat.settings.value = settings;
  const context = new ComposerContext(
    chat,
    new TabContext(chat.attachments, noTabs, () => Promise.reject(new Error('not used'))),
  );
  return { chat, context };
}

describe('ComposerContext', () => {
  it('has no window for Auto, and says so: the model is chosen at send', () => {
    const { chat, context } = composer({ acytoo: 4096 });
    chat.providerId.value = AUTO_PROVIDER;
    expect(context.window.value).toBeUndefined();
    expect(context.auto()).toBe(true);
    chat.providerId.value = 'acytoo';
    expect(context.window.value).toEqual({ tokens: 4096, from: 'setting' });
    expect(context.auto()).toBe(false);
  });

  it('holds a compared message to the smallest window among the providers picked', () => {
    const { chat, context } = composer({ acytoo: 4096, opchatgpts: 2048 });
    chat.providerId.value = AUTO_PROVIDER;
    chat.comparison.enabled.value = true;
    chat.comparison.providerIds.value = ['acytoo', 'opchatgpts'];
    expect(context.window.value).toEqual({ tokens: 2048, from: 'setting' });
    expect(context.auto()).toBe(false);
    chat.draft.value = 'word '.repeat(2000);
    expect(context.held()).toBe(true);
    // Turned off, the chosen provider's window again (none for Auto).
    chat.comparison.enabled.value = false;
    expect(context.window.value).toBeUndefined();
    expect(context.held()).toBe(false);
  });

  it('counts an image whose cost is not documented as not counted, not as 0 tokens', () => {
    const { chat, context } = composer({});
    chat.attachments.items.value = [
      {
        id: 'a1',
        kind: 'image',
        name: 'pixels.png',
        status: 'ready',
        input: {
          kind: 'image',
          name: 'pixels.png',
          mimeType: 'image/png',
          data: 'AA==',
          width: 2,
          height: 1,
        },
      },
      {
        id: 'a2',
        kind: 'image',
        name: 'priced.png',
        status: 'ready',
        tokens: 85,
        input: {
          kind: 'image',
          name: 'priced.png',
          mimeType: 'image/png',
          data: 'AA==',
          width: 2,
          height: 1,
        },
      },
    ];
    expect(context.reading.value.uncounted).toBe(1);
    expect(context.reading.value.total).toBe(85);
    expect(context.visible()).toBe(true);
    // With Auto: no window to measure against, and no advice to set one that no setting gives.
    chat.providerId.value = AUTO_PROVIDER;
    const meter = render(<ContextMeter context={context} />).getByTestId('context-meter');
    expect(meter.textContent).toBe(
      'Context≈85 tokens · Auto picks the model at send · images not counted: 1',
    );
    expect(meter.dataset.window).toBe('');
  });

  it('names a provider whose window is unknown as one to set in Options', () => {
    const { chat, context } = composer({});
    chat.providerId.value = 'openai-compatible';
    chat.draft.value = 'Hello there';
    const meter = render(<ContextMeter context={context} />).getByTestId('context-meter');
    expect(meter.textContent).toMatch(/^Context≈\d+ tokens · window unknown, set it in Options$/);
  });
});
