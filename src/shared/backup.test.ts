import { describe, expect, it } from 'vitest';
import {
  BACKUP_FORMAT,
  buildBackup,
  mergeImportedSettings,
  parseBackup,
  type ImportProblemReason,
} from './backup';
import { defaultSettings, parseSettings } from './settings';
import type { ConversationRecord, MessageRecord } from './protocol';

const conversation: ConversationRecord = {
  id: 'c1',
  title: 'Hello',
  createdAt: 1,
  updatedAt: 2,
  providerId: 'auto',
};
const messages: MessageRecord[] = [
  {
    id: 'm1',
    conversationId: 'c1',
    role: 'user',
    text: 'Hi',
    status: 'done',
    createdAt: 1,
    updatedAt: 1,
  },
  {
    id: 'm2',
    conversationId: 'c1',
    role: 'assistant',
    text: 'Hello!',
    status: 'error',
    providerId: 'acytoo',
    error: { code: 'network', message: 'x', retryable: true },
    usage: { inputTokens: 1 },
    createdAt: 2,
    updatedAt: 2,
  },
];
const good = () =>
  structuredClone({
    format: BACKUP_FORMAT,
    version: 1,
    exportedAt: 5,
    settings: { providers: { acytoo: { baseUrl: 'http://127.0.0.1:1' } } },
    conversations: [conversation],
    messages,
  });

const reasonOf = (json: string): ImportProblemReason | undefined => {
  const result = parseBackup(json);
  return 'rejected' in result ? result.rejected.reason : undefined;
};
const detailOf = (json: string): string => {
  const result = parseBackup(json);
  return 'rejected' in result ? result.rejected.detail : '';
};

describe('parseBackup', () => {
  it('accepts a good file as it is', () => {
    const result = parseBackup(JSON.stringify(good()));
    expect(result).toEqual({ backup: good() });
  });

  it("keeps a reply's versions: their group and which one is shown", () => {
    const file = good();
    file.messages = [
      messages[0]!,
      { ...messages[1]!, replyGroup: 'm2', inactive: true },
      { ...messages[1]!, id: 'm3', text: 'Hi again', status: 'done', replyGroup: 'm2' },
    ];
    expect(parseBackup(JSON.stringify(file))).toEqual({ backup: file });
    const wrong = { ...file, messages: [{ ...messages[1]!, inactive: 'yes' }] };
    expect(detailOf(JSON.stringify(wrong))).toMatch(/inactive/);
  });

  it("keeps a comparison: the picked providers, the mode, and each reply's time to first token", () => {
    const file = good();
    file.conversations = [
      { ...conversation, compare: { enabled: true, providerIds: ['openai', 'ollama'] } },
    ];
    file.messages = [
      messages[0]!,
      { ...messages[1]!, replyGroup: 'g1', firstTokenAt: 2 },
      { ...messages[1]!, id: 'm3', providerId: 'ollama', replyGroup: 'g1', inactive: true },
    ];
    const built = buildBackup(defaultSettings(), file, { includeKeys: false, now: 9 });
    expect(built.conversations[0]?.compare).toEqual({
      enabled: true,
      providerIds: ['openai', 'ollama'],
    });
    expect(parseBackup(JSON.stringify(built))).toEqual({ backup: built });
    expect(parseBackup(JSON.stringify(file))).toEqual({ backup: file });
    const wrong = { ...file, conversations: [{ ...conversation, compare: { enabled: 'yes' } }] };
    expect(detailOf(JSON.stringify(wrong))).toMatch(/compare/);
  });

  it('rejects a file that is not JSON', () => {
    expect(reasonOf('{"format": "parley-backup",')).toBe('not-json');
    expect(reasonOf('')).toBe('not-json');
  });

  it('rejects JSON that is not a Parley backup', () => {
    expect(reasonOf('[1, 2]')).toBe('not-a-backup');
    expect(reasonOf('"text"')).toBe('not-a-backup');
    expect(reasonOf(JSON.stringify({ ...good(), format: 'other-app' }))).toBe('not-a-backup');
    expect(detailOf(JSON.stringify({ conversations: [] }))).toContain('"format" is missing');
  });

  it('rejects another version, saying which', () => {
    const newer = JSON.stringify({ ...good(), version: 2 });
    expect(reasonOf(newer)).toBe('wrong-version');
    expect(detailOf(newer)).toBe('2 (this Parley reads 1)');
    expect(reasonOf(JSON.stringify({ ...good(), version: '1' }))).toBe('wrong-version');
  });

  it('rejects the wrong shape with the path of the first bad field', () => {
    const badTitle = good();
    (badTitle.conversations[0] as unknown as { title: number }).title = 42;
    expect(reasonOf(JSON.stringify(badTitle))).toBe('wrong-shape');
    expect(detailOf(JSON.stringify(badTitle))).toBe(
      'conversations[0].title: expected string, found number',
    );

    const badRole = good();
    badRole.messages = [{ ...messages[0]!, role: 'robot' as never }];
    expect(detailOf(JSON.stringify(badRole))).toBe(
      'messages[0].role: expected one of "system", "user", "assistant"',
    );

    const badSettings = { ...good(), settings: { ui: { theme: 'purple' } } };
    expect(detailOf(JSON.stringify(badSettings))).toMatch(/^settings\.ui\.theme: /);

    const noMessages: Record<string, unknown> = good();
    delete noMessages.messages;
    expect(detailOf(JSON.stringify(noMessages))).toBe('messages: expected array, found missing');
  });

  it('rejects duplicate ids', () => {
    const twice = { ...good(), conversations: [conversation, { ...conversation }] };
    expect(reasonOf(JSON.stringify(twice))).toBe('duplicate-id');
    expect(detailOf(JSON.stringify(twice))).toBe('conversation "c1"');
    const twiceMessage = { ...good(), messages: [...messages, { ...messages[0]! }] };
    expect(detailOf(JSON.stringify(twiceMessage))).toBe('message "m1"');
  });

  it('rejects a message of a conversation the file does not contain', () => {
    const orphan = { ...good(), messages: [{ ...messages[0]!, conversationId: 'gone' }] };
    expect(reasonOf(JSON.stringify(orphan))).toBe('unknown-conversation');
  });

  it('turns a reply saved mid-stream into an interrupted one, and drops unknown fields', () => {
    const file = good();
    file.messages = [{ ...messages[1]!, status: 'streaming', extra: 1 } as never];
    const result = parseBackup(JSON.stringify(file));
    expect('backup' in result && result.backup.messages[0]).toMatchObject({
      status: 'interrupted',
    });
    expect('backup' in result && 'extra' in result.backup.messages[0]!).toBe(false);
  });
});

describe('buildBackup', () => {
  const settings = parseSettings({
    providers: { openai: { apiKey: 'sk-secret', model: 'gpt' }, acytoo: { enabled: false } },
  });
  const data = { conversations: [{ ...conversation, temporary: true }], messages };

  it('leaves API keys out unless asked, and never carries the temporary flag', () => {
    const backup = buildBackup(settings, data, { includeKeys: false, now: 9 });
    expect(JSON.stringify(backup)).not.toContain('sk-secret');
    expect(backup.settings?.providers?.openai).toEqual({ model: 'gpt' });
    expect(backup.conversations[0]).toEqual(conversation);
    expect(backup.exportedAt).toBe(9);
    // The stored settings object is not changed by leaving keys out of the copy.
    expect(settings.providers.openai?.apiKey).toBe('sk-secret');
  });

  it('includes API keys when the user ticks the box', () => {
    const backup = buildBackup(settings, data, { includeKeys: true, now: 9 });
    expect(backup.settings?.providers?.openai?.apiKey).toBe('sk-secret');
  });

  it('round-trips through parseBackup', () => {
    const backup = buildBackup(settings, data, { includeKeys: true, now: 9 });
    expect(parseBackup(JSON.stringify(backup))).toEqual({ backup });
  });
});

describe('mergeImportedSettings', () => {
  it('takes imported fields and keeps keys the file does not carry', () => {
    const current = parseSettings({
      providers: { openai: { apiKey: 'sk-mine', model: 'old' } },
      ui: { theme: 'dark', language: 'ru' },
    });
    const merged = mergeImportedSettings(current, {
      providers: { openai: { model: 'new' }, acytoo: { baseUrl: 'http://x' } },
      ui: { theme: 'light' },
    });
    expect(merged.providers).toEqual({
      openai: { model: 'new', apiKey: 'sk-mine' },
      acytoo: { baseUrl: 'http://x' },
    });
    expect(merged.ui).toEqual({ theme: 'light', language: 'ru' });
    expect(merged.auto).toEqual(defaultSettings().auto);
  });
});

describe('the prompt library in the backup', () => {
  const prompts = [
    { id: 'p1', title: 'Review', text: 'Review {{selection}} from {{url}}', inMenu: true },
    { id: 'p2', title: 'Paste', text: 'Compare with {{clipboard}}', inMenu: false },
  ];

  it('travels with the settings and comes back as it was', () => {
    const settings = parseSettings({ prompts });
    const backup = buildBackup(
      settings,
      { conversations: [], messages: [] },
      {
        includeKeys: false,
        now: 1,
      },
    );
    const parsed = parseBackup(JSON.stringify(backup));
    if (!('backup' in parsed)) throw new Error('refused');
    expect(parsed.backup.settings?.prompts).toEqual(prompts);
    const merged = mergeImportedSettings(defaultSettings(), parsed.backup.settings!);
    expect(merged.prompts).toEqual(prompts);
  });

  it('a file without prompts keeps the ones here', () => {
    const current = parseSettings({ prompts });
    expect(mergeImportedSettings(current, { ui: { theme: 'light' } }).prompts).toEqual(prompts);
  });

  it('refuses a damaged prompt, naming the field', () => {
    const file = good();
    Object.assign(file.settings, { prompts: [{ id: 'p', title: 'T', text: 'x', inMenu: 'yes' }] });
    expect(reasonOf(JSON.stringify(file))).toBe('wrong-shape');
    expect(detailOf(JSON.stringify(file))).toBe(
      'settings.prompts[0].inMenu: expected boolean, found string',
    );
  });

  it('an old file’s context-menu templates become prompts after the defaults', () => {
    const file = good();
    Object.assign(file.settings, {
      selection: { templates: [{ id: 't1', title: 'Rhyme', prompt: 'Rhyme {{selection}}' }] },
    });
    const parsed = parseBackup(JSON.stringify(file));
    if (!('backup' in parsed)) throw new Error('refused');
    const defaults = [{ id: 'explain', title: 'Explain', text: '{{selection}}', inMenu: true }];
    const merged = mergeImportedSettings(defaultSettings(), parsed.backup.settings!, [], defaults);
    expect(merged.prompts).toEqual([
      ...defaults,
      { id: 't1', title: 'Rhyme', text: 'Rhyme {{selection}}', inMenu: true },
    ]);
    expect(merged.selection).toEqual(defaultSettings().selection);
  });
});
