// What Chrome does to a fetch() from the extension's service worker, for unit tests: it adds
// `Origin: chrome-extension://<id>` to the request (so origin-checking servers such as Ollama
// answer 403), then the declarativeNetRequest session rules the background installed modify the
// headers (docs/design.md, "Headers and cookies"). Rules are applied as `modifyHeaders` does: `set`
// replaces, `remove` drops.
import type { HeaderRule } from '../../src/providers/types';

export function extensionFetch(
  options: { extensionId?: string; rules?: readonly HeaderRule[]; inner?: typeof fetch } = {},
): typeof fetch {
  const inner = options.inner ?? fetch;
  return (input, init) => {
    const headers = new Headers(init?.headers);
    headers.set(
      'origin',
      `chrome-extension://${options.extensionId ?? 'abcdefghijklmnopabcdefghijklmnop'}`,
    );
    for (const rule of options.rules ?? []) {
      if (rule.operation === 'set') headers.set(rule.header, rule.value);
      else headers.delete(rule.header);
    }
    return inner(input, { ...init, headers });
  };
}
