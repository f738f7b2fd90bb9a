import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKernels, type Kernels } from '../../../src/engine/compute';
import type { CsrMatrix } from '../../../src/engine/compute/csr';
import { blockKrylovSvd } from '../../../src/engine/linalg/block-krylov-svd';
import { exactSingularValues, randomCsr, rowWeighted, worstRelativeDifference } from './fixtures';

/** A neighbour of A: every value shifted down by `shift` and clipped at 0, as a larger shift k does to SPPMI. */
function shifted(matrix: CsrMatrix, shift: number): CsrMatrix {
  return { ...matrix, values: matrix.values.map((value) => Math.max(0, value - shift)) };
}

describe('blockKrylovSvd with a warm start', () => {
  let kernels: Kernels;
  beforeAll(async () => {
    kernels = await createKernels('cpu', { threads: 2 });
  });
  afterAll(async () => {
    await kernels.dispose();
  });

  it('finds the same singular values from a neighbouring matrix’s subspace, in no more steps', async () => {
    const base = rowWeighted(randomCsr(300, 300, { seed: 7, density: 0.08 }));
    const neighbour = shifted(base, 0.05);
    const d = 12;
    const exact = exactSingularValues(neighbour);
    const first = await blockKrylovSvd(base, d, { seed: 1, kernels });
    const cold = await blockKrylovSvd(neighbour, d, { seed: 1, kernels });
    const warm = await blockKrylovSvd(neighbour, d, { seed: 1, kernels, start: { vectors: first.V, columns: d } });
    expect(warm.statistics.converged).toBe(true);
    expect(worstRelativeDifference(warm.S, exact, d)).toBeLessThan(0.01);
    expect(worstRelativeDifference(cold.S, exact, d)).toBeLessThan(0.01);
    expect(warm.statistics.steps).toBeLessThanOrEqual(cold.statistics.steps);
    // A start of another shape (another vocabulary) is ignored: the cold result, bit for bit.
    const ignored = await blockKrylovSvd(neighbour, d, { seed: 1, kernels, start: { vectors: new Float32Array(5), columns: 1 } });
    expect(Array.from(ignored.S)).toEqual(Array.from(cold.S));
  });
});
