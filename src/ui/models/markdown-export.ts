// One conversation as a Markdown document, for "Export as Markdown". Replies are Markdown already
// and go in as they are; each message gets a heading naming its author (and the provider that
// answered). Labels are passed in, so the file is in the UI's language.
import type { ConversationRecord, MessageRecord } from '../../shared/protocol';
import { shownMessages } from '../../shared/reply-versions';

export interface MarkdownLabels {
  user: string;
  assistant: string;
  system: string;
  /** "via Acytoo" */
  via(providerName: string): string;
  providerName(id: string): string;
  date(ms: number): string;
}

export function conversationMarkdown(
  conversation: ConversationRecord,
  messages: readonly MessageRecord[],
  labels: MarkdownLabels,
): string {
  const lines = [
    `# ${oneLine(conversation.title)}`,
    '',
    `_${labels.date(conversation.createdAt)}_`,
  ];
  if (conversation.context) {
    lines.push('', `<${conversation.context.pageUrl}>`);
  }
  // The conversation as it reads: the version shown of each reply (the backup keeps them all).
  for (const message of shownMessages(messages)) {
    const author =
      message.role === 'user'
        ? labels.user
        : message.role === 'system'
          ? labels.system
          : labels.assistant;
    const via =
      message.role === 'assistant' && message.providerId
        ? ` (${labels.via(labels.providerName(message.providerId))})`
        : '';
    lines.push('', `## ${author}${via}`, '', message.text.trimEnd());
  }
  return `${lines.join('\n')}\n`;
}

/** A file name from a title: letters, digits, dashes; never empty. */
export function markdownFileName(title: string): string {
  const base = title
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${base || 'conversation'}.md`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
