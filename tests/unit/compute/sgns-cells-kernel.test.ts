import { describe, expect, it } from 'vitest';
import { createCpuKernels } from '../../../src/engine/compute/cpu/kernels';
import { expectNegativeCellsMatchReference } from './fixtures/sgns-cells-check';

describe('the MF-SGNS negative-term kernel on the cpu backend (sgns-cells.wat)', () => {
  it('equals the TypeScript reference, gradient and loss, with odd n and scores from −100 to 100', async () => {
    const kernels = await createCpuKernels(2);
    try {
      await expectNegativeCellsMatchReference(kernels, [[37, 53], [300, 401], [1, 3]], 2e-6);
    } finally {
      await kernels.dispose();
    }
  });

  it('lets NaN and infinity through to the loss, so the trainer rejects the step', async () => {
    const kernels = await createCpuKernels(1);
    try {
      expect(await kernels.sgnsNegativeCells(Float32Array.of(Number.NaN, 0, 0, 0), 1, 4, [1], [1, 1, 1, 1])).toBeNaN();
      expect(await kernels.sgnsNegativeCells(Float32Array.of(Number.POSITIVE_INFINITY, 0, 0, 0), 1, 4, [1], [1, 1, 1, 1])).toBe(Number.POSITIVE_INFINITY);
    } finally {
      await kernels.dispose();
    }
  });
});
