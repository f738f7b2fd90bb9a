import { Matrix, QrDecomposition } from 'ml-matrix';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKernels, createReferenceKernels, type Kernels } from '../../../src/engine/compute';
import { blockKrylovSvd, estimateRitzError } from '../../../src/engine/linalg/block-krylov-svd';
import type { CsrMatrix } from '../../../src/engine/compute/csr';
import { randomizedSvd } from '../../../src/engine/linalg/randomized-svd';
import { bandEigenvalues, largestBandEigenpairs, largestEigenpairs, symmetricEigen, symmetricEigenvalues } from '../../../src/engine/linalg/symmetric-eigen';
import { createXoshiro128 } from '../../../src/engine/random/xoshiro128';
import { bandReductionInWasm } from '../../../src/engine/linalg/band-reduction-wasm';
import { fillStandardNormal } from '../../../src/engine/random/gaussian';
import { exactSingularValues, orthonormalityError, residual, worstRelativeDifference } from './fixtures';

/** An orthonormal rows×columns basis: the Q of a Gaussian matrix (ml-matrix's dense QR, float64). */
function randomOrthonormal(rows: number, columns: number, seed: number): Matrix {
  const values = new Float32Array(rows * columns);
  fillStandardNormal(values, createXoshiro128(seed));
  const gaussian = new Matrix(rows, columns);
  for (let row = 0; row < rows; row++) for (let column = 0; column < columns; column++) gaussian.set(row, column, values[row * columns + column]);
  return new QrDecomposition(gaussian).orthogonalMatrix.subMatrix(0, rows - 1, 0, columns - 1);
}

/** A = U·diag(spectrum)·Vᵀ (rows×columns, dense, stored as CSR): a matrix whose singular values are known. */
function withSpectrum(rows: number, columns: number, spectrum: number[], seed: number): CsrMatrix {
  const rank = spectrum.length;
  const U = randomOrthonormal(rows, rank, seed);
  const V = randomOrthonormal(columns, rank, seed + 1);
  const dense = U.mulRowVector(spectrum).mmul(V.transpose());
  const rowPointers = new Uint32Array(rows + 1);
  const columnIndices = new Uint32Array(rows * columns);
  const values = new Float32Array(rows * columns);
  for (let row = 0; row < rows; row++) {
    rowPointers[row + 1] = (row + 1) * columns;
    for (let column = 0; column < columns; column++) {
      columnIndices[row * columns + column] = column;
      values[row * columns + column] = dense.get(row, column);
    }
  }
  return { rows, columns, rowPointers, columnIndices, values };
}

// Slowly decaying, like SPPMI past its first values: σ_i = (i + 1)^-0.15, so σ₂₀/σ₄₀ is only 1.1.
const slowSpectrum = Array.from({ length: 240 }, (_, index) => (index + 1) ** -0.15);
const slow = withSpectrum(300, 260, slowSpectrum, 1);
// Fast decay: σ_i = 0.8^i.
const fastSpectrum = Array.from({ length: 120 }, (_, index) => 0.8 ** index);
const fast = withSpectrum(200, 150, fastSpectrum, 5);

describe('symmetric eigen-decomposition', () => {
  it('scales with the matrix, entries past 1e150 and under 1e-150 included', () => {
    // tql2's √(x² + y²) is scaled past 1e150 and under 1e-150, where squares near overflow or
    // underflow. A tridiagonal matrix: bandwidth 1, so no band reduction runs, tql2 alone.
    const n = 12;
    const random = createXoshiro128(11);
    const T = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = Math.max(0, i - 1); j <= i; j++) T[i * n + j] = T[j * n + i] = random.nextFloat() - 0.5;
    const values = bandEigenvalues(T, n, 1);
    for (const scale of [1e152, 1e-152]) {
      const scaled = bandEigenvalues(T.map((value) => value * scale), n, 1);
      for (let i = 0; i < n; i++) expect(Math.abs(scaled[i] / scale - values[i])).toBeLessThan(1e-12);
    }
  });

  it('matches ml-matrix: eigenvalues, and eigenvectors that satisfy T·s = θ·s', () => {
    const n = 30;
    const random = Matrix.rand(n, n);
    const T = Float64Array.from(random.add(random.transpose()).to1DArray());
    const { values, vectors } = symmetricEigen(T, n);
    expect([...symmetricEigenvalues(T, n)]).toEqual([...values]);
    for (let index = 1; index < n; index++) expect(values[index]).toBeGreaterThanOrEqual(values[index - 1]);
    let worst = 0;
    for (let index = 0; index < n; index++) {
      for (let row = 0; row < n; row++) {
        let sum = 0;
        for (let k = 0; k < n; k++) sum += T[row * n + k] * vectors[index * n + k];
        worst = Math.max(worst, Math.abs(sum - values[index] * vectors[index * n + row]));
      }
    }
    expect(worst).toBeLessThan(1e-10);
  });

  it('finds the largest eigenpairs without the full decomposition, also in a cluster of close eigenvalues', () => {
    const n = 60;
    // Q·diag(λ)·Qᵀ with a flat top: λ_i = 100·(i + 1)^-0.05, neighbours 0.1 % apart.
    const Q = randomOrthonormal(n, n, 3);
    const lambda = Array.from({ length: n }, (_, index) => 100 * (index + 1) ** -0.05);
    const T = Float64Array.from(Q.clone().mulRowVector(lambda).mmul(Q.transpose()).to1DArray());
    const full = symmetricEigen(T, n);
    const top = largestEigenpairs(T, n, 15);
    const vectors = top.vectors();
    for (let r = 0; r < 15; r++) {
      expect(Math.abs(top.values[r] - lambda[r]) / lambda[r]).toBeLessThan(1e-12);
      let dot = 0;
      for (let k = 0; k < n; k++) dot += vectors[r * n + k] * full.vectors[(n - 1 - r) * n + k];
      expect(Math.abs(Math.abs(dot) - 1)).toBeLessThan(1e-9);
    }
  });
});

describe('band eigenvalues', () => {
  it('match the full decomposition on banded matrices of every bandwidth, bulge chasing included', () => {
    for (const [n, bandwidth] of [[60, 5], [61, 1], [40, 39], [100, 20], [7, 3]]) {
      const random = createXoshiro128(n + bandwidth);
      const T = new Float64Array(n * n);
      for (let i = 0; i < n; i++) {
        for (let j = Math.max(0, i - bandwidth); j <= i; j++) T[i * n + j] = T[j * n + i] = random.nextFloat() - 0.5 + (i === j ? 3 : 0);
      }
      const full = symmetricEigenvalues(T, n);
      const band = bandEigenvalues(T, n, bandwidth);
      for (let i = 0; i < n; i++) expect(Math.abs(band[i] - full[i])).toBeLessThan(1e-10);
    }
  });

  it('are the same bits from the WebAssembly band reduction and back-transformation as from the JavaScript', () => {
    // Bandwidths 1, inside and at n − 1 (no bulges), tiny n, and odd counts (the back-transformation's
    // scalar tail after its f64x2 pairs).
    expect(bandReductionInWasm()).toBe(true);
    for (const [n, bandwidth, count] of [[60, 5, 13], [61, 1, 7], [40, 39, 40], [380, 20, 100], [7, 3, 3], [2, 1, 1], [1, 1, 1]]) {
      const random = createXoshiro128(3 * n + bandwidth);
      const T = new Float64Array(n * n);
      for (let i = 0; i < n; i++) {
        for (let j = Math.max(0, i - bandwidth); j <= i; j++) T[i * n + j] = T[j * n + i] = random.nextFloat() - 0.5 + (i === j ? 10 / (i + 1) : 0);
      }
      expect(bandEigenvalues(T, n, bandwidth)).toEqual(bandEigenvalues(T, n, bandwidth, 'javascript'));
      const fast = largestBandEigenpairs(T, n, bandwidth, count);
      const plain = largestBandEigenpairs(T, n, bandwidth, count, 'javascript');
      expect(fast.values).toEqual(plain.values);
      expect(fast.vectors()).toEqual(plain.vectors());
    }
  });

  it('give the largest eigenpairs of banded matrices through the rotations, close eigenvalues included', () => {
    for (const [n, bandwidth, count] of [[60, 5, 12], [100, 20, 30], [41, 40, 10], [9, 1, 9]]) {
      const random = createXoshiro128(7 * n + bandwidth);
      const T = new Float64Array(n * n);
      for (let i = 0; i < n; i++) {
        // A flat, decreasing diagonal: the top eigenvalues sit close together.
        for (let j = Math.max(0, i - bandwidth); j <= i; j++) T[i * n + j] = T[j * n + i] = i === j ? 10 - 0.01 * i : 0.05 * (random.nextFloat() - 0.5);
      }
      const full = symmetricEigen(T, n);
      const top = largestBandEigenpairs(T, n, bandwidth, count);
      const vectors = top.vectors();
      for (let r = 0; r < count; r++) {
        expect(Math.abs(top.values[r] - full.values[n - 1 - r])).toBeLessThan(1e-10);
        // T·x = λ·x and ‖x‖ = 1 (vectors in a cluster may differ from the full decomposition's by a rotation).
        let residual = 0;
        let length = 0;
        for (let i = 0; i < n; i++) {
          let sum = 0;
          for (let k = 0; k < n; k++) sum += T[i * n + k] * vectors[r * n + k];
          residual = Math.max(residual, Math.abs(sum - top.values[r] * vectors[r * n + i]));
          length += vectors[r * n + i] ** 2;
        }
        expect(residual).toBeLessThan(1e-9);
        expect(Math.abs(length - 1)).toBeLessThan(1e-12);
        for (let other = 0; other < r; other++) {
          let dot = 0;
          for (let k = 0; k < n; k++) dot += vectors[r * n + k] * vectors[other * n + k];
          expect(Math.abs(dot)).toBeLessThan(1e-9);
        }
      }
    }
  });
});

describe('block Krylov SVD', () => {
  let kernels: Kernels;
  beforeAll(async () => {
    kernels = await createKernels('cpu', { threads: 2 });
  });
  afterAll(async () => {
    await kernels.dispose();
  });

  it('has the known singular values of a dense reference (ml-matrix) to 1 %, on a slowly decaying spectrum where q = 4 power iteration is visibly off', async () => {
    const d = 20;
    expect(worstRelativeDifference(exactSingularValues(slow), slowSpectrum, d)).toBeLessThan(1e-5);
    const svd = await blockKrylovSvd(slow, d, { seed: 1, kernels });
    expect(svd.statistics.converged).toBe(true);
    expect(worstRelativeDifference(svd.S, slowSpectrum, d)).toBeLessThan(0.01);
    expect(orthonormalityError(svd.U, slow.rows, d)).toBeLessThan(1e-3);
    expect(orthonormalityError(svd.V, slow.columns, d)).toBeLessThan(1e-3);
    expect(residual(slow, svd)).toBeLessThan(0.05);
    // Blocks of 24 and more take one Gram–Schmidt pass: just as close.
    const wide = await blockKrylovSvd(slow, d, { seed: 1, kernels, blockSize: 24 });
    expect(wide.statistics.gramSchmidtPasses).toBe(1);
    expect(worstRelativeDifference(wide.S, slowSpectrum, d)).toBeLessThan(0.01);
    const powerIteration = await randomizedSvd(slow, d, { seed: 1, powerIterations: 4, kernels });
    expect(worstRelativeDifference(powerIteration.S, slowSpectrum, d)).toBeGreaterThan(0.02);
    // Fewer columns pass through A than the power iteration's (2q + 2)·(d + 10).
    expect(svd.statistics.passes * svd.statistics.blockSize).toBeLessThan(10 * (d + 10) * 1.5);
  });

  it('is exact to float32 on a fast-decaying spectrum, on the cpu and reference kernels alike', async () => {
    for (const backend of [kernels, createReferenceKernels()]) {
      const svd = await blockKrylovSvd(fast, 10, { seed: 3, kernels: backend });
      expect(worstRelativeDifference(svd.S, fastSpectrum, 10)).toBeLessThan(1e-4);
      expect(residual(fast, svd)).toBeLessThan(1e-4);
      expect(orthonormalityError(svd.V, fast.columns, 10)).toBeLessThan(1e-4);
    }
  });

  it('repeats for a seed, reports its steps, and can be cancelled', async () => {
    const first = await blockKrylovSvd(slow, 8, { seed: 7, kernels });
    const second = await blockKrylovSvd(slow, 8, { seed: 7, kernels });
    expect([...second.S]).toEqual([...first.S]);
    expect([...second.U]).toEqual([...first.U]);
    const steps: number[] = [];
    await blockKrylovSvd(slow, 8, { seed: 7, kernels, onProgress: (progress) => steps.push(progress.done) });
    expect(steps).toEqual(Array.from({ length: first.statistics.steps }, (_, index) => index + 1));
    expect(first.statistics.passes).toBe(2 * first.statistics.steps + 2);
    expect(first.statistics.gflop).toBeGreaterThan(0);
    const controller = new AbortController();
    const cancelled = blockKrylovSvd(slow, 8, { seed: 7, kernels, signal: controller.signal, onProgress: () => controller.abort() });
    await expect(cancelled).rejects.toMatchObject({ code: 'cancelled' });
  });

  it('names the bad option', async () => {
    await expect(blockKrylovSvd(fast, 151, { seed: 1, kernels })).rejects.toMatchObject({ code: 'invalid-input', where: { field: 'rank' } });
    await expect(blockKrylovSvd(fast, 5, { seed: 1, kernels, blockSize: 0 })).rejects.toMatchObject({ where: { field: 'blockSize' } });
  });
});

describe('block Krylov SVD with blocks of 16 and more (one Gram–Schmidt pass while Pythagoras holds)', () => {
  it('has every one of d = 80 singular values within 1 % of the known ones on a flat spectrum, where one pass alone breaks down', async () => {
    const kernels = await createKernels('cpu', { threads: 2 });
    try {
      // σ_i = (i + 1)^-0.1: σ₈₀/σ₁₆₀ is only 1.07, flatter than SPPMI's tail. With one pass at
      // every step σ₁ came out 2.9 (not 1) here: the second passes the Pythagoras test starts must repair it.
      const spectrum = Array.from({ length: 500 }, (_, index) => (index + 1) ** -0.1);
      const flat = withSpectrum(1000, 900, spectrum, 9);
      const svd = await blockKrylovSvd(flat, 80, { seed: 2, kernels });
      expect(svd.statistics.blockSize).toBe(16);
      expect(svd.statistics.secondPasses).toBeGreaterThan(0);
      expect(svd.statistics.converged).toBe(true);
      expect(svd.statistics.estimatedError).toBeLessThanOrEqual(0.01);
      expect(worstRelativeDifference(svd.S, spectrum, 80)).toBeLessThan(0.01);
      expect(orthonormalityError(svd.U, flat.rows, 80)).toBeLessThan(1e-3);
      expect(orthonormalityError(svd.V, flat.columns, 80)).toBeLessThan(2e-2);
    } finally {
      await kernels.dispose();
    }
  });
});

describe('estimateRitzError', () => {
  it('takes the largest relative change of √θ and extrapolates it geometrically', () => {
    const previous = Float64Array.of(100, 64);
    const values = Float64Array.of(100, 81); // σ 10 → 10 and 8 → 9: the largest change is 1/9
    const first = estimateRitzError(values, previous, undefined);
    expect(first.change).toBeCloseTo(1 / 9, 12);
    expect(first.estimate).toBeCloseTo(1 / 9, 12); // r = 0.5 before a ratio is known
    // A change a quarter of the one before: r = 0.25, estimate change/3.
    expect(estimateRitzError(values, previous, 4 / 9).estimate).toBeCloseTo(1 / 27, 12);
    // Changes that do not shrink are capped at r = 0.85.
    expect(estimateRitzError(values, previous, 1 / 18).estimate).toBeCloseTo((1 / 9) * (0.85 / 0.15), 12);
  });
});
