// A deterministic history for bench/history-search: conversations of questions and longer replies
// in made-up words with a Zipf-like frequency (a few very common, most rare), a little Russian, and
// marker words planted in known conversations so every query's hit count is known in advance.
import { BACKUP_FORMAT, BACKUP_VERSION, type Backup } from '../src/shared/backup';
import type { ConversationRecord, MessageRecord } from '../src/shared/protocol';

export interface CorpusOptions {
  conversations: number;
  /** Question + reply pairs per conversation. */
  exchanges: number;
  questionWords: number;
  replyWords: number;
}

/** Words planted in known places, and how many conversations hold each. */
export const MARKERS = {
  /** In exactly one conversation's reply. */
  unique: 'zanzibarite',
  /** In every 100th conversation's reply. */
  rare: 'krillfish',
  /** With `rare`, in every 200th (so "krillfish oceanic" matches half of those). */
  pair: 'oceanic',
  /** Russian, in every 150th conversation's question. */
  russian: 'борщевик',
} as const;

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'ti', 'vo', 'de', 'pa', 'gu', 'zen', 'tor'];
const CYRILLIC = ['ка', 'ло', 'ми', 'не', 'ру', 'са', 'ти', 'во'];

function vocabulary(random: () => number, size: number): string[] {
  const words = new Set<string>();
  while (words.size < size) {
    const script = random() < 0.1 ? CYRILLIC : SYLLABLES;
    const length = 2 + Math.floor(random() * 3);
    let word = '';
    for (let i = 0; i < length; i++) word += script[Math.floor(random() * script.length)];
    words.add(word);
  }
  return [...words];
}

export function makeCorpus(options: CorpusOptions, now = 1_763_700_000_000): Backup {
  const random = mulberry32(42);
  const words = vocabulary(random, 20_000);
  // Zipf-like: index = size^u - 1 spreads picks towards the first words.
  const pick = () => words[Math.min(words.length - 1, Math.floor(words.length ** random()) - 1)]!;
  const sentence = (count: number, extra: string[] = []) => {
    const out: string[] = [];
    for (let i = 0; i < count; i++) out.push(pick());
    for (const word of extra) out.splice(Math.floor(random() * out.length), 0, word);
    const text = out.join(' ');
    return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
  };

  const conversations: ConversationRecord[] = [];
  const messages: MessageRecord[] = [];
  for (let c = 0; c < options.conversations; c++) {
    const id = `bench-${c}`;
    const created = now - (options.conversations - c) * 60_000;
    const replyExtra: string[] = [];
    if (c === Math.floor(options.conversations * 0.37)) replyExtra.push(MARKERS.unique);
    if (c % 100 === 7) replyExtra.push(MARKERS.rare);
    if (c % 200 === 7) replyExtra.push(MARKERS.pair);
    const questionExtra = c % 150 === 3 ? [MARKERS.russian] : [];
    let time = created;
    for (let e = 0; e < options.exchanges; e++) {
      const question = sentence(options.questionWords, e === 0 ? questionExtra : []);
      const reply = sentence(options.replyWords, e === options.exchanges - 1 ? replyExtra : []);
      for (const [role, text] of [
        ['user', question],
        ['assistant', reply],
      ] as const) {
        time += 1;
        messages.push({
          id: `${id}-${messages.length}`,
          conversationId: id,
          role,
          text,
          status: 'done',
          ...(role === 'assistant' ? { providerId: 'acytoo' } : {}),
          createdAt: time,
          updatedAt: time,
        });
      }
    }
    const first = messages.find((m) => m.conversationId === id && m.role === 'user')!;
    conversations.push({
      id,
      title: first.text.slice(0, 60),
      createdAt: created,
      updatedAt: time,
      providerId: 'auto',
      ...(c % 500 === 0 ? { pinned: true } : {}),
    });
  }
  return { format: BACKUP_FORMAT, version: BACKUP_VERSION, conversations, messages };
}

/** The most frequent word of the corpus (found in almost every conversation). */
export function commonWord(backup: Backup): string {
  const counts = new Map<string, number>();
  for (const m of backup.messages.slice(0, 2_000)) {
    for (const word of m.text.toLowerCase().match(/[\p{L}]+/gu) ?? []) {
      counts.set(word, (counts.get(word) ?? 0) + 1);
    }
  }
  return [...counts].sort((a, b) => b[1] - a[1])[0]![0];
}
