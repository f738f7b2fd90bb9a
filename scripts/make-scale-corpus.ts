// Writes a large corpus made from the benchmark corpus for `npm run bench -- scale`: the benchmark
// text cut into chunks of 1,000 words, the chunks dealt in a seeded random order (a new shuffle
// each round) as one chunk per line, until the file reaches the size asked for. Same vocabulary and
// word frequencies as the benchmark corpus, new neighbours at every chunk boundary.
//
//   tsx scripts/make-scale-corpus.ts [--out /tmp/firth-scale-1g.txt] [--size-mb 1024] [--seed 1]

import { closeSync, existsSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { createXoshiro128 } from '../src/engine/random/xoshiro128';
import { textOption, wholeNumberOption } from './bench-options';

const chunkWords = 1000;

export function makeScaleCorpus(source: string, out: string, sizeBytes: number, seed: number): void {
  if (!existsSync(source)) throw new Error(`the benchmark corpus is missing: ${source}`);
  const words = gunzipSync(readFileSync(source)).toString('utf8').split(/\s+/).filter((word) => word.length > 0);
  const chunks: string[] = [];
  for (let start = 0; start < words.length; start += chunkWords) chunks.push(`${words.slice(start, start + chunkWords).join(' ')}\n`);
  const random = createXoshiro128(seed);
  const order = chunks.map((_, index) => index);
  const partial = `${out}.partial`;
  const descriptor = openSync(partial, 'w');
  let written = 0;
  try {
    while (written < sizeBytes) {
      for (let index = order.length - 1; index > 0; index--) {
        const other = Math.floor(random.nextFloat() * (index + 1));
        [order[index], order[other]] = [order[other], order[index]];
      }
      // One round's text in one write: a few MB.
      const round = Buffer.from(order.map((index) => chunks[index]).join(''));
      const bytes = Math.min(round.length, sizeBytes - written);
      writeSync(descriptor, round, 0, bytes);
      written += bytes;
      process.stderr.write(`\rmake-scale-corpus: ${(written / 2 ** 20).toFixed(0)} / ${(sizeBytes / 2 ** 20).toFixed(0)} MB`);
    }
  } finally {
    closeSync(descriptor);
  }
  process.stderr.write('\n');
  renameSync(partial, out);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = textOption('--out', '/tmp/firth-scale-1g.txt');
  makeScaleCorpus(
    resolve(import.meta.dirname, '../../shared/data/text8_prefix.txt.gz'),
    out,
    wholeNumberOption('--size-mb', 1024) * 2 ** 20,
    wholeNumberOption('--seed', 1),
  );
  console.log(`wrote ${out}`);
}
