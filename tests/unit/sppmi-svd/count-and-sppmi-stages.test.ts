// SPPMI-SVD's first two stages taken together (train-sppmi-svd.ts's countAndSppmiStages): on worker
// threads SPPMI is made where N was counted; the matrix, N's cell count and the refusals are those
// of countStage then sppmiStage (the TypeScript count), and both stages keep their own times.

import { describe, expect, it } from 'vitest';
import { countAndSppmiStages, countStage, sppmiStage, type TrainOptions } from '../../../src/engine/models/sppmi-svd/train-sppmi-svd';
import { createReferenceKernels } from '../../../src/engine/compute';
import { SppmiSvdSettingsSchema } from '../../../src/shared/hyperparameters/sppmi-svd';
import { randomCorpus } from '../cooccurrence/reference';

const size = 1_500;
const input = { ids: randomCorpus(60_000, size, 9), vocabularySize: size };
const bytes = (array: ArrayBufferView) => Buffer.from(array.buffer, array.byteOffset, array.byteLength);

describe('countAndSppmiStages', () => {
  it('gives countStage + sppmiStage’s matrix, on threads and in TypeScript, with both times', async () => {
    const settings = SppmiSvdSettingsSchema.parse({ window: 3, weighting: 'harmonic', cds: 0.75, shiftK: 5 });
    const reference: TrainOptions = { kernels: createReferenceKernels(), threads: 0 };
    const { counts, cells } = await countStage(input, settings, reference);
    const expected = await sppmiStage(counts, settings, reference);
    for (const threads of [0, 2]) {
      const stages = await countAndSppmiStages(input, settings, { kernels: createReferenceKernels(), threads, memoryBudgetBytes: 2 ** 31 });
      expect(stages.cells).toBe(cells);
      expect(stages.nonZeros).toBe(expected.nonZeros);
      expect(bytes(stages.matrix.rowPointers).equals(bytes(expected.matrix.rowPointers))).toBe(true);
      expect(bytes(stages.matrix.columnIndices).equals(bytes(expected.matrix.columnIndices))).toBe(true);
      if (process.arch === 'x64') expect(bytes(stages.matrix.values).equals(bytes(expected.matrix.values))).toBe(true);
      expect(stages.countMs).toBeGreaterThan(0);
      expect(stages.sppmiMs).toBeGreaterThan(0);
    }
  });

  it('refuses a shift that leaves no cell, naming shiftK, on threads as in TypeScript', async () => {
    const settings = SppmiSvdSettingsSchema.parse({ window: 2, shiftK: 1e12 });
    for (const threads of [0, 2]) {
      await expect(countAndSppmiStages(input, settings, { kernels: createReferenceKernels(), threads, memoryBudgetBytes: 2 ** 31 })).rejects.toMatchObject({
        code: 'invalid-input',
        where: { field: 'shiftK' },
      });
    }
  });

  it('refuses a corpus with no pair in the window, naming window, before SPPMI', async () => {
    const lonely = { ids: Int32Array.from({ length: 300_000 }, (_, position) => (position % 2 === 0 ? position % size : -2)), vocabularySize: size };
    const settings = SppmiSvdSettingsSchema.parse({ window: 2 });
    for (const threads of [0, 2]) {
      await expect(countAndSppmiStages(lonely, settings, { kernels: createReferenceKernels(), threads, memoryBudgetBytes: 2 ** 31 })).rejects.toMatchObject({
        code: 'invalid-input',
        where: { field: 'window' },
      });
    }
  });
});
