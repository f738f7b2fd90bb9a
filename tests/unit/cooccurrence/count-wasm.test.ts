// The WebAssembly counter on worker threads (count-pairs-wasm.ts) against the TypeScript count it
// replaces (threads: 0): identical CSR arrays, bit for bit, on a slice of the bundled sample corpus,
// for every weighting, subsampling and OOV mode.

import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CooccurrenceMatrix } from '../../../src/engine/cooccurrence/cooccurrence-matrix';
import type { CooccurrenceOptions } from '../../../src/engine/cooccurrence/cooccurrence-options';
import { countCooccurrences } from '../../../src/engine/cooccurrence/count';
import { splitRowsByPairs } from '../../../src/engine/cooccurrence/count-pairs-wasm';
import { prepareCorpus } from '../../../src/engine/corpus/prepare-corpus';
import { randomCorpus } from './reference';

const sample = resolve(import.meta.dirname, '../../../resources/sample/text8-sample.txt.gz');

function expectIdentical(actual: CooccurrenceMatrix, expected: CooccurrenceMatrix): void {
  expect(actual.rows).toBe(expected.rows);
  expect(actual.values.length).toBe(expected.values.length);
  // Whole-array equality on typed arrays reports the first difference without printing millions of cells.
  expect(Buffer.from(actual.rowPointers.buffer).equals(Buffer.from(expected.rowPointers.buffer))).toBe(true);
  expect(Buffer.from(actual.columnIndices.buffer).equals(Buffer.from(expected.columnIndices.buffer))).toBe(true);
  expect(Buffer.from(actual.values.buffer).equals(Buffer.from(expected.values.buffer))).toBe(true);
  expect(Buffer.from(actual.rowSums.buffer).equals(Buffer.from(expected.rowSums.buffer))).toBe(true);
  let largestColumnSumError = 0;
  for (let column = 0; column < expected.columns; column++) {
    largestColumnSumError = Math.max(largestColumnSumError, Math.abs(actual.columnSums[column] - expected.columnSums[column]) / expected.columnSums[column] || 0);
  }
  expect(largestColumnSumError).toBeLessThan(1e-12);
  expect(actual.total).toBe(expected.total);
}

describe('co-occurrence counting on worker threads (WebAssembly)', () => {
  let ids: Int32Array;
  let vocabularySize: number;
  beforeAll(async () => {
    const prepared = await prepareCorpus(sample, { tokenPattern: 'whitespace', minCount: 5 });
    // A slice with sentence ends in it, so windows are cut there too.
    ids = prepared.ids.slice(0, 200_000);
    for (let position = 9_999; position < ids.length; position += 10_000) ids[position] = -2;
    vocabularySize = prepared.vocabulary.words.length;
  });

  const cases: Array<Partial<CooccurrenceOptions>> = [
    { window: 5, weighting: 'flat', oovMode: 'dirty' },
    { window: 5, weighting: 'flat', oovMode: 'clean' },
    { window: 5, weighting: 'dyn', oovMode: 'dirty' },
    { window: 10, weighting: 'harmonic', oovMode: 'clean' },
    { window: 2, weighting: 'flat', subsample: 1e-3, subsampleMode: 'clean', seed: 3 },
    { window: 4, weighting: 'dyn', subsample: 1e-4, subsampleMode: 'dirty', oovMode: 'dirty', seed: 5 },
  ];
  for (const options of cases) {
    it(`gives the TypeScript count's CSR bit for bit: ${JSON.stringify(options)}`, async () => {
      const reference = await countCooccurrences(ids, vocabularySize, options, { threads: 0 });
      for (const threads of [1, 2, 3]) expectIdentical(await countCooccurrences(ids, vocabularySize, options, { threads }), reference);
    });
  }

  it('grows its tables when a corpus has far more distinct pairs than expected', async () => {
    // Near-uniform ids over a large vocabulary: almost every pair is new, 4× the estimate the tables start from.
    const size = 50_000;
    const uniform = randomCorpus(200_000, size, 11).map((id) => (id >= 0 ? (id * 7919) % size : id));
    const reference = await countCooccurrences(uniform, size, { window: 8, weighting: 'dyn', oovMode: 'clean' }, { threads: 0 });
    expectIdentical(await countCooccurrences(uniform, size, { window: 8, weighting: 'dyn', oovMode: 'clean' }, { threads: 2 }), reference);
  });

  it('splits rows into contiguous ranges that cover the vocabulary, the frequent words in the first', () => {
    const ranges = splitRowsByPairs(ids, vocabularySize, 3);
    expect(ranges[0].low).toBe(0);
    expect(ranges.at(-1)!.high).toBe(vocabularySize);
    for (let index = 1; index < ranges.length; index++) expect(ranges[index].low).toBe(ranges[index - 1].high);
    expect(ranges[0].high).toBeLessThan(vocabularySize / 10);
  });
});
