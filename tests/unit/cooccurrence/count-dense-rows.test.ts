// The worker-thread counter's dense rows (count-pairs-wasm.ts: the most frequent words' rows added up
// in place instead of hashed) against the TypeScript count: the same CSR arrays bit for bit whether
// no row, some rows or every row is dense, on a generated corpus and on a slice of the bundled
// sample, and with the tables spilled to disk beside a dense block (the dense rows then make a run
// of their own). Flat windows count the dense rows in u32, the others in f64: both are checked.

import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CooccurrenceMatrix } from '../../../src/engine/cooccurrence/cooccurrence-matrix';
import type { WindowWeighting } from '../../../src/engine/cooccurrence/cooccurrence-options';
import { countCooccurrences } from '../../../src/engine/cooccurrence/count';
import { countPairsOnWorkers, countsAreWhole, denseRowsFor, splitRowsByPairs } from '../../../src/engine/cooccurrence/count-pairs-wasm';
import type { RemoveTokensOptions } from '../../../src/engine/cooccurrence/remove-tokens';
import { windowWeights } from '../../../src/engine/cooccurrence/window-weights';
import { prepareCorpus } from '../../../src/engine/corpus/prepare-corpus';
import { randomCorpus } from './reference';

const sample = resolve(import.meta.dirname, '../../../resources/sample/text8-sample.txt.gz');
const plenty = 2 ** 31;

function expectSameArrays(actual: CooccurrenceMatrix, expected: CooccurrenceMatrix): void {
  expect(actual.values.length).toBe(expected.values.length);
  expect(Buffer.from(actual.rowPointers.buffer).equals(Buffer.from(expected.rowPointers.buffer))).toBe(true);
  expect(Buffer.from(actual.columnIndices.buffer).equals(Buffer.from(expected.columnIndices.buffer))).toBe(true);
  expect(Buffer.from(actual.values.buffer).equals(Buffer.from(expected.values.buffer))).toBe(true);
  expect(Buffer.from(actual.rowSums.buffer).equals(Buffer.from(expected.rowSums.buffer))).toBe(true);
  expect(actual.total).toBe(expected.total);
}

async function countBoth(ids: Int32Array, size: number, window: number, weighting: WindowWeighting, oovMode: 'clean' | 'dirty', denseBytes: number, threads = 2) {
  const removal: RemoveTokensOptions = { keep: undefined, subsampleMode: 'clean', oovMode, seed: 1 };
  const workers = await countPairsOnWorkers(ids, removal, size, window, windowWeights(window, weighting), { threads, memoryBudgetBytes: plenty, denseBytes });
  const reference = await countCooccurrences(ids, size, { window, weighting, oovMode }, { threads: 0 });
  return { workers, reference };
}

describe('dense rows of the worker-thread counter', () => {
  it('sizes the dense block within its bytes and a quarter of the tables budget', () => {
    expect(denseRowsFor(1000, plenty, 0)).toBe(0);
    expect(denseRowsFor(1000, plenty, 80_000)).toBe(10);
    expect(denseRowsFor(1000, 320_000, 2 ** 24)).toBe(10);
    expect(denseRowsFor(1000, plenty, 2 ** 30)).toBe(1000);
  });

  it('counts the dense rows in u32 only for flat windows over fewer than 2^32 pairs', () => {
    expect(countsAreWhole(windowWeights(5, 'flat'), 2_000_000, 5)).toBe(true);
    expect(countsAreWhole(windowWeights(5, 'dyn'), 2_000_000, 5)).toBe(false);
    expect(countsAreWhole(windowWeights(5, 'harmonic'), 2_000_000, 5)).toBe(false);
    expect(countsAreWhole(windowWeights(1, 'harmonic'), 2_000_000, 1)).toBe(true);
    expect(countsAreWhole(windowWeights(5, 'flat'), 2 ** 30, 5)).toBe(false);
  });

  it('gives frequent rows a cheaper share when splitting rows between threads', () => {
    const ids = randomCorpus(50_000, 2_000, 4);
    const hashed = splitRowsByPairs(ids, 2_000, 2);
    const dense = splitRowsByPairs(ids, 2_000, 2, 100);
    expect(dense[0].high).toBeGreaterThan(hashed[0].high);
  });

  describe('on a generated corpus (Zipf-like, OOV tokens, sentence ends)', () => {
    const size = 3_000;
    const ids = randomCorpus(120_000, size, 21);
    // 0: every row hashed; 8 rows × V; 400 rows; every row dense.
    for (const denseBytes of [0, 8 * 8 * size, 400 * 8 * size, 8 * size * size]) {
      it(`counts like the TypeScript count with ${denseBytes / (8 * size)} dense rows`, async () => {
        for (const [weighting, oovMode] of [
          ['flat', 'dirty'],
          ['dyn', 'clean'],
        ] as const) {
          const { workers, reference } = await countBoth(ids, size, 5, weighting, oovMode, denseBytes);
          expectSameArrays(workers, reference);
        }
      });
    }

    it('counts like the TypeScript count on one and on three threads with dense rows', async () => {
      for (const threads of [1, 3]) {
        const { workers, reference } = await countBoth(ids, size, 4, 'harmonic', 'clean', 50 * 8 * size, threads);
        expectSameArrays(workers, reference);
      }
    });
  });

  describe('on a slice of the sample corpus', () => {
    let ids: Int32Array;
    let size: number;
    beforeAll(async () => {
      const prepared = await prepareCorpus(sample, { tokenPattern: 'whitespace', minCount: 5 });
      ids = prepared.ids.slice(0, 150_000);
      size = prepared.vocabulary.words.length;
    });

    it('counts like the TypeScript count with and without dense rows', async () => {
      for (const denseBytes of [0, 30 * 8 * size]) {
        const { workers, reference } = await countBoth(ids, size, 5, 'flat', 'dirty', denseBytes);
        expectSameArrays(workers, reference);
      }
    });

    it('spills its tables beside a dense block under a tiny budget and merges to the same counts', async () => {
      const folder = mkdtempSync(join(tmpdir(), 'firth-dense-spill-test-'));
      try {
        const slice = ids.subarray(0, 40_000);
        const reference = await countCooccurrences(slice, size, { window: 5, weighting: 'flat', oovMode: 'dirty' }, { threads: 0 });
        const memoryBudgetBytes = 2 * (size * 64 + (1 << 21) + 2 * 16 * 2 ** 12) + reference.values.length * 28;
        const tableBudget = memoryBudgetBytes / 2 - size * 64 - (1 << 21);
        expect(denseRowsFor(size, tableBudget)).toBeGreaterThan(0);
        const phases = new Set<string>();
        const removal: RemoveTokensOptions = { keep: undefined, subsampleMode: 'clean', oovMode: 'dirty', seed: 1 };
        const spilled = await countPairsOnWorkers(
          slice,
          removal,
          size,
          5,
          windowWeights(5, 'flat'),
          { threads: 2, memoryBudgetBytes, temporaryFolder: folder },
          { onProgress: (progress) => phases.add(progress.phase) },
        );
        expect(phases.has('merge')).toBe(true);
        expect(readdirSync(folder)).toEqual([]);
        expectSameArrays(spilled, reference);
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    });
  });
});
