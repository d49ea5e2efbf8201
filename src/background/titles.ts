// A conversation's title, from the words the user wrote: not the `>` markers of a quoted selection,
// not the fixed words of a prompt template ("Explain the following text in simple terms:"). The
// history lists it and the Markdown export makes it the heading.
import { VARIABLE_SPLIT } from '../shared/prompt-variables';

const TITLE_LENGTH = 80;

/**
 * The title for a conversation whose first message is `text`. `templates` are the prompt templates
 * the message may have been made from (built-in and the user's, with {{placeholders}}).
 */
export function titleFrom(text: string, templates: readonly string[] = []): string {
  const own = fromTemplate(text, templates) ?? text;
  return cut(oneLine(ownWords(own)) || oneLine(unquoted(own)) || oneLine(text));
}

/** What the user wrote besides a quote: lines that are not part of a `>` block. */
function ownWords(text: string): string {
  return text
    .split(/\r?\n/)
    .filter((line) => !/^\s*>/.test(line))
    .join('\n');
}

/** The quoted text itself, markers removed (a message that is only a quote). */
function unquoted(text: string): string {
  return text.replace(/^\s*>+ ?/gm, '');
}

/**
 * The part of `text` worth a title when a template made it: what the user added after the
 * template, else the page title it names, else the selection it holds. Undefined when no template
 * matches.
 */
function fromTemplate(text: string, templates: readonly string[]): string | undefined {
  for (const template of templates) {
    const match = templatePattern(template)?.exec(text.trim());
    if (!match?.groups) continue;
    const { rest = '', title = '', selection = '' } = match.groups;
    const best = [rest, title, selection].find((part) => part.trim() !== '');
    if (best !== undefined) return best;
  }
  return undefined;
}

/** The template as a pattern: its fixed words literal, each placeholder a capture. */
function templatePattern(template: string): RegExp | undefined {
  const parts = template.trim().split(VARIABLE_SPLIT);
  // A template that is nothing but placeholders says nothing to strip.
  if (!parts.some((part, i) => i % 2 === 0 && part.trim() !== '')) return undefined;
  // A template ending in a placeholder ends with it; otherwise the user may have typed on (the
  // page question's "My question: …").
  const endsInPlaceholder = parts.at(-1) === '';
  const seen = new Set<string>();
  const source = parts
    .map((part, i) => {
      if (i % 2 === 0) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
      const any = endsInPlaceholder && i === parts.length - 2 ? '[\\s\\S]*' : '[\\s\\S]*?';
      const name = part.replace(/[{}\s]/g, '');
      if (seen.has(name) || (name !== 'selection' && name !== 'title')) return any;
      seen.add(name);
      return `(?<${name}>${any})`;
    })
    .join('');
  return new RegExp(`^${source}${endsInPlaceholder ? '' : '\\s*(?<rest>[\\s\\S]*)'}$`);
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

const cut = (line: string) =>
  line.length > TITLE_LENGTH ? `${line.slice(0, TITLE_LENGTH - 1)}…` : line;
