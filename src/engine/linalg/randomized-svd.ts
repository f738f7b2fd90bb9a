// Truncated SVD of a sparse matrix by randomized subspace iteration: Halko, Martinsson & Tropp,
// "Finding structure with randomness" (SIAM Review 2011), algorithms 4.4 (range finder with power
// iterations, re-orthonormalised after every product) and 5.1 (direct SVD of the projection).
//
// With A rows×cols, rank d, oversampling p, l = d + p and q power iterations:
//   Ω ~ N(0, 1) cols×l;  Q = qr(A·Ω);  q times: Q̃ = qr(Aᵀ·Q), Q = qr(A·Q̃);
//   Bᵀ = Aᵀ·Q (cols×l, B = Qᵀ·A without ever forming Qᵀ·A);  Bᵀ = Q_B·R_B;  R_Bᵀ = U_R·Σ·V_Rᵀ;
//   A ≈ Q·B = (Q·U_R)·Σ·(Q_B·V_R)ᵀ,  so U = Q·U_R, V = Q_B·V_R, keeping the first d of each.
// That is 2q + 2 products with A or Aᵀ (sparse × dense, on the kernels) and 2q + 2 tall-skinny QRs
// (tall-skinny-qr.ts, Gram matmuls on the kernels); only l×l work runs here in float64.
//
// Why a QR of Bᵀ rather than the eigendecomposition of B·Bᵀ (l×l; it saves one tall-skinny QR,
// about 40 ms at 22,541×110): B·Bᵀ = U_R·Σ²·U_Rᵀ squares B's condition number, so an eigenvalue is
// known only to about ε·σ₁² (ε the Gram's relative error: 2^-24 with the gpu.js backends' float32
// sums), σ_i to a relative ε·(σ₁/σ_i)²/2, and V = Bᵀ·U_R·Σ⁻¹ then divides those errors by the small
// σ_i, so V's trailing columns lose orthogonality. SPPMI has σ₁/σ₁₀₀ of 5 to 9 on the text8 prefix,
// more with larger d. Cholesky-QR2 of Bᵀ is backward stable once its second pass converges
// (‖Bᵀ − Q_B·R_B‖ and ‖Q_BᵀQ_B − I‖ of order u), so R_B has B's singular values to about u·σ₁ and
// V = Q_B·V_R is orthonormal whatever σ_i; the l×l SVD of R_B runs in float64.

import { Matrix, SingularValueDecomposition } from 'ml-matrix';
import { FirthError } from '../../shared/errors';
import type { Kernels, PreparedSparse } from '../compute/kernels';
import { createXoshiro128, type RandomSource } from '../random/xoshiro128';
import { checkCsr, type CsrMatrix } from '../compute/csr';
import { fillStandardNormal } from '../random/gaussian';
import { tallSkinnyQr } from './tall-skinny-qr';

export interface SvdProgress {
  /** 'sketch': Y = A·Ω and its QR; 'power-iteration': one Aᵀ·Q, A·Q̃ round; 'factorization': B, its QR and the small SVD. */
  phase: 'sketch' | 'power-iteration' | 'factorization';
  /** Steps finished, of total = powerIterations + 2. */
  done: number;
  total: number;
  elapsedMs: number;
}

export interface RandomizedSvdOptions {
  /** Extra columns of the test matrix beyond the rank (Halko et al.'s p; 5–10 is usual, 10 by default). */
  oversample?: number;
  /** Power iterations (Halko et al.'s q), each two more products with A; 4 by default. */
  powerIterations?: number;
  /** Seeds the Gaussian test matrix: the same seed, matrix and backend give the same result. */
  seed: number;
  kernels: Kernels;
  /** Checked between products; aborting throws FirthError 'cancelled'. */
  signal?: AbortSignal;
  onProgress?: (progress: SvdProgress) => void;
}

export interface TruncatedSvd {
  rows: number;
  columns: number;
  /** d, the number of singular triplets kept. */
  rank: number;
  /** rows×d, orthonormal columns, row-major. */
  U: Float32Array;
  /** The d largest singular values, descending. */
  S: Float64Array;
  /** columns×d, orthonormal columns, row-major. */
  V: Float32Array;
  /** Milliseconds spent in each kind of work, for benchmarks. */
  timings: { sparseProductsMs: number; orthonormalizationMs: number; smallSvdMs: number; otherMs: number };
}

/** rows×columns independent N(0, 1) values from a seeded generator. */
function gaussianMatrix(rows: number, columns: number, random: RandomSource): Float32Array {
  const values = new Float32Array(rows * columns);
  fillStandardNormal(values, random);
  return values;
}

function checkInteger(name: string, value: number, minimum: number): void {
  if (!Number.isInteger(value) || value < minimum) {
    throw new FirthError('invalid-input', `randomizedSvd: ${name} must be a whole number ≥ ${minimum} (got ${value})`, { field: name });
  }
}

/** The first `keep` columns of a row-major size×size ml-matrix, as float32 size×keep. */
function leadingColumns(matrix: Matrix, size: number, keep: number): Float32Array {
  const result = new Float32Array(size * keep);
  for (let row = 0; row < size; row++) {
    for (let column = 0; column < keep; column++) result[row * keep + column] = matrix.get(row, column);
  }
  return result;
}

/**
 * Flips the sign of singular pairs so that each column of U has its largest-magnitude entry
 * positive (scikit-learn's svd_flip): signs are otherwise arbitrary, and this makes results
 * comparable across backends and runs.
 */
export function fixSigns(U: Float32Array, V: Float32Array, rows: number, columns: number, rank: number): void {
  const sign = columnSigns(U, rows, rank);
  if (!sign) return;
  flipColumns(U, rows, rank, sign);
  flipColumns(V, columns, rank, sign);
}

/**
 * ±1 per column of U (rows×rank): the sign of the column's entry largest in magnitude; undefined
 * when every sign is +1 (nothing to flip). Row by row, in the factor's own order: a pass per column
 * strode rank·4 bytes and cost more than the SVD's last product.
 */
export function columnSigns(U: Float32Array, rows: number, rank: number): Float32Array | undefined {
  const largest = new Float32Array(rank);
  for (let row = 0; row < rows; row++) {
    const offset = row * rank;
    for (let k = 0; k < rank; k++) {
      const value = U[offset + k];
      if (Math.abs(value) > Math.abs(largest[k])) largest[k] = value;
    }
  }
  const sign = Float32Array.from(largest, (value) => (value < 0 ? -1 : 1));
  return sign.every((value) => value === 1) ? undefined : sign;
}

/** factor (count×rank) with column k multiplied by sign[k], in place (exact: a negation). */
export function flipColumns(factor: Float32Array, count: number, rank: number, sign: Float32Array): void {
  for (let row = 0; row < count; row++) {
    const offset = row * rank;
    for (let k = 0; k < rank; k++) factor[offset + k] *= sign[k];
  }
}

/**
 * The d largest singular values of a sparse matrix A and their singular vectors, A ≈ U·diag(S)·Vᵀ,
 * by randomized subspace iteration on `options.kernels` (see the top of this file); l = d + oversample
 * is clipped to min(rows, columns). Accuracy depends on how fast the spectrum falls past σ_d: the
 * error shrinks like (σ_{l+1}/σ_d)^(2q+1). SPPMI tails are flat: on the text8 prefix (22,541²,
 * window 5, cds 0.75, shift log 5: 2.8 M non-zeros, σ₁ = 315, σ₅₀ = 75, σ₁₀₀ = 67), d = 100 with
 * p = 10 gives σ₁ to 1e-7, σ₅₀ to 2% and σ₁₀₀ to 8% with q = 4 (0.14% and 3% with q = 8), measured
 * against q = 12, p = 60; unshifted (4.5 M non-zeros) is much the same.
 */
export async function randomizedSvd(matrix: CsrMatrix, d: number, options: RandomizedSvdOptions): Promise<TruncatedSvd> {
  const { kernels, signal, onProgress, seed } = options;
  const oversample = options.oversample ?? 10;
  const powerIterations = options.powerIterations ?? 4;
  checkCsr(matrix, 'randomizedSvd: A');
  const { rows, columns } = matrix;
  const smaller = Math.min(rows, columns);
  checkInteger('rank', d, 1);
  if (d > smaller) {
    throw new FirthError('invalid-input', `randomizedSvd: the rank ${d} exceeds the smaller side of the ${rows}×${columns} matrix`, {
      field: 'rank',
    });
  }
  checkInteger('oversample', oversample, 0);
  checkInteger('powerIterations', powerIterations, 0);
  if (!Number.isFinite(seed)) throw new FirthError('invalid-input', `randomizedSvd: seed must be a number (got ${seed})`, { field: 'seed' });
  const l = Math.min(d + oversample, smaller);

  const started = performance.now();
  const timings = { sparseProductsMs: 0, orthonormalizationMs: 0, smallSvdMs: 0, otherMs: 0 };
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
  const total = powerIterations + 2;
  const report = (phase: SvdProgress['phase'], done: number) => onProgress?.({ phase, done, total, elapsedMs: performance.now() - started });
  // The power iterations need a well-conditioned basis of the right span, not an orthonormal one to
  // the last bit (scikit-learn uses LU there): one Cholesky-QR pass nearly always does.
  const orthonormalize = async (y: Float32Array, height: number, tolerance = 1e-6) =>
    timed('orthonormalizationMs', () => tallSkinnyQr(y, height, l, kernels, { tolerance, checkpoint }));
  const intermediate = 1e-2;

  checkpoint();
  const A: PreparedSparse = await kernels.prepareSparse(matrix);
  try {
    const times = (x: Float32Array) => {
      checkpoint();
      return timed('sparseProductsMs', () => A.timesDense(x, l));
    };
    const transposeTimes = (x: Float32Array) => {
      checkpoint();
      return timed('sparseProductsMs', () => A.transposeTimesDense(x, l));
    };

    const omega = await timed('otherMs', () => gaussianMatrix(columns, l, createXoshiro128(seed)));
    let Q = (await orthonormalize(await times(omega), rows, powerIterations > 0 ? intermediate : undefined)).Q;
    report('sketch', 1);
    for (let iteration = 1; iteration <= powerIterations; iteration++) {
      const Qt = (await orthonormalize(await transposeTimes(Q), columns, intermediate)).Q;
      Q = (await orthonormalize(await times(Qt), rows, iteration < powerIterations ? intermediate : undefined)).Q;
      report('power-iteration', 1 + iteration);
    }

    const Bt = await transposeTimes(Q);
    const { Q: QB, R: RB } = await orthonormalize(Bt, columns);
    checkpoint();
    // R_Bᵀ = U_R·Σ·V_Rᵀ in float64 (l×l).
    const small = await timed('smallSvdMs', () => {
      const RBt = new Matrix(l, l);
      for (let i = 0; i < l; i++) for (let j = i; j < l; j++) RBt.set(j, i, RB[i * l + j]);
      return new SingularValueDecomposition(RBt, { computeLeftSingularVectors: true, computeRightSingularVectors: true });
    });
    const UR = leadingColumns(small.leftSingularVectors, l, d);
    const VR = leadingColumns(small.rightSingularVectors, l, d);
    checkpoint();
    const U = await timed('otherMs', () => kernels.matmul(Q, UR, rows, l, d));
    checkpoint();
    const V = await timed('otherMs', () => kernels.matmul(QB, VR, columns, l, d));
    const S = Float64Array.from(small.diagonal.slice(0, d));
    fixSigns(U, V, rows, columns, d);
    report('factorization', total);
    return { rows, columns, rank: d, U, S, V, timings };
  } finally {
    await A.release();
  }
}
