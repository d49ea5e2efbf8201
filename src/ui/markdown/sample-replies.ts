// Markdown replies used by the renderer's tests and benchmark: what models really send (mixed
// prose, lists, fenced code, tables) plus the constructs where block boundaries are subtle.

/** Documents whose block boundaries are easy to get wrong while the text grows. */
export const TRICKY_REPLIES: readonly string[] = [
  'Plain paragraph\nwith a second line\n\nAnd another paragraph.',
  'Here is code:\n```js\nconst a = 1;\n\nconsole.log(a);\n```\nAfter the code.\n',
  'Title\n=====\n\nSub\n---\ntext under\n',
  'para\n- item one\n- item two\n\n  continued item two\n\n- item three\n\nafter list\n',
  '1. first\n2. second\n\n   ```bash\n   npm test\n   ```\n3. third\n\nend',
  '| a | b |\n|---|:-:|\n| 1 | 2 |\n| 3 | 4 |\nnot a row?\n\nafter table\n',
  '> quote line\nlazy continuation\n\n> second quote\n\nplain\n',
  '[docs]: https://example.com/docs\n\nSee [the docs][docs] and [not defined][nope].\n\n[again]: <https://example.com/a> "A"\n\n[again] and [Docs].\n',
  '    indented code\n\n    more indented\n\nparagraph\n',
  '- [ ] todo\n- [x] done\n\n~~struck~~ and **bold** and *em* and `code`\n',
  '<div onclick="alert(1)">\nraw html block\n</div>\n\n<script>alert(1)</script>\n\ntext <b>inline</b> tag\n',
  '***\n\n# Heading\nparagraph right after heading\n## Another\n',
  '~~~python\ndef f():\n    return 1\n~~~\n\n````\n```\nnested fence\n```\n````\n',
  'Windows\r\nline endings\r\n\r\n- a\r\n- b\r\n',
  'A line with trailing spaces  \nhard break, and an autolink https://example.com/x.\n',
  // Growing quotes and fences (live-container.ts): blocks, lists and code inside a quote, a
  // reference defined before it, nested quotes, an indented fence, a fence closed at the very end.
  '[1]: https://example.com/one\n\n> A quote with **bold**\n> and more [one][1]\n>\n> - a list\n> - in it\n>\n> ```js\n> code();\n> ```\n> > nested\n> > quote\n> back out\n\nafter\n',
  '  ```ts\n  const a = 1;\n      deeper();\n no indent\n\n  ```\n\n~~~\nx\n\n~~~~\nbetween\n```\nlast\n```',
];

/** A realistic long reply of about `length` characters, built from varied sections. */
export function longReply(length: number): string {
  const sections: string[] = [];
  let size = 0;
  for (let i = 0; size < length; i++) {
    const section = SECTIONS[i % SECTIONS.length]!(i);
    sections.push(section);
    size += section.length;
  }
  return sections.join('').slice(0, length);
}

const SECTIONS: Array<(i: number) => string> = [
  (i) =>
    `## Step ${i}: reading the configuration\n\nThe loader reads **settings** from \`storage.local\`, validates them with a schema, and falls back to defaults for any field it cannot parse. See [the guide](https://example.com/guide/${i}) for details; the *important* part is that nothing throws.\n\n`,
  (i) =>
    `\`\`\`ts\nexport function load${i}(raw: unknown): Settings {\n  const parsed = schema.safeParse(raw ?? {});\n  if (!parsed.success) return defaults();\n  return { ...defaults(), ...parsed.data, version: ${i} };\n}\n\`\`\`\n\n`,
  (i) =>
    `Things to check:\n\n- the base URL ends without a slash (${i})\n- the key is **never** logged\n- [x] timeouts are per request\n- [ ] retries back off\n\n`,
  (i) =>
    `| option | default | note |\n|---|---|---|\n| timeout | ${i * 10} ms | per request |\n| retries | 2 | exponential |\n| model | auto | from the registry |\n\n`,
  (i) =>
    `> Note ${i}: a popup closes when it loses focus, so the background owns every reply.\n\n1. Open the port.\n2. Send \`chat-send\`.\n3. Watch the parts stream in.\n\n`,
  (i) =>
    `\`\`\`python\ndef retry_${i}(fn, attempts=3):\n    for n in range(attempts):\n        try:\n            return fn()\n        except TimeoutError:\n            continue\n    raise RuntimeError("gave up")\n\`\`\`\n\n`,
];
