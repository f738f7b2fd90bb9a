// Truncated SVD of a sparse matrix by block Krylov iteration (block Lanczos on A·Aᵀ with full
// re-orthogonalisation; Musco & Musco, "Randomized block Krylov methods for stronger and faster
// approximate singular value decomposition", NeurIPS 2015), with a convergence check on the Ritz
// values.
//
// Why not more power iterations: SPPMI spectra are flat past the first few values (text8 prefix:
// σ₁ = 315, σ₁₀₀ = 67.1, σ₁₃₀ = 64.1), and subspace iteration converges like (σ_{l+1}/σ_d)^(2q):
// with l = 110, q = 4 (10 passes over A, 1,100 columns in all) σ₁₀₀ is 8 % low, and even l = 200,
// q = 6 (2,800 columns) leaves 1.1 %. A Krylov space of the same size converges like the square
// root of that gap: blocks of 40 columns, 10 steps (22 passes over A but only 880 columns in all)
// bring every σ_i within 0.6 % (measured against ARPACK with numpy on the benchmark matrix).
//
// With b the block size, Y₀ = orth(A·Ω) (Ω Gaussian, columns×b) and for j = 0, 1, …:
//   W_j = Aᵀ·Y_j,  Z = A·W_j,  C = Pᵀ·Z with P = [Y₀ … Y_j],  Z ← Z − P·C,  Y_{j+1}·R = Z (QR).
// C holds T = Pᵀ·A·Aᵀ·P column block by column block (Y_iᵀ·A·Aᵀ·Y_j), so T costs nothing extra;
// its eigenvalues θ (Ritz values) approach σ². The iteration stops once the d largest move less than
// `tolerance` (relative) from one step to the next, or at the largest Krylov dimension. Then
// T·S = S·Θ (the d largest), U = P·S, σ = √θ and V = Aᵀ·U·Σ⁻¹ = [W₀ … W_j]·S·Σ⁻¹ (the W blocks are
// kept, so no further pass over A). Every product with A or Aᵀ and every dense product runs on the
// kernels in float32 (A and Aᵀ stay in the workers' memory); only T's eigenpairs are found here, in
// float64, without the O(K³) accumulation of a full decomposition (symmetric-eigen.ts).
//
// Each new block is orthogonalised against all earlier ones by classical Gram–Schmidt (two float32
// matmuls a pass; a second pass for small blocks); T is formed from the first pass's inner
// products, not from a recurrence.

import { FirthError } from '../../shared/errors';
import type { Kernels, PreparedSparse } from '../compute/kernels';
import { createXoshiro128 } from '../random/xoshiro128';
import { fillStandardNormal } from '../random/gaussian';
import { checkCsr, type CsrMatrix } from '../compute/csr';
import { fixSigns, type TruncatedSvd } from './randomized-svd';
import { largestEigenpairs, type LargestEigenpairs } from './symmetric-eigen';
import { tallSkinnyQr } from './tall-skinny-qr';

export interface BlockKrylovProgress {
  /** Krylov steps done (one pass over Aᵀ and one over A each), of at most `total`. */
  done: number;
  total: number;
  elapsedMs: number;
}

export interface BlockKrylovSvdOptions {
  /** Seeds the Gaussian start block: the same seed, matrix and backend give the same result. */
  seed: number;
  kernels: Kernels;
  /** Columns per block, b; default max(8, ⌈0.4·d⌉). */
  blockSize?: number;
  /** Stop when the d largest Ritz values (σ²) change by less than this, relative, per step; default 2e-2. */
  tolerance?: number;
  /** The largest Krylov dimension (columns of P); default max(6·d, d + 2b), at most min(rows, columns). */
  maxDimension?: number;
  signal?: AbortSignal;
  onProgress?: (progress: BlockKrylovProgress) => void;
  /**
   * A warm start: right singular vectors of a similar matrix (columns×k, row-major, e.g. a
   * neighbouring grid point of a sweep). Their first b columns are added to the Gaussian start
   * block, so the Krylov space starts near the subspace it is looking for.
   */
  start?: { vectors: Float32Array; columns: number };
}

/** omega (n×b) += the first min(b, k) columns of the start vectors, scaled to the Gaussian columns' norm (√n). */
function addStartBlock(omega: Float32Array, start: { vectors: Float32Array; columns: number }, n: number, b: number): void {
  const k = start.columns;
  if (start.vectors.length !== n * k) return; // another vocabulary: a cold start
  const scale = 4 * Math.sqrt(n);
  for (let row = 0; row < n; row++) {
    for (let column = 0; column < Math.min(b, k); column++) omega[row * b + column] += scale * start.vectors[row * k + column];
  }
}

export interface SvdStatistics {
  /** Products with A or Aᵀ (sparse passes). */
  passes: number;
  /** Krylov steps taken and the dimension reached. */
  steps: number;
  /** Classical Gram–Schmidt passes per block: 2 for blocks under 24 columns, else 1. */
  gramSchmidtPasses: number;
  dimension: number;
  blockSize: number;
  /** The last step's largest relative change of the d Ritz values (NaN if only one step ran). */
  ritzChange: number;
  converged: boolean;
  /** Floating-point operations of the kernels (sparse and dense products, QR), and their rate. */
  gflop: number;
  gflopPerSecond: number;
  milliseconds: number;
}

export type BlockKrylovSvd = TruncatedSvd & { statistics: SvdStatistics };

function checkWhole(name: string, value: number, minimum: number): void {
  if (!Number.isInteger(value) || value < minimum) {
    throw new FirthError('invalid-input', `blockKrylovSvd: ${name} must be a whole number ≥ ${minimum} (got ${value})`, { field: name });
  }
}

/** [left | right] for row-major left (rows×leftColumns) and right (rows×rightColumns). */
function appendColumns(left: Float32Array, leftColumns: number, right: Float32Array, rightColumns: number, rows: number): Float32Array {
  const columns = leftColumns + rightColumns;
  const result = new Float32Array(rows * columns);
  for (let row = 0; row < rows; row++) {
    result.set(left.subarray(row * leftColumns, (row + 1) * leftColumns), row * columns);
    result.set(right.subarray(row * rightColumns, (row + 1) * rightColumns), row * columns + leftColumns);
  }
  return result;
}

/**
 * The d largest singular values of a sparse A and their vectors, A ≈ U·diag(S)·Vᵀ, by block Krylov
 * iteration on `options.kernels` (see the top of this file).
 */
export async function blockKrylovSvd(matrix: CsrMatrix, d: number, options: BlockKrylovSvdOptions): Promise<BlockKrylovSvd> {
  const { kernels, signal, onProgress, seed } = options;
  checkCsr(matrix, 'blockKrylovSvd: A');
  const { rows: m, columns: n } = matrix;
  const smaller = Math.min(m, n);
  checkWhole('rank', d, 1);
  if (d > smaller) {
    throw new FirthError('invalid-input', `blockKrylovSvd: the rank ${d} exceeds the smaller side of the ${m}×${n} matrix`, { field: 'rank' });
  }
  const b = Math.min(options.blockSize ?? Math.max(8, Math.ceil(0.4 * d)), smaller);
  checkWhole('blockSize', b, 1);
  const tolerance = options.tolerance ?? 2e-2;
  if (!(tolerance > 0)) throw new FirthError('invalid-input', `blockKrylovSvd: tolerance must be > 0 (got ${tolerance})`, { field: 'tolerance' });
  const maxDimension = Math.min(smaller, Math.max(d, options.maxDimension ?? Math.max(6 * d, d + 2 * b)));
  const maxSteps = Math.ceil(maxDimension / b);
  const nonZeros = matrix.values.length;

  const started = performance.now();
  const timings = { sparseProductsMs: 0, orthonormalizationMs: 0, smallSvdMs: 0, otherMs: 0 };
  let flop = 0;
  let passes = 0;
  const checkpoint = () => {
    if (signal?.aborted) throw new FirthError('cancelled', 'The SVD was cancelled.');
  };
  const timed = async <T>(key: keyof typeof timings, work: () => Promise<T> | T): Promise<T> => {
    const start = performance.now();
    try {
      return await work();
    } finally {
      timings[key] += performance.now() - start;
    }
  };
  const matmul = (a: Float32Array, x: Float32Array, rows: number, inner: number, columns: number) => {
    checkpoint();
    flop += 2 * rows * inner * columns;
    return timed('otherMs', () => kernels.matmul(a, x, rows, inner, columns));
  };
  const orthonormalize = async (y: Float32Array) => {
    checkpoint();
    const qr = await timed('orthonormalizationMs', () => tallSkinnyQr(y, m, b, kernels, { checkpoint }));
    // Each Cholesky-QR pass: a Gram matrix and Y·R⁻¹, 2·m·b² flops each.
    flop += 4 * m * b * b * Math.max(1, qr.passes);
    return qr.Q;
  };

  checkpoint();
  const A: PreparedSparse = await kernels.prepareSparse(matrix);
  try {
    const sparse = (x: Float32Array, transpose: boolean) => {
      checkpoint();
      passes++;
      flop += 2 * nonZeros * b;
      return timed('sparseProductsMs', () => (transpose ? A.transposeTimesDense(x, b) : A.timesDense(x, b)));
    };

    const omega = new Float32Array(n * b);
    fillStandardNormal(omega, createXoshiro128(seed));
    if (options.start) addStartBlock(omega, options.start, n, b);
    let Y = await orthonormalize(await sparse(omega, false));

    // P = [Y₀ … Y_j] row-major (m×K) for P·C, and Pᵀ (K×m) for Pᵀ·Z; the W blocks for V at the end.
    let P: Float32Array = new Float32Array(0);
    const Pt = new Float32Array(maxSteps * b * m);
    const W: Float32Array[] = [];
    const T = new Float64Array(maxSteps * b * maxSteps * b);
    const stride = maxSteps * b;
    let K = 0;
    let previous: Float64Array | undefined;
    let lastCheck = -Infinity;
    const twoPasses = b < 24;
    let eigen: LargestEigenpairs | undefined;
    let ritzChange = Number.NaN;
    let converged = false;
    let steps = 0;

    const subtractProjection = async (Z: Float32Array, C: Float32Array) => {
      const projection = await matmul(P, C, m, K, b);
      for (let index = 0; index < Z.length; index++) Z[index] -= projection[index];
    };

    for (;;) {
      const Wj = await sparse(Y, true);
      W.push(Wj);
      const Z = await sparse(Wj, false);
      for (let row = 0; row < m; row++) {
        for (let column = 0; column < b; column++) Pt[(K + column) * m + row] = Y[row * b + column];
      }
      P = K === 0 ? Y : await timed('otherMs', () => appendColumns(P, K, Y, b, m));
      K += b;
      steps++;

      const C = await matmul(Pt.subarray(0, K * m), Z, K, m, b);
      await subtractProjection(Z, C);
      // Small blocks take many steps, and one float32 pass then leaves parts along P that grow into
      // copies of converged Ritz values ("ghosts": b = 8 on a flat spectrum, 15 steps, σ 80 % off);
      // a second pass removes them (twice is enough). Blocks of 24 or more (d ≥ 60 by default) need
      // only one: on the benchmark matrix (b = 40, 12 steps) σ agree to 1e-4 with and without it,
      // and Kahan's test (a column shrinking below 1/√2) fired at every step there, so it cannot tell.
      if (twoPasses) await subtractProjection(Z, await matmul(Pt.subarray(0, K * m), Z, K, m, b));
      const first = K - b;
      for (let i = 0; i < K; i++) {
        for (let column = 0; column < b; column++) {
          const value = i >= first ? (C[i * b + column] + C[(first + column) * b + (i - first)]) / 2 : C[i * b + column];
          T[i * stride + first + column] = value;
          T[(first + column) * stride + i] = value;
        }
      }
      onProgress?.({ done: steps, total: maxSteps, elapsedMs: performance.now() - started });

      // The Ritz values can only have settled once the space is well past d. Each check costs an
      // O(K³) eigen-decomposition here, so after the first one they come every other step, and the
      // change is taken per step.
      const lastStep = steps >= maxSteps;
      if ((K >= 3 * d && steps - lastCheck >= 2) || lastStep) {
        checkpoint();
        eigen = await timed('smallSvdMs', () => largestEigenpairs(compact(T, stride, K), K, d));
        const ritz = eigen.values;
        if (previous) {
          let change = 0;
          for (let i = 0; i < ritz.length; i++) change = Math.max(change, Math.abs(ritz[i] - previous[i]) / Math.abs(ritz[i]));
          ritzChange = change / (steps - lastCheck);
          converged = ritzChange <= tolerance;
        }
        previous = ritz;
        lastCheck = steps;
      }
      if (converged || lastStep) break;
      Y = await orthonormalize(Z);
    }

    checkpoint();
    // The last step always checked: its Ritz pairs are the result.
    const ritzPairs = eigen!;
    const ritzVectors = await timed('smallSvdMs', () => ritzPairs.vectors());
    const S = new Float32Array(K * d);
    const singularValues = new Float64Array(d);
    for (let i = 0; i < d; i++) {
      singularValues[i] = Math.sqrt(Math.max(0, ritzPairs.values[i]));
      for (let k = 0; k < K; k++) S[k * d + i] = ritzVectors[i * K + k];
    }
    const U = await matmul(P, S, m, K, d);
    // V = Σ_j W_j·S_j (S_j: block j's rows of S), block by block: no n×K copy of the W blocks.
    const V = new Float32Array(n * d);
    for (const [block, Wj] of W.entries()) {
      const part = await matmul(Wj, S.subarray(block * b * d, (block + 1) * b * d), n, b, d);
      for (let index = 0; index < V.length; index++) V[index] += part[index];
    }
    for (let row = 0; row < n; row++) {
      for (let i = 0; i < d; i++) V[row * d + i] = singularValues[i] > 0 ? V[row * d + i] / singularValues[i] : 0;
    }
    fixSigns(U, V, m, n, d);
    const milliseconds = performance.now() - started;
    return {
      rows: m,
      columns: n,
      rank: d,
      U,
      S: singularValues,
      V,
      timings,
      statistics: {
        passes,
        steps,
        gramSchmidtPasses: twoPasses ? 2 : 1,
        dimension: K,
        blockSize: b,
        ritzChange,
        converged,
        gflop: flop / 1e9,
        gflopPerSecond: flop / 1e6 / milliseconds,
        milliseconds,
      },
    };
  } finally {
    await A.release();
  }
}

/** The leading K×K block of a stride×stride row-major matrix. */
function compact(matrix: Float64Array, stride: number, K: number): Float64Array {
  const result = new Float64Array(K * K);
  for (let row = 0; row < K; row++) result.set(matrix.subarray(row * stride, row * stride + K), row * K);
  return result;
}
