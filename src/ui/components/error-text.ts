// The UI switches on error codes, never on message text: each code has its own localized sentence
// naming the provider; the provider's own words stay available under "Details".
import { ERROR_CODES, type ErrorCode, type WireError } from '../../shared/errors';
import type { MessageKey } from '../../shared/i18n';

export const ERROR_KEYS = Object.fromEntries(
  ERROR_CODES.map((code) => [code, `error_${code.replace(/-/g, '_')}` as MessageKey]),
) as Record<ErrorCode, MessageKey>;

const HTML = /^\s*(<!doctype html|<html[\s>]|<head[\s>]|<body[\s>])|<title[\s>]/i;

/**
 * What the service itself said, short enough for the notice: its own error text, or for an HTML
 * error page (a proxy's 502, a login page) the status and the page's title — the raw page stays
 * under Details. Shown as text, never as markup.
 */
export function serviceSaid(error: WireError): string | undefined {
  if (error.said?.trim()) return error.said.trim();
  if (!error.detail || !HTML.test(error.detail)) return undefined;
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(error.detail)?.[1];
  const text = title ? decodeEntities(title).replace(/\s+/g, ' ').trim().slice(0, 160) : '';
  const status = error.status === undefined ? '' : `HTTP ${error.status}`;
  return [status, text].filter(Boolean).join(' — ') || undefined;
}

function decodeEntities(text: string): string {
  const named: Record<string, string> = {
    amp: '&',
    lt: '<',
    gt: '>',
    quot: '"',
    apos: "'",
    nbsp: ' ',
  };
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code =
        name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1));
      return Number.isFinite(code) && code > 0 && code < 0x110000
        ? String.fromCodePoint(code)
        : whole;
    }
    return named[name.toLowerCase()] ?? whole;
  });
}

/** Auto's "every provider failed" error: one `<Name>: <what>` line per provider tried. */
export function autoFailureLines(error: WireError): string[] {
  return error.message
    .split('\n')
    .slice(1)
    .filter((line) => line.trim() !== '');
}
