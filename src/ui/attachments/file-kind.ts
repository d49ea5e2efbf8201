// Which kind of attachment a file is: by MIME type where the browser knows one, else by the
// file name's extension (source files often come with an empty or odd type).

export type FileKind = 'image' | 'pdf' | 'text' | 'unsupported';

/** Images every image-taking provider decodes (OpenAI, Anthropic and Gemini list these). */
const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/webp', 'image/gif', 'image/bmp']);
const IMAGE_EXTENSIONS = new Set(['png', 'jpg', 'jpeg', 'webp', 'gif', 'bmp']);

/** Plain-text formats read as document parts: prose, data and source code. */
export const TEXT_EXTENSIONS = new Set([
  'txt', 'text', 'md', 'markdown', 'mdx', 'rst', 'adoc', 'org', 'tex', 'log',
  'csv', 'tsv', 'json', 'jsonl', 'ndjson', 'yaml', 'yml', 'toml', 'ini', 'cfg', 'conf', 'env',
  'xml', 'html', 'htm', 'css', 'scss', 'sass', 'less', 'svg',
  'js', 'mjs', 'cjs', 'jsx', 'ts', 'mts', 'cts', 'tsx', 'vue', 'svelte', 'astro',
  'py', 'pyi', 'rb', 'php', 'pl', 'pm', 'lua', 'r', 'jl', 'dart', 'ex', 'exs', 'erl', 'hs',
  'c', 'h', 'cc', 'cpp', 'cxx', 'hpp', 'hh', 'm', 'mm', 'cs', 'fs', 'java', 'kt', 'kts', 'scala',
  'groovy', 'gradle', 'go', 'rs', 'swift', 'zig', 'nim', 'sql', 'graphql', 'gql', 'proto',
  'sh', 'bash', 'zsh', 'fish', 'ps1', 'bat', 'cmd', 'mk', 'cmake', 'dockerfile', 'tf', 'hcl',
  'diff', 'patch', 'srt', 'vtt', 'bib',
]); // prettier-ignore

/** Names without an extension that are text by convention. */
const TEXT_NAMES = new Set(['makefile', 'dockerfile', 'readme', 'license', 'changelog']);

const TEXT_TYPES = new Set([
  'application/json',
  'application/xml',
  'application/javascript',
  'application/x-sh',
  'application/sql',
  'application/x-yaml',
  'application/toml',
]);

export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

export function fileKind(file: { name: string; type: string }): FileKind {
  const type = file.type.toLowerCase().split(';')[0]!.trim();
  const ext = extensionOf(file.name);
  if (IMAGE_TYPES.has(type) || (!type && IMAGE_EXTENSIONS.has(ext))) return 'image';
  if (type === 'application/pdf' || ext === 'pdf') return 'pdf';
  if (type.startsWith('text/') || TEXT_TYPES.has(type) || TEXT_EXTENSIONS.has(ext)) return 'text';
  if (!ext && TEXT_NAMES.has(file.name.toLowerCase())) return 'text';
  return 'unsupported';
}

/** The file input's `accept`: every kind above (the picker still shows "All files"). */
export const ACCEPT = [
  ...IMAGE_TYPES,
  'application/pdf',
  'text/*',
  ...TEXT_TYPES,
  ...[...TEXT_EXTENSIONS].map((e) => `.${e}`),
].join(',');
