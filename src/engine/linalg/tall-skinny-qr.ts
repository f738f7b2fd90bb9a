// Thin QR of a tall-skinny matrix (rows ≈ 22 k, columns l ≈ 110) for the randomized SVD, where it
// runs after every product with A: it must cost little more than one product.
//
// Cholesky-QR: G = YᵀY, G = RᵀR (Cholesky), Q = Y·R⁻¹. The two big steps run on the compute kernels
// (gram, 2·rows·l² flops as a matmul); the l×l Cholesky and R⁻¹ run here in float64. One pass leaves
// ‖QᵀQ − I‖ ≈ κ(Y)²·ε, ε the Gram's relative error, because forming G squares the condition number;
// a second pass on Q, whose κ is then close to 1, brings Q to working accuracy: Cholesky-QR2
// (Yamamoto, Nakatsukasa, Yanagisawa & Fukaya 2015). Rather than assume that, each pass measures
// its result: the Gram matrix of Q, which the next pass would need anyway, is checked against I,
// and passes go on (at most maxPasses) until ‖QᵀQ − I‖_max ≤ tolerance, or until they stop
// improving it at a level the Gram's own rounding explains (≤ 1e-4). The power iterations only
// need a well-conditioned basis of the right span and accept one pass (tolerance 1e-2); the final
// bases take two. A first Gram matrix that does not factor (κ(Y) ≳ 1e4) is shifted (shifted
// Cholesky-QR3); when even that fails (Y rank-deficient to working precision) the QR falls back
// to Householder in float64 (householder-qr.ts), slow but unconditionally stable.
//
// Measured on 22,541×110 on the cpu backend, 2 threads (AMD EPYC): gram 5.3 ms (float64 beyond
// chunks of 64 rows: relative error ~1e-8, where a float32 matmul gives ~1e-5, and κ² multiplies
// that), Y·R⁻¹ 9–13 ms; ‖QᵀQ − I‖ is 2e-5 (κ(Y) = 1) to 3e-3 (κ = 100) after one pass and 1.2e-7
// after two. Householder in float64 JavaScript takes about 0.9 s.

import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import type { Kernels } from '../compute/kernels';
import { householderQr } from './householder-qr';

export interface TallSkinnyQr {
  /** rows×columns, orthonormal columns, row-major. */
  Q: Float32Array;
  /** columns×columns upper triangular, row-major: Y = Q·R. */
  R: Float64Array;
  /** How Q was found: Cholesky-QR passes (1 or 2 in the common case), or Householder (passes 0). */
  method: 'cholesky-qr' | 'householder';
  passes: number;
  /** max |QᵀQ − I| as measured after the last Cholesky-QR pass (Householder: not measured, NaN). */
  orthogonalityError: number;
}

export interface TallSkinnyQrOptions {
  /** Accept Q once max |QᵀQ − I| ≤ tolerance; 1e-6 by default (float32 Q reaches about 1e-7). */
  tolerance?: number;
  /** Runs before each kernel call: the SVD checks its AbortSignal there. */
  checkpoint?: () => void;
  /**
   * Where the first pass may write Q (rows·columns floats, not Y), on backends that support it
   * (Kernels.matmul): a caller factoring a block per step reuses one array. Later passes write
   * fresh arrays, since an earlier pass's Q may be the one returned.
   */
  into?: Float32Array;
}

/** Cholesky-QR passes before giving up on a Y that keeps coming back far from orthonormal. */
const maxPasses = 4;

/**
 * The largest max |QᵀQ − I| accepted when passes stop improving it: what a float32 Gram matrix
 * over some hundred thousand rows can still measure.
 */
const noiseFloorLimit = 1e-4;

/**
 * The shift of a first pass whose Gram matrix does not factor, relative to its largest diagonal
 * entry: κ(Q) after it is about 1e-3·κ(Y), and Y up to κ ≈ 1e7 (measured) needs no Householder.
 */
const firstPassShift = 1e-6;

function largestDiagonal(gram: Float64Array, columns: number): number {
  let largest = 0;
  for (let i = 0; i < columns; i++) largest = Math.max(largest, gram[i * columns + i]);
  return largest;
}

/**
 * Pivots of the Cholesky factor below this fraction of the Gram diagonal (R_jj² / G_jj) mean Y's
 * column j is, to float32 accuracy, a combination of the columns before it: R⁻¹ would amplify
 * rounding noise past any repair.
 */
const smallestPivotRatio = 1e-10;

/** The upper-triangular R of G = RᵀR in float64, or undefined when G is not numerically positive definite. */
function choleskyFactor(gram: Float64Array, columns: number, shift = 0): Float64Array | undefined {
  const g = new Matrix(columns, columns);
  for (let i = 0; i < columns; i++) {
    for (let j = 0; j <= i; j++) {
      g.set(i, j, gram[i * columns + j]);
      g.set(j, i, gram[i * columns + j]);
    }
    g.set(i, i, gram[i * columns + i] + shift);
  }
  const cholesky = new CholeskyDecomposition(g);
  if (!cholesky.isPositiveDefinite()) return undefined;
  const lower = cholesky.lowerTriangularMatrix;
  const R = new Float64Array(columns * columns);
  for (let i = 0; i < columns; i++) {
    const pivot = lower.get(i, i);
    if (!(pivot * pivot >= smallestPivotRatio * g.get(i, i)) || !Number.isFinite(pivot)) return undefined;
    for (let j = i; j < columns; j++) R[i * columns + j] = lower.get(j, i);
  }
  return R;
}

/** R⁻¹ of an upper-triangular R with a non-zero diagonal, by back substitution, in float64. */
export function invertUpperTriangular(R: Float64Array, size: number): Float64Array {
  const inverse = new Float64Array(size * size);
  for (let column = 0; column < size; column++) {
    inverse[column * size + column] = 1 / R[column * size + column];
    for (let row = column - 1; row >= 0; row--) {
      let sum = 0;
      for (let k = row + 1; k <= column; k++) sum += R[row * size + k] * inverse[k * size + column];
      inverse[row * size + column] = -sum / R[row * size + row];
    }
  }
  return inverse;
}

/** Left · Right of two upper-triangular size×size matrices, in float64. */
function multiplyUpperTriangular(left: Float64Array, right: Float64Array, size: number): Float64Array {
  const product = new Float64Array(size * size);
  for (let i = 0; i < size; i++) {
    for (let j = i; j < size; j++) {
      let sum = 0;
      for (let k = i; k <= j; k++) sum += left[i * size + k] * right[k * size + j];
      product[i * size + j] = sum;
    }
  }
  return product;
}

function distanceFromIdentity(G: Float64Array, size: number): number {
  let worst = 0;
  for (let i = 0; i < size; i++) {
    for (let j = i; j < size; j++) worst = Math.max(worst, Math.abs(G[i * size + j] - (i === j ? 1 : 0)));
  }
  // NaN (an overflow in Q) must not pass for orthonormal.
  return Number.isNaN(worst) ? Infinity : worst;
}

/**
 * Y = Q·R for a tall-skinny Y (rows×columns, rows ≥ columns): Cholesky-QR passes on the kernels
 * until Q is orthonormal to `tolerance`, Householder in float64 when Y is (numerically) rank-deficient.
 */
export async function tallSkinnyQr(y: Float32Array, rows: number, columns: number, kernels: Kernels, options: TallSkinnyQrOptions = {}): Promise<TallSkinnyQr> {
  const tolerance = options.tolerance ?? 1e-6;
  const checkpoint = options.checkpoint ?? (() => undefined);
  let q = y;
  let R: Float64Array | undefined;
  let best: TallSkinnyQr | undefined;
  checkpoint();
  let gram = await kernels.gram(q, rows, columns);
  for (let pass = 1; pass <= maxPasses; pass++) {
    let passR = choleskyFactor(gram, columns);
    // Shifted Cholesky-QR (Fukaya, Kannan, Nakatsukasa, Yamamoto & Yanagisawa 2020): G + s·I always
    // factors, and Q = Y·R⁻¹ then has κ(Q) ≈ √s / σ_min(Y) instead of κ(Y), which the next passes
    // can repair. Only for the first pass: a later Q that still fails is beyond repair.
    if (!passR && pass === 1) passR = choleskyFactor(gram, columns, firstPassShift * largestDiagonal(gram, columns));
    if (!passR) break;
    const inverse = Float32Array.from(invertUpperTriangular(passR, columns));
    checkpoint();
    q = await kernels.matmul(q, inverse, rows, columns, columns, pass === 1 && options.into !== y ? options.into : undefined);
    // Y = Q₁R₁ = Q₂R₂R₁ = …: the factors accumulate on the left.
    R = R ? multiplyUpperTriangular(passR, R, columns) : passR;
    checkpoint();
    gram = await kernels.gram(q, rows, columns);
    const orthogonalityError = distanceFromIdentity(gram, columns);
    const result: TallSkinnyQr = { Q: q, R, method: 'cholesky-qr', passes: pass, orthogonalityError };
    if (orthogonalityError <= tolerance) return result;
    // A pass that no longer shrinks the error 4-fold has met the Gram matrix's own rounding (float32
    // sums over many rows on the gpu.js backends): more passes cannot show a better Q.
    if (best && orthogonalityError > best.orthogonalityError / 4 && orthogonalityError <= noiseFloorLimit) return result;
    if (!best || orthogonalityError < best.orthogonalityError) best = result;
  }
  if (best && best.orthogonalityError <= noiseFloorLimit) return best;
  checkpoint();
  const { Q, R: householderR } = householderQr(y, rows, columns);
  return { Q, R: householderR, method: 'householder', passes: 0, orthogonalityError: Number.NaN };
}
