// The full-matrix SGNS objective (Levy & Goldberg 2014, eq. 2 summed over the corpus): with N the
// co-occurrence counts, N_i its row sums and P_α(j) = N_j^α / Σ N_j'^α the noise distribution,
//
//   ℓ = Σ_ij N_ij·softplus(−w_i·c_j) + Σ_ij k·N_i·P_α(j)·softplus(w_i·c_j)
//
// (softplus(x) = log(1 + eˣ) = −log σ(−x)). The first sum runs over observed cells only; the second
// over all V×V cells, so it is taken tile by tile — a block of rows of W against a block of columns
// of C, one matrix product each — and never as a dense V×V matrix. All sums are float64.
// With hilbert's negative term (Kenyon-Dean & Newell, MF-SGNS's --negative-term hilbert) the second
// sum's weight is k·(N_i − N_ij)·P_α(j): the same dense sum less k·N_ij·P_α(j)·softplus(w_i·c_j) on
// each observed cell.

import { FirthError } from '../../shared/errors';
import type { CooccurrenceMatrix } from '../cooccurrence/cooccurrence-matrix';
import { trackPhase, type LongWorkOptions } from '../long-work';
import { checkFactorPair, innerProduct, type FactorPair } from './factor-pair';

/** C(m×n) = A(m×k)·B(k×n), row-major float32: the compute kernels' matmul. */
export type Matmul = (a: Float32Array, b: Float32Array, m: number, k: number, n: number) => Promise<Float32Array>;

export interface SgnsLossInput {
  counts: CooccurrenceMatrix;
  /** Scored as w·c: biases, if any, are not part of the SGNS objective. */
  pair: FactorPair;
  /** k: negatives per positive pair; α: the noise exponent. */
  k: number;
  alpha: number;
  /** What P_α is made of: word2vec draws negatives by corpus word counts; the counts' column sums when absent. */
  noiseCounts?: Float64Array;
  /** levy (default): N⁻_ij = k·N_i·P_α(j); hilbert: k·(N_i − N_ij)·P_α(j). */
  negativeTerm?: 'levy' | 'hilbert';
  /** Tiles of the negative term on a backend; plain TypeScript dot products when absent. */
  matmul?: Matmul;
  /** Rows and columns per tile (defaults 512 and 4,096). */
  rowTile?: number;
  columnTile?: number;
}

export interface SgnsLoss {
  loss: number;
  /** Σ N_ij·softplus(−w·c): the observed pairs. */
  positive: number;
  /** Σ k·N_i·P_α(j)·softplus(w·c): the negative samples, over every cell. */
  negative: number;
}

/** log(1 + eˣ) without overflow for large x or loss of digits for very negative x. */
export function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/** P_α(j) = N_j^α / Σ N_j'^α over the columns of the counts (0 for a column never seen). */
export function noiseDistribution(columnSums: Float64Array, alpha: number): Float64Array {
  const smoothed = new Float64Array(columnSums.length);
  let total = 0;
  for (let column = 0; column < columnSums.length; column++) {
    smoothed[column] = columnSums[column] > 0 ? Math.pow(columnSums[column], alpha) : 0;
    total += smoothed[column];
  }
  if (total > 0) for (let column = 0; column < smoothed.length; column++) smoothed[column] /= total;
  return smoothed;
}

export async function sgnsLoss(input: SgnsLossInput, work: LongWorkOptions = {}): Promise<SgnsLoss> {
  const { counts, pair, k, alpha, matmul } = input;
  if (!(Number.isFinite(k) && k > 0)) throw new FirthError('invalid-input', `k must be a number > 0 (got ${k})`, { field: 'k' });
  if (!(Number.isFinite(alpha) && alpha >= 0)) throw new FirthError('invalid-input', `alpha must be a number ≥ 0 (got ${alpha})`, { field: 'alpha' });
  checkFactorPair(pair, counts.rows);
  checkNoiseCounts(input.noiseCounts, counts.columns);
  if (counts.columns !== counts.rows) throw new FirthError('invalid-input', `the counts must be square (got ${counts.rows}×${counts.columns})`, { field: 'counts' });
  const V = counts.rows;
  const d = pair.dimensions;
  const rowTile = Math.max(1, Math.min(V, input.rowTile ?? 512));
  const columnTile = Math.max(1, Math.min(V, input.columnTile ?? 4096));

  const noise = noiseDistribution(input.noiseCounts ?? counts.columnSums, alpha);
  const hilbert = input.negativeTerm === 'hilbert';
  let positive = 0;
  // hilbert: Σ over observed cells of k·N_ij·P_α(j)·softplus(w·c), taken off the dense negative sum.
  let ownNegatives = 0;
  for (let row = 0; row < V; row++) {
    for (let slot = counts.rowPointers[row]; slot < counts.rowPointers[row + 1]; slot++) {
      const value = counts.values[slot];
      if (!(value > 0)) continue;
      const column = counts.columnIndices[slot];
      const x = innerProduct(pair, row, column);
      positive += value * softplus(-x);
      if (hilbert) ownNegatives += k * value * noise[column] * softplus(x);
    }
  }

  // Σ_j P_α(j)·softplus(w_i·c_j) per row, accumulated over the column tiles.
  const rowNoise = new Float64Array(V);
  const rowBlocks = Math.ceil(V / rowTile);
  const columnBlocks = Math.ceil(V / columnTile);
  const progress = trackPhase('loss', rowBlocks * columnBlocks, 'tiles', work);
  let tilesDone = 0;
  for (let columnStart = 0; columnStart < V; columnStart += columnTile) {
    const columnEnd = Math.min(V, columnStart + columnTile);
    const width = columnEnd - columnStart;
    // Cᵀ of the column block (d × width), for the products W_block · Cᵀ_block.
    const contextsT = matmul ? transposeRows(pair.C, columnStart, columnEnd, d) : undefined;
    for (let rowStart = 0; rowStart < V; rowStart += rowTile) {
      const rowEnd = Math.min(V, rowStart + rowTile);
      const height = rowEnd - rowStart;
      if (matmul && contextsT) {
        const scores = await matmul(pair.W.subarray(rowStart * d, rowEnd * d), contextsT, height, d, width);
        for (let local = 0; local < height; local++) {
          let sum = 0;
          const offset = local * width;
          for (let column = 0; column < width; column++) sum += noise[columnStart + column] * softplus(scores[offset + column]);
          rowNoise[rowStart + local] += sum;
        }
      } else {
        for (let row = rowStart; row < rowEnd; row++) {
          let sum = 0;
          for (let column = columnStart; column < columnEnd; column++) sum += noise[column] * softplus(innerProduct(pair, row, column));
          rowNoise[row] += sum;
        }
      }
      await progress.pause(++tilesDone);
    }
  }
  progress.finish();
  let negative = 0;
  for (let row = 0; row < V; row++) negative += k * counts.rowSums[row] * rowNoise[row];
  negative -= ownNegatives;
  return { loss: positive + negative, positive, negative };
}

export function checkNoiseCounts(noiseCounts: Float64Array | undefined, columns: number): void {
  if (noiseCounts && noiseCounts.length !== columns) {
    throw new FirthError('invalid-input', `noiseCounts must hold one count per column (${columns}, got ${noiseCounts.length})`, { field: 'noiseCounts' });
  }
}

/** The rows [start, end) of a row-major n×d matrix, transposed to d×(end − start). */
function transposeRows(matrix: Float32Array, start: number, end: number, d: number): Float32Array {
  const width = end - start;
  const transposed = new Float32Array(d * width);
  for (let row = start; row < end; row++) {
    const offset = row * d;
    for (let index = 0; index < d; index++) transposed[index * width + (row - start)] = matrix[offset + index];
  }
  return transposed;
}
