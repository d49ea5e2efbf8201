// The backup file: what "Export all data" writes and "Import" reads. One JSON object:
//
//   { "format": "parley-backup", "version": 1, "exportedAt": <ms>,
//     "settings": { …as in storage.local, API keys only if the user asked… },
//     "conversations": [ConversationRecord…], "messages": [MessageRecord…],
//     "images": [{ "id": <attachment id>, "data": <base64> }…] }
//
// `images` carries the bytes of the messages' image attachments (stored apart, as Blobs); a file
// without it (older, or with no images) is fine, but a message naming an image the file has no
// data for is refused.
//
// An import is validated whole before anything is written: a file that is not JSON, not a Parley
// backup, of another version, of the wrong shape, with a duplicate id or a message of a
// conversation it does not contain is rejected with the reason, and nothing changes. zod/mini keeps
// the schema small (it also runs in the service worker).
import * as z from 'zod/mini';
import {
  ATTACHMENT_LIMITS,
  conversationRecordSchema,
  messageRecordSchema,
  type ConversationRecord,
  type MessageRecord,
} from './records';
import { settingsParts, type Settings } from './settings';

export const BACKUP_FORMAT = 'parley-backup';
export const BACKUP_VERSION = 1;

/** Why a file was refused; the UI shows a sentence per reason, with `detail` under it. */
export type ImportProblemReason =
  | 'not-json'
  | 'not-a-backup'
  | 'wrong-version'
  | 'wrong-shape'
  | 'duplicate-id'
  | 'unknown-conversation';

export interface ImportProblem {
  reason: ImportProblemReason;
  /** What exactly: the version found, the path of the bad field, the duplicated id. */
  detail: string;
}

export type ImportResult =
  | {
      imported: {
        conversations: number;
        messages: number;
        settings: boolean;
        /**
         * Providers whose stored API key was dropped: the file moved them to another host and
         * carried no key of its own, and a key never goes to a host the user did not set.
         */
        keysDropped?: string[];
      };
    }
  | { rejected: ImportProblem };

// A temporary chat is never stored, so never in a file: the flag is not part of the format.
const conversationSchema = z.omit(conversationRecordSchema, { temporary: true });
const finite = () => z.number().check(z.refine(Number.isFinite, 'expected a finite number'));

/**
 * Settings as they may appear in a backup: every part optional (an older file may lack some) but
 * each present field of the right type. The stored settings' own schema (settings.ts) forgives
 * damage by falling back to defaults; an import must not, so a wrong field is reported instead.
 */
const settingsSchema = z.object({
  providers: z.optional(settingsParts.providers),
  onboarded: z.optional(settingsParts.onboarded),
  defaultProviderId: z.optional(settingsParts.defaultProviderId),
  auto: z.optional(z.partial(settingsParts.auto)),
  ui: z.optional(z.partial(settingsParts.ui)),
  selection: z.optional(z.partial(settingsParts.selection)),
});

/** An image attachment's bytes: base64, no larger than the largest image a message may carry. */
const imageDataSchema = z.object({
  id: z.string().check(z.minLength(1)),
  data: z.string().check(
    z.maxLength(Math.ceil(ATTACHMENT_LIMITS.imageBytes / 3) * 4),
    z.regex(/^[A-Za-z0-9+/]*={0,2}$/, 'expected base64'),
    z.refine((data) => data.length % 4 === 0, 'expected base64'),
  ),
});
export type BackupImage = z.infer<typeof imageDataSchema>;

const backupSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.literal(BACKUP_VERSION),
  exportedAt: z.optional(finite()),
  settings: z.optional(settingsSchema),
  conversations: z.array(conversationSchema),
  messages: z.array(messageRecordSchema),
  images: z.optional(z.array(imageDataSchema)),
});

export type BackupSettings = z.infer<typeof settingsSchema>;

export interface Backup {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  exportedAt?: number;
  settings?: BackupSettings;
  conversations: ConversationRecord[];
  messages: MessageRecord[];
  /** Image attachments' bytes (base64), by attachment id. */
  images?: BackupImage[];
}

/** Parses and checks a backup file's text. Never throws. */
export function parseBackup(json: string): { backup: Backup } | { rejected: ImportProblem } {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    return reject('not-json', error instanceof Error ? error.message : String(error));
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return reject('not-a-backup', `expected an object, found ${describe(raw)}`);
  }
  const head = raw as { format?: unknown; version?: unknown };
  if (head.format !== BACKUP_FORMAT) {
    return reject('not-a-backup', `"format" is ${describe(head.format)}, not "${BACKUP_FORMAT}"`);
  }
  if (head.version !== BACKUP_VERSION) {
    return reject(
      'wrong-version',
      `${describe(head.version)} (this Parley reads ${BACKUP_VERSION})`,
    );
  }
  const parsed = backupSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? pathText(issue.path) : '';
    return reject(
      'wrong-shape',
      `${where || 'file'}: ${issue ? issueText(issue, raw) : 'invalid'}`,
    );
  }
  const backup = parsed.data as Backup;

  const conversationIds = new Set<string>();
  for (const conversation of backup.conversations) {
    if (conversationIds.has(conversation.id)) {
      return reject('duplicate-id', `conversation "${conversation.id}"`);
    }
    conversationIds.add(conversation.id);
  }
  const messageIds = new Set<string>();
  for (const [i, message] of backup.messages.entries()) {
    if (messageIds.has(message.id)) return reject('duplicate-id', `message "${message.id}"`);
    messageIds.add(message.id);
    if (!conversationIds.has(message.conversationId)) {
      return reject(
        'unknown-conversation',
        `messages[${i}] belongs to "${message.conversationId}", which the file does not contain`,
      );
    }
  }
  const images = new Set<string>();
  for (const image of backup.images ?? []) {
    if (images.has(image.id)) return reject('duplicate-id', `image "${image.id}"`);
    images.add(image.id);
  }
  for (const [i, message] of backup.messages.entries()) {
    for (const [j, attachment] of (message.attachments ?? []).entries()) {
      if (attachment.kind === 'image' && !images.has(attachment.id)) {
        return reject(
          'wrong-shape',
          `messages[${i}].attachments[${j}]: the file has no image data for "${attachment.id}"`,
        );
      }
    }
  }
  // Nothing streams an imported reply: one saved mid-stream is shown as interrupted.
  backup.messages = backup.messages.map((m) =>
    m.status === 'streaming' ? { ...m, status: 'interrupted' } : m,
  );
  return { backup };
}

/** A backup of these settings and records; API keys are left out unless `includeKeys`. */
export function buildBackup(
  settings: Settings,
  data: { conversations: ConversationRecord[]; messages: MessageRecord[]; images?: BackupImage[] },
  options: { includeKeys: boolean; now: number },
): Backup {
  const providers: Settings['providers'] = {};
  for (const [id, own] of Object.entries(settings.providers)) {
    const copy = { ...own };
    if (!options.includeKeys) delete copy.apiKey;
    providers[id] = copy;
  }
  return {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    exportedAt: options.now,
    settings: { ...settings, providers },
    // A temporary chat is never stored, so never exported; the flag is not part of the file.
    conversations: data.conversations.map(({ temporary: _temporary, ...rest }) => rest),
    messages: data.messages,
    ...(data.images && data.images.length > 0 ? { images: data.images } : {}),
  };
}

/**
 * The settings after importing `imported` over `current`: imported fields win; API keys the file
 * does not carry (an export without keys) are kept, so importing never silently drops a key —
 * unless the file moves that provider to another host: the stored key was given for the old one
 * and must never be sent to an address that came from a file. Such providers' ids are pushed to
 * `keysDropped`, for the import result to say so.
 */
export function mergeImportedSettings(
  current: Settings,
  imported: BackupSettings,
  keysDropped: string[] = [],
): Settings {
  const providers: Settings['providers'] = { ...current.providers };
  for (const [id, own] of Object.entries(imported.providers ?? {})) {
    const stored = current.providers[id];
    const sameHost = hostOf(own.baseUrl) === hostOf(stored?.baseUrl);
    const apiKey = own.apiKey ?? (sameHost ? stored?.apiKey : undefined);
    if (own.apiKey === undefined && !sameHost && stored?.apiKey) keysDropped.push(id);
    providers[id] = apiKey === undefined ? { ...own } : { ...own, apiKey };
  }
  return {
    providers,
    onboarded: imported.onboarded ?? current.onboarded,
    defaultProviderId: imported.defaultProviderId ?? current.defaultProviderId,
    auto: { ...current.auto, ...imported.auto },
    ui: { ...current.ui, ...imported.ui },
    selection: { ...current.selection, ...imported.selection },
  };
}

/** The origin a base URL points at ('' for the provider's default); the text itself if unparsable. */
function hostOf(baseUrl: string | undefined): string {
  const trimmed = baseUrl?.trim() ?? '';
  if (!trimmed) return '';
  try {
    return new URL(trimmed).origin;
  } catch {
    return trimmed.replace(/\/+$/, '');
  }
}

function reject(reason: ImportProblemReason, detail: string): { rejected: ImportProblem } {
  return { rejected: { reason, detail } };
}

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.slice(0, 40));
  if (typeof value === 'object') return 'an object';
  return String(value);
}

/**
 * zod/mini ships no message texts (to stay small); say what was expected and what was found. The
 * detail is technical on purpose (a path and a type), the UI puts the translated reason above it.
 */
function issueText(issue: z.core.$ZodIssue, root: unknown): string {
  const found = describeType(valueAt(root, issue.path));
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}, found ${found}`;
    case 'invalid_value':
      return `expected ${issue.values.length > 1 ? 'one of ' : ''}${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_small':
      return issue.origin === 'string'
        ? 'expected a non-empty string'
        : `expected at least ${String(issue.minimum)}`;
    default:
      return issue.message;
  }
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function describeType(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function pathText(path: readonly PropertyKey[]): string {
  return path
    .map((part, i) =>
      typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`,
    )
    .join('');
}
