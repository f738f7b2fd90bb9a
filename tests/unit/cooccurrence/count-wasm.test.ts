// The WebAssembly counter on worker threads (count-pairs-wasm.ts) against the TypeScript count it
// replaces (threads: 0): identical CSR arrays, bit for bit, on a slice of the bundled sample corpus,
// for every weighting, subsampling and OOV mode; and the same with the tables spilled to disk under
// a tiny memory budget (spill-counts.ts).

import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CooccurrenceMatrix } from '../../../src/engine/cooccurrence/cooccurrence-matrix';
import type { CooccurrenceOptions } from '../../../src/engine/cooccurrence/cooccurrence-options';
import { countCooccurrences } from '../../../src/engine/cooccurrence/count';
import { splitRowsByPairs } from '../../../src/engine/cooccurrence/count-pairs-wasm';
import { SpillFolder } from '../../../src/engine/cooccurrence/spill-counts';
import { prepareCorpus } from '../../../src/engine/corpus/prepare-corpus';
import { FirthError } from '../../../src/shared/errors';
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
  let whole: Int32Array;
  let vocabularySize: number;
  beforeAll(async () => {
    const prepared = await prepareCorpus(sample, { tokenPattern: 'whitespace', minCount: 5 });
    // With sentence ends in it, so windows are cut there too.
    whole = prepared.ids.slice();
    for (let position = 9_999; position < whole.length; position += 10_000) whole[position] = -2;
    ids = whole.slice(0, 200_000);
    vocabularySize = prepared.vocabulary.words.length;
  });

  it('counts the whole sample corpus, several slices of the stream, like the TypeScript count (subsampled, OOV deleted)', async () => {
    expect(whole.length).toBeGreaterThan(1 << 19);
    const options = { window: 5, weighting: 'dyn', subsample: 1e-4, subsampleMode: 'dirty', oovMode: 'dirty', seed: 9 } as const;
    expectIdentical(await countCooccurrences(whole, vocabularySize, options, { threads: 2 }), await countCooccurrences(whole, vocabularySize, options, { threads: 0 }));
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

describe('co-occurrence counting beyond the memory budget (spill to disk)', () => {
  let ids: Int32Array;
  let longer: Int32Array;
  let vocabularySize: number;
  beforeAll(async () => {
    const prepared = await prepareCorpus(sample, { tokenPattern: 'whitespace', minCount: 5 });
    ids = prepared.ids.slice(0, 40_000);
    longer = prepared.ids.slice(0, 200_000);
    vocabularySize = prepared.vocabulary.words.length;
  });

  it('spills sorted runs under a tiny budget, merges them to the same counts, and removes its files', async () => {
    const temporaryFolder = mkdtempSync(join(tmpdir(), 'firth-spill-test-'));
    try {
      for (const options of [
        { window: 5, weighting: 'flat', oovMode: 'dirty' },
        { window: 3, weighting: 'dyn', subsample: 1e-3, seed: 2 },
      ] satisfies Array<Partial<CooccurrenceOptions>>) {
        const reference = await countCooccurrences(ids, vocabularySize, options, { threads: 0 });
        const phases = new Set<string>();
        // Tables of a few thousand slots: every thread spills many times.
        const memoryBudgetBytes = 2 * (vocabularySize * 64 + (1 << 21) + 2 * 16 * 2 ** 12) + reference.values.length * 28;
        const spilled = await countCooccurrences(ids, vocabularySize, options, {
          threads: 2,
          memoryBudgetBytes,
          temporaryFolder,
          onProgress: (progress) => phases.add(progress.phase),
        });
        expect(phases.has('merge')).toBe(true);
        expect(readdirSync(temporaryFolder)).toEqual([]);
        if (options.weighting === 'flat') expectIdentical(spilled, reference);
        else {
          // Partial sums from several runs add up in another order: equal to rounding.
          expect([...spilled.rowPointers]).toEqual([...reference.rowPointers]);
          expect([...spilled.columnIndices]).toEqual([...reference.columnIndices]);
          let worst = 0;
          for (let cell = 0; cell < reference.values.length; cell++) worst = Math.max(worst, Math.abs(spilled.values[cell] - reference.values[cell]) / reference.values[cell]);
          expect(worst).toBeLessThan(1e-12);
        }
      }
    } finally {
      rmSync(temporaryFolder, { recursive: true, force: true });
    }
  });

  it('refuses, naming the numbers, a budget too small for the vocabulary or for the matrix', async () => {
    await expect(countCooccurrences(ids, vocabularySize, { window: 5 }, { threads: 2, memoryBudgetBytes: 1 << 20 })).rejects.toThrow(
      /memory budget of 0\.001 GB is too small .* vocabulary of [\d,]+ words on 2 threads: at least [\d.]+ GB/,
    );
    await expect(countCooccurrences(longer, vocabularySize, { window: 5 }, { threads: 2, memoryBudgetBytes: 12 << 20 })).rejects.toThrow(
      /co-occurrence matrix has [\d,]+ cells .* need about [\d.]+ GB, more than the memory budget of 0\.012 GB/,
    );
  });

  it('reports a spill file it cannot write as a file-system error and removes its folder', () => {
    const folder = new SpillFolder(tmpdir());
    rmSync(folder.path, { recursive: true, force: true });
    const cells = { rows: Uint32Array.of(0), columns: Uint32Array.of(1), values: Float64Array.of(1), length: 1 };
    expect(() => folder.writeRun(cells, 2)).toThrow(FirthError);
    expect(() => folder.writeRun(cells, 2)).toThrow(/could not write .*run-00000\.bin/);
    expect(existsSync(folder.path)).toBe(false);
  });
});
