import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKernels, createReferenceKernels, detectBackends, type Kernels } from '../../../src/engine/compute';
import type { CsrMatrix } from '../../../src/engine/compute/csr';
import { randomizedSvd, type SvdProgress } from '../../../src/engine/linalg/randomized-svd';
import { exactSingularValues, orthonormalityError, randomCsr, residual, rowWeighted, worstRelativeDifference } from './fixtures';

// 300×200 at 5% density. Uniform values give a flat spectrum (σ₁ = 4.31, σ₅ = 4.00, σ₂₁ = 3.37), the
// slowest case for subspace iteration; rows weighted like a frequency-sorted vocabulary give a decaying
// one, as SPPMI has (σ₁ = 5.81, σ₁₀ = 1.78, σ₂₁ = 1.29).
const flat = randomCsr(300, 200, { density: 0.05, seed: 1, emptyRows: [3, 4] });
const decaying = rowWeighted(flat);
const flatExact = exactSingularValues(flat);
const decayingExact = exactSingularValues(decaying);

const [gpuInfo, cpuInfo, webasmInfo] = await detectBackends({ allowSoftwareAdapter: true });

/** The checks every backend must pass on both test matrices. */
async function checkAccuracy(kernels: Kernels): Promise<void> {
  // Decaying spectrum: the top 10 with the default oversampling and q = 8.
  const svd = await randomizedSvd(decaying, 10, { seed: 1, powerIterations: 8, kernels });
  expect(svd.U.length).toBe(300 * 10);
  expect(svd.V.length).toBe(200 * 10);
  expect(worstRelativeDifference(svd.S, decayingExact, 10)).toBeLessThanOrEqual(1e-4);
  expect(orthonormalityError(svd.U, 300, 10)).toBeLessThanOrEqual(1e-4);
  expect(orthonormalityError(svd.V, 200, 10)).toBeLessThanOrEqual(1e-4);
  expect(residual(decaying, svd)).toBeLessThanOrEqual(1e-2);
  // Flat spectrum: the top 5 need more oversampling (σ₃₆/σ₅ ≈ 0.7 is the convergence rate).
  const flatSvd = await randomizedSvd(flat, 5, { seed: 2, oversample: 30, powerIterations: 10, kernels });
  expect(worstRelativeDifference(flatSvd.S, flatExact, 5)).toBeLessThanOrEqual(1e-4);
  expect(orthonormalityError(flatSvd.U, 300, 5)).toBeLessThanOrEqual(1e-4);
  expect(orthonormalityError(flatSvd.V, 200, 5)).toBeLessThanOrEqual(1e-4);
  expect(residual(flat, flatSvd)).toBeLessThanOrEqual(1e-2);
}

describe('randomizedSvd on the cpu backend', () => {
  let kernels: Kernels;
  beforeAll(async () => {
    if (cpuInfo.available) kernels = await createKernels('cpu', { threads: 2 });
  });
  afterAll(async () => {
    await kernels?.dispose();
  });

  it.skipIf(!cpuInfo.available)('matches a dense SVD: values within 1e-4, U and V orthonormal, A·V ≈ U·Σ', async () => {
    await checkAccuracy(kernels);
  });

  it.skipIf(!cpuInfo.available)('gives the same result for the same seed, and the same on 1 thread', async () => {
    const first = await randomizedSvd(decaying, 6, { seed: 7, powerIterations: 3, kernels });
    const second = await randomizedSvd(decaying, 6, { seed: 7, powerIterations: 3, kernels });
    expect(second.U).toEqual(first.U);
    expect(second.S).toEqual(first.S);
    expect(second.V).toEqual(first.V);
    const oneThread = await createKernels('cpu', { threads: 1 });
    try {
      const single = await randomizedSvd(decaying, 6, { seed: 7, powerIterations: 3, kernels: oneThread });
      expect(single.U).toEqual(first.U);
      expect(single.S).toEqual(first.S);
    } finally {
      await oneThread.dispose();
    }
    const otherSeed = await randomizedSvd(decaying, 6, { seed: 8, powerIterations: 3, kernels });
    expect(otherSeed.U).not.toEqual(first.U);
  });

  it.skipIf(!cpuInfo.available)('reports progress per power iteration', async () => {
    const progress: SvdProgress[] = [];
    await randomizedSvd(decaying, 4, { seed: 1, powerIterations: 3, kernels, onProgress: (step) => progress.push(step) });
    expect(progress.map(({ phase, done, total }) => [phase, done, total])).toEqual([
      ['sketch', 1, 5],
      ['power-iteration', 2, 5],
      ['power-iteration', 3, 5],
      ['power-iteration', 4, 5],
      ['factorization', 5, 5],
    ]);
    expect(progress.every((step, index) => index === 0 || step.elapsedMs >= progress[index - 1].elapsedMs)).toBe(true);
  });

  it.skipIf(!cpuInfo.available)('stops with cancelled when its signal aborts, and frees the matrix', async () => {
    const before = new AbortController();
    before.abort();
    await expect(randomizedSvd(decaying, 4, { seed: 1, kernels, signal: before.signal })).rejects.toMatchObject({ code: 'cancelled' });

    const during = new AbortController();
    const phases: string[] = [];
    const running = randomizedSvd(decaying, 4, {
      seed: 1,
      powerIterations: 4,
      kernels,
      signal: during.signal,
      onProgress: (step) => {
        phases.push(step.phase);
        if (step.done === 2) during.abort();
      },
    });
    await expect(running).rejects.toMatchObject({ name: 'FirthError', code: 'cancelled' });
    expect(phases).toEqual(['sketch', 'power-iteration']);
    // The kernels stay usable.
    const after = await randomizedSvd(decaying, 4, { seed: 1, powerIterations: 2, kernels });
    expect(after.S[0]).toBeCloseTo(decayingExact[0], 3);
  });
});

describe('randomizedSvd on the reference kernels', () => {
  const kernels = createReferenceKernels();

  it('matches a dense SVD', async () => {
    await checkAccuracy(kernels);
  });

  it('handles a rank-deficient matrix (the QR falls back to Householder) and a zero matrix', async () => {
    // Three non-zero rows: rank 3, asked for 5 with 10 oversamples on a 40×30 matrix.
    const lowRank = randomCsr(40, 30, { density: 0.5, seed: 3, emptyRows: Array.from({ length: 37 }, (_, index) => index + 3) });
    const exact = exactSingularValues(lowRank);
    const svd = await randomizedSvd(lowRank, 5, { seed: 1, kernels });
    expect(worstRelativeDifference(svd.S, exact, 3)).toBeLessThanOrEqual(1e-5);
    expect(Math.max(svd.S[3], svd.S[4])).toBeLessThanOrEqual(1e-5 * svd.S[0]);
    expect(orthonormalityError(svd.U, 40, 5)).toBeLessThanOrEqual(1e-4);
    expect(orthonormalityError(svd.V, 30, 5)).toBeLessThanOrEqual(1e-4);

    const zero: CsrMatrix = { rows: 12, columns: 9, rowPointers: new Uint32Array(13), columnIndices: new Uint32Array(0), values: new Float32Array(0) };
    const zeroSvd = await randomizedSvd(zero, 3, { seed: 1, kernels });
    expect(Array.from(zeroSvd.S)).toEqual([0, 0, 0]);
    expect(orthonormalityError(zeroSvd.U, 12, 3)).toBeLessThanOrEqual(1e-6);
  });

  it('clips l to the smaller side and rejects ranks it cannot give', async () => {
    const small = randomCsr(15, 8, { density: 0.6, seed: 4 });
    const svd = await randomizedSvd(small, 8, { seed: 1, oversample: 10, kernels });
    expect(worstRelativeDifference(svd.S, exactSingularValues(small), 8)).toBeLessThanOrEqual(1e-5);
    await expect(randomizedSvd(small, 9, { seed: 1, kernels })).rejects.toMatchObject({ code: 'invalid-input', where: { field: 'rank' } });
    await expect(randomizedSvd(small, 0, { seed: 1, kernels })).rejects.toMatchObject({ code: 'invalid-input', where: { field: 'rank' } });
    await expect(randomizedSvd(small, 2, { seed: 1, powerIterations: -1, kernels })).rejects.toMatchObject({ where: { field: 'powerIterations' } });
  });
});

// gpu runs on SwiftShader here (software; correctness only), webasm is gpu.js's WebAssembly mode.
describe.each([
  ['gpu', gpuInfo],
  ['webasm', webasmInfo],
] as const)('randomizedSvd on the %s backend', (name, info) => {
  let kernels: Kernels;
  beforeAll(async () => {
    if (info.available) kernels = await createKernels(name, { allowSoftwareAdapter: true, threads: 2 });
  });
  afterAll(async () => {
    await kernels?.dispose();
  });

  it.skipIf(!info.available)('matches a dense SVD: values within 1e-4, U and V orthonormal, A·V ≈ U·Σ', async () => {
    await checkAccuracy(kernels);
  });
});
