import { describe, expect, it } from 'vitest';
import { createCpuKernels } from '../../../src/engine/compute/cpu/kernels';
import { sgnsNegativeCellsReference } from '../../../src/engine/compute/reference/sgns-cells';
import { createXoshiro128 } from '../../../src/engine/random/xoshiro128';

describe('the MF-SGNS negative-term kernel on the cpu backend (sgns-cells.wat)', () => {
  it('equals the TypeScript reference, gradient and loss, with odd n and scores from −100 to 100', async () => {
    const kernels = await createCpuKernels(2);
    try {
      for (const [m, n] of [[37, 53], [300, 401], [1, 3]]) {
        const random = createXoshiro128(m * n);
        const scores = Float32Array.from({ length: m * n }, (_, index) => (index % 97 === 0 ? (random.nextFloat() - 0.5) * 200 : (random.nextFloat() - 0.5) * 16));
        const negativeRows = Float64Array.from({ length: m }, () => 5 * (1 + random.nextFloat() * 1e4));
        const probabilities = Float64Array.from({ length: n }, () => random.nextFloat() / n);
        const expected = scores.slice();
        const expectedLoss = sgnsNegativeCellsReference(expected, m, n, negativeRows, probabilities);
        const actual = scores.slice();
        const loss = await kernels.sgnsNegativeCells(actual, m, n, negativeRows, probabilities);
        expect(Math.abs(loss - expectedLoss)).toBeLessThan(2e-6 * expectedLoss);
        let worst = 0;
        for (let cell = 0; cell < m * n; cell++) worst = Math.max(worst, Math.abs(actual[cell] - expected[cell]) / (Math.abs(expected[cell]) + 1e-30));
        expect(worst).toBeLessThan(2e-6);
      }
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
