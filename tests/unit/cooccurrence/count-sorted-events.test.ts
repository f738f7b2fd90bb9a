// The worker-thread counter's sorted events (count-pairs-wasm.ts: the pairs of the rows below the
// dense block are buffered as 64-bit keys, radix-sorted and merged into sorted lists of cells)
// against the TypeScript count: the same CSR arrays bit for bit when the buffers hold a few events
// (hundreds of sorts and merges, every weighting: a cell's weights are still added in corpus
// order), when the keys take four or five radix passes (a vocabulary of millions), and when the
// lists spill to disk under a tiny budget; and cancelled while the threads are at different slices.

import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CooccurrenceMatrix } from '../../../src/engine/cooccurrence/cooccurrence-matrix';
import type { RemovalMode, WindowWeighting } from '../../../src/engine/cooccurrence/cooccurrence-options';
import { countCooccurrences } from '../../../src/engine/cooccurrence/count';
import { countPairsOnWorkers, type WorkerCountOptions } from '../../../src/engine/cooccurrence/count-pairs-wasm';
import type { RemoveTokensOptions } from '../../../src/engine/cooccurrence/remove-tokens';
import { windowWeights } from '../../../src/engine/cooccurrence/window-weights';
import { prepareCorpus } from '../../../src/engine/corpus/prepare-corpus';
import { randomCorpus } from './reference';

const sample = resolve(import.meta.dirname, '../../../resources/sample/text8-sample.txt.gz');
const plenty = 2 ** 31;

function expectIdentical(actual: CooccurrenceMatrix, expected: CooccurrenceMatrix): void {
  expect(actual.values.length).toBe(expected.values.length);
  expect(Buffer.from(actual.rowPointers.buffer, actual.rowPointers.byteOffset, actual.rowPointers.byteLength).equals(Buffer.from(expected.rowPointers.buffer))).toBe(true);
  expect(Buffer.from(actual.columnIndices.buffer, actual.columnIndices.byteOffset, actual.columnIndices.byteLength).equals(Buffer.from(expected.columnIndices.buffer))).toBe(true);
  expect(Buffer.from(actual.values.buffer, actual.values.byteOffset, actual.values.byteLength).equals(Buffer.from(expected.values.buffer))).toBe(true);
  expect(Buffer.from(actual.rowSums.buffer, actual.rowSums.byteOffset, actual.rowSums.byteLength).equals(Buffer.from(expected.rowSums.buffer))).toBe(true);
  expect(actual.total).toBe(expected.total);
}

interface Case {
  window: number;
  weighting: WindowWeighting;
  oovMode: RemovalMode;
}

async function countBoth(ids: Int32Array, size: number, { window, weighting, oovMode }: Case, options: Partial<WorkerCountOptions>) {
  const removal: RemoveTokensOptions = { keep: undefined, subsampleMode: 'clean', oovMode, seed: 1 };
  const workers = await countPairsOnWorkers(ids, removal, size, window, windowWeights(window, weighting), { threads: 2, memoryBudgetBytes: plenty, ...options });
  const reference = await countCooccurrences(ids, size, { window, weighting, oovMode }, { threads: 0 });
  return { workers, reference };
}

describe('sorted events of the worker-thread counter', () => {
  describe('on a generated corpus (Zipf-like, OOV tokens, sentence ends)', () => {
    const size = 3_000;
    const ids = randomCorpus(60_000, size, 5);
    const cases: Case[] = [
      { window: 5, weighting: 'harmonic', oovMode: 'clean' },
      { window: 7, weighting: 'dyn', oovMode: 'dirty' },
      { window: 3, weighting: 'flat', oovMode: 'clean' },
    ];
    for (const eventsPerThread of [40, 700, 50_000]) {
      it(`counts like the TypeScript count with buffers of ${eventsPerThread} events`, async () => {
        // The smallest buffers take thousands of rounds: one case is enough there.
        for (const each of eventsPerThread < 100 ? cases.slice(0, 1) : cases) {
          for (const denseBytes of [0, 20 * 8 * size]) {
            const { workers, reference } = await countBoth(ids, size, each, { eventsPerThread, denseBytes });
            expectIdentical(workers, reference);
          }
        }
      });
    }

    it('counts like the TypeScript count on one and on three threads with small buffers', async () => {
      const each: Case = { window: 4, weighting: 'harmonic', oovMode: 'dirty' };
      for (const threads of [1, 3]) {
        const { workers, reference } = await countBoth(ids, size, each, { threads, eventsPerThread: 300, denseBytes: 10 * 8 * size });
        expectIdentical(workers, reference);
      }
    });
  });

  it('sorts keys of four and five radix passes (a vocabulary of millions)', async () => {
    // Ids spread over the whole vocabulary: keys (a − denseHigh)·V + b of about 36 and 45 bits.
    for (const size of [200_000, 5_000_000]) {
      const ids = randomCorpus(20_000, 2_000, 9).map((id) => (id >= 0 ? (id * 104_729 + (id % 7) * Math.floor(size / 7)) % size : id));
      const { workers, reference } = await countBoth(ids, size, { window: 5, weighting: 'dyn', oovMode: 'clean' }, { eventsPerThread: 5_000, denseBytes: 0 });
      expectIdentical(workers, reference);
    }
  });

  it('stops every thread and rejects when cancelled while the threads go through the slices at their own pace', async () => {
    // Several slices of the stream, small buffers: the threads sort at different times.
    const size = 5_000;
    const ids = randomCorpus(1_200_000, size, 13);
    for (const phase of ['count', 'sort']) {
      const controller = new AbortController();
      const counting = countPairsOnWorkers(
        ids,
        { keep: undefined, subsampleMode: 'clean', oovMode: 'clean', seed: 1 },
        size,
        5,
        windowWeights(5, 'flat'),
        { threads: 2, memoryBudgetBytes: plenty, eventsPerThread: 50_000 },
        { signal: controller.signal, onProgress: (progress) => progress.phase === phase && controller.abort() },
      );
      await expect(counting).rejects.toMatchObject({ code: 'cancelled' });
    }
  });

  describe('on a slice of the sample corpus', () => {
    let ids: Int32Array;
    let size: number;
    beforeAll(async () => {
      const prepared = await prepareCorpus(sample, { tokenPattern: 'whitespace', minCount: 5 });
      ids = prepared.ids.subarray(0, 60_000);
      size = prepared.vocabulary.words.length;
    });

    it('counts like the TypeScript count when every thread sorts and merges many times', async () => {
      for (const each of [
        { window: 5, weighting: 'flat', oovMode: 'dirty' },
        { window: 10, weighting: 'harmonic', oovMode: 'clean' },
      ] satisfies Case[]) {
        const { workers, reference } = await countBoth(ids, size, each, { eventsPerThread: 2_000 });
        expectIdentical(workers, reference);
      }
    });

    it('spills its lists under a tiny budget and merges the runs to the same counts', async () => {
      const folder = mkdtempSync(join(tmpdir(), 'firth-events-spill-test-'));
      try {
        const each: Case = { window: 5, weighting: 'flat', oovMode: 'dirty' };
        const reference = await countCooccurrences(ids, size, each, { threads: 0 });
        const phases = new Set<string>();
        const removal: RemoveTokensOptions = { keep: undefined, subsampleMode: 'clean', oovMode: 'dirty', seed: 1 };
        // Half of it for the matrix; the other half leaves each thread a few hundred KB of events and cells.
        const memoryBudgetBytes = 2 * (size * 64 + (1 << 21) + 2 * 96 * 2 ** 12) + reference.values.length * 28;
        const spilled = await countPairsOnWorkers(
          ids,
          removal,
          size,
          5,
          windowWeights(5, 'flat'),
          { threads: 2, memoryBudgetBytes, temporaryFolder: folder, denseBytes: 0 },
          { onProgress: (progress) => phases.add(progress.phase) },
        );
        expect(phases.has('merge')).toBe(true);
        expect(readdirSync(folder)).toEqual([]);
        expectIdentical(spilled, reference);
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    });
  });
});
