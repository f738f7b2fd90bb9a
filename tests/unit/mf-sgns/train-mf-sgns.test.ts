import { describe, expect, it } from 'vitest';
import { createReferenceKernels } from '../../../src/engine/compute/reference/kernels';
import { countCooccurrences } from '../../../src/engine/cooccurrence/count';
import { trainMfSgns } from '../../../src/engine/models/mf-sgns/train-mf-sgns';
import { createXoshiro128 } from '../../../src/engine/random/xoshiro128';
import { MfSgnsSettingsSchema } from '../../../src/shared/hyperparameters/mf-sgns';
import type { Progress } from '../../../src/shared/progress';

/** A stream over V words, skewed so the counts differ, where every pair of words co-occurs. */
function denseCorpus(V: number, tokens: number, seed: number): Int32Array {
  const random = createXoshiro128(seed);
  return Int32Array.from({ length: tokens }, () => Math.min(V - 1, Math.floor(V * random.nextFloat() ** 1.6)));
}

describe('MF-SGNS training', () => {
  it('on a small full-rank problem reaches w·c = PMI_α − log k on every observed cell', async () => {
    const V = 5;
    const ids = denseCorpus(V, 4000, 3);
    const settings = MfSgnsSettingsSchema.parse({ window: 2, weighting: 'flat', cds: 0.75, negative: 2, dimensions: V, steps: 1500, learningRate: 0.02, seed: 4 });
    const kernels = createReferenceKernels();
    const reports: Progress[] = [];
    const result = await trainMfSgns({ ids, vocabularySize: V }, settings, { kernels, threads: 0, shards: 2, onProgress: (progress) => reports.push(progress) });
    await kernels.dispose();

    const counts = await countCooccurrences(ids, V, { window: 2, weighting: 'flat' }, { threads: 0 });
    const total = counts.columnSums.reduce((sum, value) => sum + value ** 0.75, 0);
    let worst = 0;
    let observed = 0;
    for (let i = 0; i < V; i++) {
      for (let slot = counts.rowPointers[i]; slot < counts.rowPointers[i + 1]; slot++) {
        const j = counts.columnIndices[slot];
        const target = Math.log(counts.values[slot] / counts.rowSums[i] / (counts.columnSums[j] ** 0.75 / total)) - Math.log(2);
        let dot = 0;
        for (let r = 0; r < V; r++) dot += result.W[i * V + r] * result.C[j * V + r];
        worst = Math.max(worst, Math.abs(dot - target));
        observed++;
      }
    }
    expect(observed).toBe(V * V);
    expect(worst).toBeLessThan(0.02);
    // The loss falls, is recorded per step, and progress reports steps.
    expect(result.lossCurve).toHaveLength(1501);
    expect(result.lossCurve.at(-1)!.loss).toBeLessThan(result.lossCurve[0].loss);
    expect(result.rejectedSteps).toEqual([]);
    expect(reports.some((report) => report.phase === 'train' && report.unit === 'steps' && report.total === 1500)).toBe(true);
  });

  it('caps the vocabulary, stops on the tolerance, and is repeatable from its seed', async () => {
    const ids = denseCorpus(12, 3000, 8);
    const settings = MfSgnsSettingsSchema.parse({ window: 3, maxSize: 8, dimensions: 3, steps: 400, learningRate: 0.05, tolerance: 1e-3 });
    const kernels = createReferenceKernels();
    const first = await trainMfSgns({ ids, vocabularySize: 12 }, settings, { kernels, threads: 0 });
    const second = await trainMfSgns({ ids, vocabularySize: 12 }, settings, { kernels, threads: 0 });
    await kernels.dispose();
    expect(first.vocabularySize).toBe(8);
    expect(first.W).toHaveLength(8 * 3);
    expect(first.stoppedBy).toBe('tolerance');
    expect(first.lossCurve.length).toBeLessThan(401);
    expect(second.W).toEqual(first.W);
  });

  it('rejects a step that gives NaN, halves the learning rate, reports it and writes no NaN', async () => {
    const ids = denseCorpus(6, 2000, 9);
    const settings = MfSgnsSettingsSchema.parse({ window: 2, dimensions: 3, steps: 10, learningRate: 0.1 });
    // A backend that returns NaN once, in the 5th step's first product (3 products per tile, 1 tile).
    const reference = createReferenceKernels();
    let calls = 0;
    const kernels = {
      ...reference,
      async matmul(a: Float32Array, b: Float32Array, m: number, k: number, n: number) {
        const product = await reference.matmul(a, b, m, k, n);
        return ++calls === 13 ? product.fill(Number.NaN) : product;
      },
    };
    const reports: Progress[] = [];
    const result = await trainMfSgns({ ids, vocabularySize: 6 }, settings, { kernels, threads: 0, shards: 1, onProgress: (progress) => reports.push(progress) });
    expect(result.rejectedSteps).toEqual([{ step: 4, learningRate: 0.05 }]);
    expect(reports.some((report) => report.details?.rejectedStep === 4)).toBe(true);
    expect(result.W.every(Number.isFinite) && result.C.every(Number.isFinite)).toBe(true);
    expect(result.lossCurve.map((step) => step.step)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(result.lossCurve.slice(4).every((step) => step.learningRate === 0.05)).toBe(true);
  });

  it('refuses bad settings and a run beyond the memory budget, with the numbers', async () => {
    const kernels = createReferenceKernels();
    const ids = denseCorpus(6, 500, 1);
    await expect(trainMfSgns({ ids, vocabularySize: 6 }, MfSgnsSettingsSchema.parse({ dimensions: 3 }), { kernels, threads: 0, memoryBudgetBytes: 1000 })).rejects.toThrow(
      /needs about .* GB .* memory budget is 0\.00 GB/,
    );
    await expect(trainMfSgns({ ids: Int32Array.of(0, -2, 1, -2, 2), vocabularySize: 6 }, MfSgnsSettingsSchema.parse({ dimensions: 3 }), { kernels, threads: 0 })).rejects.toThrow(
      /no co-occurring word pairs/,
    );
    await kernels.dispose();
    for (const bad of [{ negative: 0.5 }, { learningRate: 0 }, { steps: 0 }, { learningRate: -1 }]) expect(MfSgnsSettingsSchema.safeParse(bad).success).toBe(false);
  });
});
