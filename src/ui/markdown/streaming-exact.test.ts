// @vitest-environment node
// Streaming-exact: whatever the chunking, a finished reply renders exactly as a one-shot render of
// the same text. The examples are the CommonMark 0.31.2 spec's (the `commonmark-spec` package) and
// the GFM extension examples (tests/fixtures/gfm-extension-examples.json, from cmark-gfm; its
// source is named inside). `npm test` streams every example in one chunking each (rotating through
// deltas of 1, 3, 7 and seeded random sizes); PARLEY_SWEEP=full streams each in all of them, at
// every single split point and under several random seeds (`npm run test:sweep`).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import commonmark from 'commonmark-spec';
import { markdownToMarkup } from './render-html';
import { fixedCuts, randomCuts, streamedMarkup } from './stream-replay';

interface Example {
  name: string;
  markdown: string;
}

const gfm = JSON.parse(
  readFileSync(
    resolve(import.meta.dirname, '../../../tests/fixtures/gfm-extension-examples.json'),
    'utf8',
  ),
) as {
  spec: { section: string; markdown: string }[];
  extensions: { section: string; markdown: string }[];
};

const EXAMPLES: Example[] = [
  ...commonmark.tests.map((t) => ({
    name: `CommonMark ${t.number} (${t.section})`,
    markdown: t.markdown,
  })),
  ...gfm.spec.map((t, i) => ({
    name: `GFM extension ${i + 1} (${t.section})`,
    markdown: t.markdown,
  })),
  ...gfm.extensions.map((t, i) => ({
    name: `cmark-gfm extensions.txt ${i + 1} (${t.section})`,
    markdown: t.markdown,
  })),
];

const FULL = process.env.PARLEY_SWEEP === 'full';

type Chunking = { label: string; cuts: (length: number) => number[] };
const CHUNKINGS: Chunking[] = [
  { label: 'deltas of 1', cuts: (n) => fixedCuts(n, 1) },
  { label: 'deltas of 3', cuts: (n) => fixedCuts(n, 3) },
  { label: 'deltas of 7', cuts: (n) => fixedCuts(n, 7) },
  { label: 'random deltas (seed 1)', cuts: (n) => randomCuts(n, 1) },
];

/** Every chunking the full sweep tries for a text of `length` characters. */
function fullChunkings(length: number): Chunking[] {
  const splits = Array.from({ length: Math.max(0, length - 1) }, (_, i) => ({
    label: `split at ${i + 1}`,
    cuts: () => [i + 1],
  }));
  const seeds = Array.from({ length: 8 }, (_, seed) => ({
    label: `random deltas (seed ${seed + 2})`,
    cuts: (n: number) => randomCuts(n, seed + 2, 1 + (seed % 4) * 5),
  }));
  return [...CHUNKINGS, ...seeds, ...splits];
}

describe('streaming-exact rendering of the spec examples', () => {
  it('has the examples it claims', () => {
    expect(commonmark.tests).toHaveLength(652);
    expect(gfm.spec.length).toBe(24);
  });

  it(
    FULL
      ? 'renders every example streamed in every chunking exactly as in one shot'
      : 'renders every example streamed in one chunking each exactly as in one shot',
    { timeout: FULL ? 600_000 : 10_000 },
    () => {
      const failures: string[] = [];
      EXAMPLES.forEach((example, index) => {
        const { markdown } = example;
        const oneShot = markdownToMarkup(markdown);
        const chunkings = FULL
          ? fullChunkings(markdown.length)
          : [CHUNKINGS[index % CHUNKINGS.length]!];
        for (const chunking of chunkings) {
          const cuts = chunking.cuts(markdown.length);
          const streamed = streamedMarkup(markdown, cuts);
          if (streamed !== oneShot) {
            failures.push(
              `${example.name}, ${chunking.label}: ${JSON.stringify(markdown)}\n  one shot: ${JSON.stringify(oneShot)}\n  streamed: ${JSON.stringify(streamed)}`,
            );
            break;
          }
        }
      });
      expect(failures, failures.join('\n')).toEqual([]);
    },
  );
});
