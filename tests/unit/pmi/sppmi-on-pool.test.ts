// SPPMI made on the counting threads (pmi/sppmi-on-pool.ts via count.ts's countCooccurrencesForSppmi)
// against the TypeScript count and sppmi.ts: the same matrix bit for bit (row pointers, columns,
// f32 values) on the bundled sample corpus and on generated data, for α 1 and 0.75, k 1 and 5, 1 and
// 3 threads, flat and harmonic windows; N itself where the SPPMI matrix may not fit beside it or the
// counts spilled; progress in phase 'sppmi'; cancellation during it. On a V8 build that fuses a·b + c
// (not x64's) Math.log1p may differ from the port in the last bit of a double: there the values may
// differ by 1 float32 ulp (the kept cells never differ: they are decided by products, not by log1p).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CooccurrenceMatrix } from '../../../src/engine/cooccurrence/cooccurrence-matrix';
import type { WindowWeighting } from '../../../src/engine/cooccurrence/cooccurrence-options';
import { countCooccurrences, countCooccurrencesForSppmi } from '../../../src/engine/cooccurrence/count';
import { countSppmiOnWorkers, type CountsOrSppmi } from '../../../src/engine/cooccurrence/count-pairs-wasm';
import { windowWeights } from '../../../src/engine/cooccurrence/window-weights';
import type { CsrMatrix } from '../../../src/engine/compute/csr';
import { prepareCorpus } from '../../../src/engine/corpus/prepare-corpus';
import { splitRowsByCells } from '../../../src/engine/pmi/sppmi-on-pool';
import { sppmi } from '../../../src/engine/pmi/sppmi';
import { randomCorpus } from '../cooccurrence/reference';

const sample = resolve(import.meta.dirname, '../../../resources/sample/text8-sample.txt.gz');
const plenty = 2 ** 31;
const exact = process.arch === 'x64';

function bytesOf(array: ArrayBufferView): Buffer {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength);
}

function expectSameSppmi(actual: CsrMatrix, expected: CsrMatrix): void {
  expect(actual.rows).toBe(expected.rows);
  expect(actual.columns).toBe(expected.columns);
  expect(bytesOf(actual.rowPointers).equals(bytesOf(expected.rowPointers))).toBe(true);
  expect(bytesOf(actual.columnIndices).equals(bytesOf(expected.columnIndices))).toBe(true);
  if (exact) {
    expect(bytesOf(actual.values).equals(bytesOf(expected.values))).toBe(true);
    return;
  }
  const ulps = new Int32Array(actual.values.buffer, actual.values.byteOffset, actual.values.length);
  const expectedUlps = new Int32Array(expected.values.buffer, expected.values.byteOffset, expected.values.length);
  let far = 0;
  for (let cell = 0; cell < ulps.length; cell++) if (Math.abs(ulps[cell] - expectedUlps[cell]) > 1) far++;
  expect(far).toBe(0);
}

function expectSameCounts(actual: CooccurrenceMatrix, expected: CooccurrenceMatrix): void {
  expect(bytesOf(actual.rowPointers).equals(bytesOf(expected.rowPointers))).toBe(true);
  expect(bytesOf(actual.columnIndices).equals(bytesOf(expected.columnIndices))).toBe(true);
  expect(bytesOf(actual.values).equals(bytesOf(expected.values))).toBe(true);
  expect(bytesOf(actual.rowSums).equals(bytesOf(expected.rowSums))).toBe(true);
}

function sppmiOf(result: CountsOrSppmi): { sppmi: CsrMatrix; cells: number } {
  if ('counts' in result) throw new Error('expected SPPMI made on the threads, got the counts');
  return result;
}

/** Every combination the brief names: α × k × threads × weighting, against count.ts (TypeScript) + sppmi.ts. */
async function expectEveryCombination(ids: Int32Array, size: number, window: number): Promise<void> {
  for (const weighting of ['flat', 'harmonic'] satisfies WindowWeighting[]) {
    const counts = await countCooccurrences(ids, size, { window, weighting }, { threads: 0 });
    for (const cds of [1, 0.75]) {
      for (const shiftK of [1, 5]) {
        const expected = await sppmi(counts, { cds, shiftK });
        expect(expected.values.length).toBeGreaterThan(0);
        for (const threads of [1, 3]) {
          const made = sppmiOf(await countCooccurrencesForSppmi(ids, size, { window, weighting }, { cds, shiftK }, { threads, memoryBudgetBytes: plenty }));
          expect(made.cells).toBe(counts.values.length);
          expectSameSppmi(made.sppmi, expected);
        }
      }
    }
  }
}

describe('SPPMI on the counting threads', () => {
  it('splits the rows into contiguous ranges, each thread about the same number of cells', () => {
    const rowPointers = Uint32Array.from([0, 100, 100, 101, 150, 300, 300, 310, 400]);
    const ranges = splitRowsByCells(rowPointers, 3, 2);
    expect(ranges).toHaveLength(3);
    const flat = ranges.flat();
    expect(flat[0].low).toBe(0);
    expect(flat[flat.length - 1].high).toBe(8);
    for (let index = 1; index < flat.length; index++) expect(flat[index].low).toBe(flat[index - 1].high);
    for (const range of flat) expect(range.high).toBeGreaterThan(range.low);
    // More threads than rows: some threads get nothing, every row is still covered once.
    const many = splitRowsByCells(Uint32Array.from([0, 5, 9]), 4, 3).flat();
    expect(many.map(({ low, high }) => high - low).reduce((sum, rows) => sum + rows, 0)).toBe(2);
  });

  it('makes sppmi.ts’s matrix bit for bit on generated data (Zipf-like, OOV tokens, sentence ends)', async () => {
    await expectEveryCombination(randomCorpus(80_000, 2_000, 3), 2_000, 4);
  });

  describe('on the sample corpus', () => {
    let ids: Int32Array;
    let size: number;
    beforeAll(async () => {
      const prepared = await prepareCorpus(sample, { tokenPattern: 'whitespace', minCount: 5 });
      ids = prepared.ids.subarray(0, 150_000);
      size = prepared.vocabulary.words.length;
    });

    it('makes sppmi.ts’s matrix bit for bit', async () => {
      await expectEveryCombination(ids, size, 5);
    });

    it('reports phase sppmi up to every row, after counting', async () => {
      const phases: string[] = [];
      let last = { done: 0, total: -1 };
      await countCooccurrencesForSppmi(
        ids,
        size,
        { window: 5 },
        { cds: 0.75, shiftK: 5 },
        {
          threads: 2,
          memoryBudgetBytes: plenty,
          onProgress: (progress) => {
            if (phases[phases.length - 1] !== progress.phase) phases.push(progress.phase);
            if (progress.phase === 'sppmi') last = progress;
          },
        },
      );
      expect(phases).toEqual(['count', 'sort', 'sppmi']);
      expect(last).toMatchObject({ done: size, total: size, unit: 'rows' });
    });

    it('rejects when cancelled during SPPMI (at its first report: the threads stop after their first range)', async () => {
      const controller = new AbortController();
      const making = countCooccurrencesForSppmi(
        ids,
        size,
        { window: 5 },
        { cds: 0.75, shiftK: 1 },
        {
          threads: 2,
          memoryBudgetBytes: plenty,
          signal: controller.signal,
          onProgress: (progress) => progress.phase === 'sppmi' && controller.abort(),
        },
      );
      await expect(making).rejects.toMatchObject({ code: 'cancelled' });
    });

    it('returns the counts instead where the SPPMI matrix may not fit beside N in the threads’ memory', async () => {
      const reference = await countCooccurrences(ids, size, { window: 5, weighting: 'flat', oovMode: 'clean' }, { threads: 0 });
      const weights = windowWeights(5, 'flat');
      const removal = { keep: undefined, subsampleMode: 'clean', oovMode: 'clean', seed: 1 } as const;
      const result = await countSppmiOnWorkers(ids, removal, size, 5, weights, { threads: 2, memoryBudgetBytes: plenty }, { cds: 0.75, shiftK: 1, poolLimitBytes: 2 ** 20 });
      if (!('counts' in result)) throw new Error('expected the counts');
      expectSameCounts(result.counts, reference);
      // ...and the caller's sppmi.ts on them is the reference's.
      expectSameSppmi(await sppmi(result.counts, { cds: 0.75, shiftK: 1 }), await sppmi(reference, { cds: 0.75, shiftK: 1 }));
    });

    it('returns the counts instead where they spilled to disk', async () => {
      const folder = mkdtempSync(join(tmpdir(), 'firth-sppmi-spill-test-'));
      try {
        const reference = await countCooccurrences(ids, size, { window: 5, weighting: 'flat', oovMode: 'clean' }, { threads: 0 });
        const removal = { keep: undefined, subsampleMode: 'clean', oovMode: 'clean', seed: 1 } as const;
        // As count-sorted-events.test.ts's spill: a few hundred KB of events and cells a thread.
        const memoryBudgetBytes = 2 * (size * 64 + (1 << 21) + 2 * 96 * 2 ** 12) + reference.values.length * 28;
        const options = { threads: 2, memoryBudgetBytes, temporaryFolder: folder, denseBytes: 0 };
        const result = await countSppmiOnWorkers(ids, removal, size, 5, windowWeights(5, 'flat'), options, { cds: 0.75, shiftK: 1 });
        if (!('counts' in result)) throw new Error('expected the counts');
        expectSameCounts(result.counts, reference);
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    });
  });
});
