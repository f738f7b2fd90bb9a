// Levy & Goldberg (2014): with k negatives drawn from P_α(c) = N_c^α / Σ_c' N_c'^α, SGNS's per-cell
// optimum (dimension unconstrained) is
//
//   w·c = PMI_α(w, c) − log k = log( N(w,c) · Σ_c' N_c'^α / (N_w · N_c^α) ) − log k
//
// with N(w, c) the co-occurrence count and N_w, N_c its row and column sums. This module samples
// observed cells and sets the two sides next to each other, so a plot shows how close a trained
// model comes to it.

import { FirthError } from '../../shared/errors';
import type { CooccurrenceMatrix } from '../cooccurrence/cooccurrence-matrix';
import { pearson, spearman } from '../evaluation/correlation';
import { createXoshiro128 } from '../random/xoshiro128';

export interface TheoremSampleInput {
  counts: CooccurrenceMatrix;
  /** α of P_α(c): the noise exponent SGNS sampled negatives with (word2vec 0.75). */
  alpha: number;
  /** k: negatives per positive pair. */
  k: number;
  /** Word and context vectors, V×d row-major, rows in the count matrix's order. */
  W: Float32Array;
  C: Float32Array;
  d: number;
  /** S: the most cells to return. */
  sampleSize: number;
  seed: number;
}

export interface TheoremSample {
  /** Observed cells (non-zero counts) in the matrix. */
  cells: number;
  /** Per sampled cell, in row-major order: w, c, N(w, c), PMI_α(w, c) − log k and w·c. */
  row: Uint32Array;
  column: Uint32Array;
  count: Float64Array;
  shiftedPmi: Float64Array;
  dot: Float64Array;
  /** Between shiftedPmi and dot over the sample; NaN when either is constant (or under 2 cells). */
  pearson: number;
  spearman: number;
}

/**
 * Up to S observed cells, PMI_α − log k and w·c for each, and how well they correlate. Cells are
 * stratified by count, so rare and frequent pairs are both seen rather than the rare ones swamping the
 * sample (most cells are seen once or twice): see `stratifiedCells`.
 */
export function theoremSample(input: TheoremSampleInput): TheoremSample {
  const { counts, alpha, k, W, C, d, sampleSize, seed } = input;
  const { rows, columns, rowPointers, columnIndices, values, rowSums, columnSums } = counts;
  if (!(Number.isFinite(alpha) && alpha >= 0)) throw new FirthError('invalid-input', `alpha must be a number ≥ 0 (got ${alpha})`, { field: 'alpha' });
  if (!(Number.isFinite(k) && k > 0)) throw new FirthError('invalid-input', `k must be a number > 0 (got ${k})`, { field: 'k' });
  if (!Number.isSafeInteger(d) || d < 1) throw new FirthError('invalid-input', `d must be a whole number ≥ 1 (got ${d})`, { field: 'd' });
  if (W.length < rows * d || C.length < columns * d) {
    throw new FirthError('invalid-input', `W and C must hold ${rows}×${d} and ${columns}×${d} values (got ${W.length} and ${C.length})`, { field: 'W' });
  }
  if (!Number.isSafeInteger(sampleSize) || sampleSize < 0) {
    throw new FirthError('invalid-input', `sampleSize must be a whole number ≥ 0 (got ${sampleSize})`, { field: 'sampleSize' });
  }

  const slots = stratifiedCells(values.subarray(0, rowPointers[rows]), sampleSize, seed);
  const cells = observedCells(values.subarray(0, rowPointers[rows]));
  const sampled = slots.length;

  // log Σ_c' N_c'^α, and log N_c^α = α·log N_c per column.
  let smoothedTotal = 0;
  for (let column = 0; column < columns; column++) smoothedTotal += columnSums[column] > 0 ? Math.pow(columnSums[column], alpha) : 0;
  const logShift = Math.log(smoothedTotal) - Math.log(k);

  const row = new Uint32Array(sampled);
  const column = new Uint32Array(sampled);
  const count = new Float64Array(sampled);
  const shiftedPmi = new Float64Array(sampled);
  const dot = new Float64Array(sampled);
  // Slots ascend, so one walk down the rows finds each slot's row.
  let word = 0;
  for (let index = 0; index < sampled; index++) {
    const slot = slots[index];
    while (rowPointers[word + 1] <= slot) word++;
    const context = columnIndices[slot];
    row[index] = word;
    column[index] = context;
    count[index] = values[slot];
    shiftedPmi[index] = Math.log(values[slot]) + logShift - Math.log(rowSums[word]) - alpha * Math.log(columnSums[context]);
    let product = 0;
    const wordOffset = word * d;
    const contextOffset = context * d;
    for (let j = 0; j < d; j++) product += W[wordOffset + j] * C[contextOffset + j];
    dot[index] = product;
  }
  return { cells, row, column, count, shiftedPmi, dot, pearson: pearson(shiftedPmi, dot), spearman: spearman(shiftedPmi, dot) };
}

/**
 * Slots of up to S cells, ascending. Cells fall in bins by ⌊log₂ N(w,c)⌋; each bin gets an equal share
 * of S, a bin with fewer cells than its share gives all of them and what it leaves spreads over the
 * larger bins. Within a bin, cells are drawn uniformly without replacement (xoshiro128 from `seed`).
 * Every cell when there are no more than S. A stored zero is not an observed cell (its PMI is −∞).
 */
export function stratifiedCells(values: Float64Array, sampleSize: number, seed: number): Uint32Array {
  const cells = observedCells(values);
  if (cells <= sampleSize) {
    const all = new Uint32Array(cells);
    for (let slot = 0, taken = 0; slot < values.length; slot++) if (values[slot] > 0) all[taken++] = slot;
    return all;
  }

  const binOf = new Int32Array(values.length);
  let lowest = Infinity;
  let highest = -Infinity;
  for (let slot = 0; slot < values.length; slot++) {
    if (!(values[slot] > 0)) continue;
    const bin = Math.floor(Math.log2(values[slot]));
    binOf[slot] = bin;
    if (bin < lowest) lowest = bin;
    if (bin > highest) highest = bin;
  }
  const binCount = highest - lowest + 1;
  // Counting sort of the slots by bin: members[starts[b] … starts[b + 1]) are bin b's slots, ascending.
  const starts = new Uint32Array(binCount + 1);
  for (let slot = 0; slot < values.length; slot++) if (values[slot] > 0) starts[binOf[slot] - lowest + 1]++;
  for (let bin = 0; bin < binCount; bin++) starts[bin + 1] += starts[bin];
  const members = new Uint32Array(cells);
  const filled = starts.slice(0, binCount);
  for (let slot = 0; slot < values.length; slot++) if (values[slot] > 0) members[filled[binOf[slot] - lowest]++] = slot;

  // Smallest bins first: each takes min(size, ⌈remaining / bins left⌉), so what a small bin cannot
  // use goes to the bins after it.
  const nonEmpty = Array.from({ length: binCount }, (_, bin) => bin).filter((bin) => starts[bin + 1] > starts[bin]);
  nonEmpty.sort((left, right) => starts[left + 1] - starts[left] - (starts[right + 1] - starts[right]) || left - right);
  const random = createXoshiro128(seed);
  const chosen: number[] = [];
  let remaining = sampleSize;
  nonEmpty.forEach((bin, position) => {
    const start = starts[bin];
    const size = starts[bin + 1] - start;
    const take = Math.min(size, Math.ceil(remaining / (nonEmpty.length - position)));
    remaining -= take;
    // Partial Fisher–Yates over the bin's slice of `members`: its first `take` entries become the draw.
    for (let drawn = 0; drawn < take; drawn++) {
      const pick = drawn + Math.floor(random.nextFloat() * (size - drawn));
      const swap = members[start + pick];
      members[start + pick] = members[start + drawn];
      members[start + drawn] = swap;
      chosen.push(swap);
    }
  });
  return Uint32Array.from(chosen).sort();
}

function observedCells(values: Float64Array): number {
  let cells = 0;
  for (let slot = 0; slot < values.length; slot++) if (values[slot] > 0) cells++;
  return cells;
}
