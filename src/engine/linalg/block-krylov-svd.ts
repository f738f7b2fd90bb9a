// Truncated SVD of a sparse matrix by block Krylov iteration (block Lanczos on A·Aᵀ with full
// re-orthogonalisation; Musco & Musco, "Randomized block Krylov methods for stronger and faster
// approximate singular value decomposition", NeurIPS 2015), stopped by an estimate of each Ritz
// value's remaining error.
//
// Why not more power iterations: SPPMI spectra are flat past the first few values (text8 prefix:
// σ₁ = 315, σ₁₀₀ = 66.7, σ₁₁₀ = 65.6), and subspace iteration converges like (σ_{l+1}/σ_d)^(2q):
// with l = 110, q = 4 (10 passes over A, 1,100 columns in all) σ₁₀₀ is 8 % low, and even l = 200,
// q = 6 (2,800 columns) leaves 1.1 %. A Krylov space converges like the square root of that gap.
//
// With b the block size, Y₀ = orth(A·Ω) (Ω Gaussian, columns×b) and for j = 0, 1, …:
//   Z = A·(Aᵀ·Y_j),  C = Pᵀ·Z with P = [Y₀ … Y_j],  Z ← Z − P·C,  Y_{j+1}·R = Z (QR).
// C holds T = Pᵀ·A·Aᵀ·P column block by column block (Y_iᵀ·A·Aᵀ·Y_j), so T costs nothing extra;
// its eigenvalues θ (Ritz values) approach σ² from below. Then T·S = S·Θ (the d largest), U = P·S,
// σ = √θ and V = Aᵀ·U·Σ⁻¹ (one more pass over A, at width d). P lives in the kernels' memory
// (Kernels.createBasis): each step copies in only the new block.
//
// Cost. The dimension K (columns of P), not the block size, sets the work: 4·nnz·K for the sparse
// passes and 2·rows·K² for Gram–Schmidt against P, which dominates. At a given K, smaller blocks
// (more steps, a higher polynomial degree) converge further: on the benchmark matrix (22,541², 2.8 M
// non-zeros, d = 100) every σ_i is within 1 % of ARPACK's at K ≈ 350 with b = 16–24, K ≈ 410 with
// b = 32 and K ≈ 440 with b = 40. Blocks of 20 (0.2·d) keep the sparse kernel's SIMD chunks full and
// the steps few enough that their fixed costs stay small.
//
// Stopping. Every other step once K ≥ 3·d, the d largest Ritz values are computed and compared with
// the previous check's: Δ_i = |σ_i − σ_i'| / σ_i. Ritz values converge geometrically, so the error
// left after the check is about Δ_i·r/(1 − r), with r the ratio of this interval's largest change to
// the previous one's (0.25–0.85; 0.5 before there are two). The iteration stops once every σ_i's
// estimate is within `tolerance` (1 % by default). Measured against ARPACK on the benchmark matrix
// (two seeds): it stops at K = 380–420 with every σ_i within 0.3–0.5 %, where the estimate said
// 0.2–0.7 %; the Ritz-change-only rule it replaces (θ changing < 2 %/step at b = 40) ran to K = 480.
//
// Each new block is orthogonalised against P by one pass of classical Gram–Schmidt in float32 (two
// for blocks under 16 columns: small blocks take many steps, and one pass then leaves parts along P
// that grow into copies of converged Ritz values); T is formed from the first pass's inner products.
// Only T's eigenpairs are found here, in float64 (symmetric-eigen.ts), from its band: the checks'
// Ritz values, and at the end the d wanted vectors from the last check's band reduction.
//
// Where the time goes (issue 17; the benchmark matrix on the shared 2-core machine, warm process,
// load 2): 0.65–0.77 s, was 0.80–0.85 s in the same alternated runs (first run in a process 0.73–0.78
// s, was 1.01–1.04 s). Sparse products 0.24–0.31 s (40 passes, 6.3–7 ms each: gathers of X's rows),
// Gram–Schmidt 0.22–0.27 s (one queued DenseBasis.projectOut a step; its kernels run at ~37 GFLOP/s
// on two threads, bound by instruction throughput), the Cholesky-QR 0.04–0.05 s, the Ritz checks
// 0.03–0.04 s (band reduction and back-transformation in WebAssembly, tql2 without Math.hypot; was
// 0.08–0.09 s) and U = P·S, V and the signs 0.04–0.06 s.

import { FirthError } from '../../shared/errors';
import type { DenseBasis, Kernels, PreparedSparse } from '../compute/kernels';
import { createXoshiro128 } from '../random/xoshiro128';
import { fillStandardNormal } from '../random/gaussian';
import { checkCsr, type CsrMatrix } from '../compute/csr';
import { columnSigns, flipColumns, type TruncatedSvd } from './randomized-svd';
import { largestBandEigenpairs, type LargestEigenpairs } from './symmetric-eigen';
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
  /** Columns per block, b; default max(8, ⌈0.2·d⌉). */
  blockSize?: number;
  /** Stop once every σ_i's estimated relative error is below this; default 1e-2. */
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
  /** Classical Gram–Schmidt passes per block at the end: 2 for blocks under 16 columns or after a failed Pythagoras test, else 1. */
  gramSchmidtPasses: number;
  /** Steps that took a second Gram–Schmidt pass. */
  secondPasses: number;
  dimension: number;
  blockSize: number;
  /** The last check's largest relative change of the d singular values, per step (NaN if only one check ran). */
  ritzChange: number;
  /** The last check's largest estimated relative error of the d singular values (NaN if only one check ran). */
  estimatedError: number;
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

/**
 * One float32 Gram–Schmidt pass keeps P orthonormal on SPPMI matrices (Pythagoras holds to 1e-5–3e-5
 * at every step on the benchmark matrix), but not on every spectrum: on a dense 1000×900 test matrix
 * with σ_i = i^-0.1 the departure went 6e-5, 5.6e-4, 3.9e-2 in three steps, and one pass at every
 * step gives σ₁ 2.9× too large. Past this level each later step takes a second pass ("twice is
 * enough"), which holds U orthonormal to 2e-4 there. The level was 2e-3 while Pᵀ·Z summed all rows
 * in one float32 sum: Pythagoras then held only to 1e-4–4e-4 on SPPMI, and the test matrix's
 * departure crossed 2e-3 one step later than it crosses 2e-4 now, leaving U 2e-3 from orthonormal.
 */
const reorthogonalizeAbove = 2e-4;

/** The bounds on the per-step convergence ratio r of the error estimate (see the top of this file). */
const smallestRatio = 0.25;
const largestRatio = 0.85;
const unknownRatio = 0.5;

/**
 * The largest estimated relative error of the singular values √θ after a check, given the previous
 * check's values and largest change: Δ_i·r/(1 − r) (see the top of this file).
 */
export function estimateRitzError(
  values: Float64Array,
  previous: Float64Array,
  previousChange: number | undefined,
): { change: number; estimate: number } {
  let change = 0;
  for (let i = 0; i < values.length; i++) {
    const sigma = Math.sqrt(Math.max(0, values[i]));
    const before = Math.sqrt(Math.max(0, previous[i]));
    change = Math.max(change, sigma > 0 ? Math.abs(sigma - before) / sigma : Infinity);
  }
  const ratio = previousChange && previousChange > 0 ? Math.min(largestRatio, Math.max(smallestRatio, change / previousChange)) : unknownRatio;
  return { change, estimate: (change * ratio) / (1 - ratio) };
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
  const b = Math.min(options.blockSize ?? Math.max(8, Math.ceil(0.2 * d)), smaller);
  checkWhole('blockSize', b, 1);
  const tolerance = options.tolerance ?? 1e-2;
  if (!(tolerance > 0)) throw new FirthError('invalid-input', `blockKrylovSvd: tolerance must be > 0 (got ${tolerance})`, { field: 'tolerance' });
  const maxDimension = Math.min(smaller, Math.max(d, options.maxDimension ?? Math.max(6 * d, d + 2 * b)));
  const maxSteps = Math.ceil(maxDimension / b);
  const nonZeros = matrix.values.length;

  const started = performance.now();
  const timings = { sparseProductsMs: 0, orthonormalizationMs: 0, gramSchmidtMs: 0, smallSvdMs: 0, otherMs: 0 };
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
  // Every step's Y lands in the same array where the kernels allow: by the time a step factors its
  // block, the last Y's products and append have read it (1.8 MB a step of garbage otherwise).
  const nextY = new Float32Array(m * b);
  const orthonormalize = async (y: Float32Array) => {
    checkpoint();
    const qr = await timed('orthonormalizationMs', () => tallSkinnyQr(y, m, b, kernels, { checkpoint, into: nextY }));
    // Each Cholesky-QR pass: a Gram matrix and Y·R⁻¹, 2·m·b² flops each.
    flop += 4 * m * b * b * Math.max(1, qr.passes);
    return qr.Q;
  };

  checkpoint();
  const A: PreparedSparse = await kernels.prepareSparse(matrix);
  let P: DenseBasis | undefined;
  try {
    const sparse = (x: Float32Array, width: number, transpose: boolean, into?: Float32Array) => {
      checkpoint();
      passes++;
      flop += 2 * nonZeros * width;
      return timed('sparseProductsMs', () => (transpose ? A.transposeTimesDense(x, width, into) : A.timesDense(x, width, into)));
    };
    // Each step's products land in the same arrays (where the backend supports it): fresh ones for
    // every product were 8 MB of garbage a step on the benchmark matrix, a sixth of the main thread's time.
    const aTransposeY = new Float32Array(n * b);
    const aaTransposeY = new Float32Array(m * b);
    const projection = new Float32Array(m * b);
    const basis = (P = await kernels.createBasis(m, maxSteps * b));
    /** One Gram–Schmidt pass: Z − P·(Pᵀ·Z) (into `into` where the kernels support it), Pᵀ·Z and the column norms. */
    const projectOut = async (Z: Float32Array, into: Float32Array) => {
      checkpoint();
      const K = basis.columns;
      flop += 4 * m * K * b;
      const result = await timed('gramSchmidtMs', () => basis.projectOut(Z, b, into));
      checkpoint();
      return result;
    };

    const omega = new Float32Array(n * b);
    fillStandardNormal(omega, createXoshiro128(seed));
    if (options.start) addStartBlock(omega, options.start, n, b);
    let Y = await orthonormalize(await sparse(omega, b, false));

    const T = new Float64Array(maxSteps * b * maxSteps * b);
    const stride = maxSteps * b;
    let previous: Float64Array | undefined;
    let previousChange: number | undefined;
    let lastCheck = -Infinity;
    let twoPasses = b < 16;
    let secondPasses = 0;
    let ritzChange = Number.NaN;
    let estimatedError = Number.NaN;
    let converged = false;
    let steps = 0;
    /** The last check's Ritz values, and their vectors on demand: the last step always checks. */
    let ritzPairs: LargestEigenpairs | undefined;

    for (;;) {
      const W = sparse(Y, b, true, aTransposeY);
      // P grows by Y on the kernels' queue, after Aᵀ·Y (append writes only P's new columns, which
      // no product reads until the next Gram–Schmidt pass; the cpu backend copies on its threads).
      const appended = basis.append(Y, b);
      // Awaited below; if a product fails first, its error is the one reported, not an unhandled rejection.
      appended.catch(() => undefined);
      const Z = await sparse(await W, b, false, aaTransposeY);
      await appended;
      const K = basis.columns;
      steps++;

      const first = await projectOut(Z, projection);
      const C = first.coefficients;
      let projected = first.projection;
      // A second pass for small blocks always, and for any block once one pass has visibly failed.
      if (twoPasses || pythagorasError(first.squaredNormsBefore, first.squaredNormsAfter, C, K, b) > reorthogonalizeAbove) {
        twoPasses = true;
        secondPasses++;
        projected = (await projectOut(projected, Z)).projection;
      }
      const newest = K - b;
      for (let i = 0; i < K; i++) {
        for (let column = 0; column < b; column++) {
          const value = i >= newest ? (C[i * b + column] + C[(newest + column) * b + (i - newest)]) / 2 : C[i * b + column];
          T[i * stride + newest + column] = value;
          T[(newest + column) * stride + i] = value;
        }
      }
      onProgress?.({ done: steps, total: maxSteps, elapsedMs: performance.now() - started });

      // The Ritz values can only have settled once the space is well past d. They come every other
      // step, from T's band (O(K²·b), where all of T costs O(K³)): the estimate is steadier over
      // two steps (checks at every step stopped one step early, at 0.84 % on the benchmark matrix).
      const lastStep = steps >= maxSteps;
      if ((K >= 3 * d && steps - lastCheck >= 2) || lastStep) {
        checkpoint();
        ritzPairs = await timed('smallSvdMs', () => largestBandEigenpairs(compact(T, stride, K), K, b, d));
        const { values } = ritzPairs;
        if (previous) {
          const { change, estimate } = estimateRitzError(values, previous, previousChange);
          ritzChange = change / (steps - lastCheck);
          estimatedError = estimate;
          previousChange = change;
          converged = estimate <= tolerance;
        }
        previous = values;
        lastCheck = steps;
      }
      if (converged || lastStep) break;
      Y = await orthonormalize(projected);
    }

    checkpoint();
    // The Ritz pairs of the last step: its check's values, and their vectors from the same band
    // reduction (T's entries outside the band are rounding; all of T by Householder cost 2–3 times more).
    const K = basis.columns;
    const lastPairs = ritzPairs ?? largestBandEigenpairs(compact(T, stride, K), K, b, d);
    const ritzVectors = await timed('smallSvdMs', () => lastPairs.vectors());
    const S = new Float32Array(K * d);
    const singularValues = new Float64Array(d);
    for (let i = 0; i < d; i++) {
      singularValues[i] = Math.sqrt(Math.max(0, lastPairs.values[i]));
      for (let k = 0; k < K; k++) S[k * d + i] = ritzVectors[i * K + k];
    }
    checkpoint();
    flop += 2 * m * K * d;
    const U = await timed('otherMs', () => basis.times(S, d));
    // fixSigns's convention, applied to U before V = Aᵀ·U·Σ⁻¹ is formed: V then comes out with the
    // same signs (negating a column of U negates V's exactly), and needs no pass of its own.
    const sign = columnSigns(U, m, d);
    if (sign) flipColumns(U, m, d, sign);
    const V = await sparse(U, d, true);
    for (let row = 0; row < n; row++) {
      for (let i = 0; i < d; i++) V[row * d + i] = singularValues[i] > 0 ? V[row * d + i] / singularValues[i] : 0;
    }
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
        secondPasses,
        dimension: K,
        blockSize: b,
        ritzChange,
        estimatedError,
        converged,
        gflop: flop / 1e9,
        gflopPerSecond: flop / 1e6 / milliseconds,
        milliseconds,
      },
    };
  } finally {
    await P?.release();
    await A.release();
  }
}

/** The leading K×K block of a stride×stride row-major matrix. */
function compact(matrix: Float64Array, stride: number, K: number): Float64Array {
  const result = new Float64Array(K * K);
  for (let row = 0; row < K; row++) result.set(matrix.subarray(row * stride, row * stride + K), row * K);
  return result;
}

/**
 * After Z ← Z − P·C with C = Pᵀ·Z: the largest relative departure, over Z's columns, from
 * Pythagoras, ‖Z_after‖² = ‖Z_before‖² − ‖C‖², which holds while P is orthonormal and the products
 * are exact (see reorthogonalizeAbove).
 */
export function pythagorasError(before: Float64Array, after: Float64Array, C: Float32Array, K: number, b: number): number {
  let worst = 0;
  for (let column = 0; column < b; column++) {
    let projected = 0;
    for (let k = 0; k < K; k++) projected += C[k * b + column] * C[k * b + column];
    const error = Math.abs(after[column] - (before[column] - projected)) / after[column];
    worst = Math.max(worst, Number.isNaN(error) ? Infinity : error);
  }
  return worst;
}
