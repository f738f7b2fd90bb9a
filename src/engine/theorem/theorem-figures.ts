// The theorem view's figures for one run over every observed cell (N_ij > 0) of its own counts:
// the model's score (w·c, or w·c + b + b̃) against the matrix cell it stands for —
//
//   shifted-pmi  PMI_α(i, j) − log k = log( N_ij / (N_i · P_α(j)) ) − log k, P_α(j) ∝ N_j^α   (SGNS's per-cell optimum,
//                Levy & Goldberg 2014; what SPPMI-SVD factorises where it is positive)
//   log-count    log N_ij                                                        (GloVe's target)
//
// as a binned 2-D density on one range for both axes, the binned median and quartiles, a table by
// count band, Pearson's r plain and weighted by what the loss gives a cell, and the weight each loss
// (SGNS, SVD's squared loss on SPPMI, GloVe) gives a cell of a given count.

import type { TheoremBand } from '../../shared/compare';
import { FirthError } from '../../shared/errors';
import type { CooccurrenceMatrix } from '../cooccurrence/cooccurrence-matrix';
import { pearson } from '../evaluation/correlation';
import { trackPhase, type LongWorkOptions } from '../long-work';
import { cellScore, checkFactorPair, type FactorPair } from './factor-pair';
import { checkNoiseCounts, noiseDistribution } from './sgns-loss';

export type TheoremTarget = 'shifted-pmi' | 'log-count';

export interface TheoremFiguresInput {
  counts: CooccurrenceMatrix;
  pair: FactorPair;
  target: TheoremTarget;
  k: number;
  alpha: number;
  /** What P_α is made of: word2vec draws negatives by corpus word counts; the counts' column sums when absent. */
  noiseCounts?: Float64Array;
  /** Which weight the weighted r uses: SGNS's N_ij + k·N_i·P_α(j), or GloVe's f(N_ij). */
  weight: 'sgns' | 'glove';
  /** The SGNS weight's negative term: levy k·N_i·P_α(j) (default), or hilbert k·(N_i − N_ij)·P_α(j). */
  negativeTerm?: 'levy' | 'hilbert';
  /** GloVe's x_max and exponent, for f(N) = min(1, (N/x_max)^exponent) (the paper: 100 and 0.75). */
  xMax: number;
  gloveExponent?: number;
  /** Density grid bins per axis (default 80) and median bins along the target (default 40). */
  densityBins?: number;
  medianBins?: number;
}

export interface TheoremFigures {
  cells: number;
  pearson: number | null;
  weightedPearson: number | null;
  density: { domain: [number, number]; bins: number; counts: number[]; outside: number };
  median: { x: number[]; median: number[]; q25: number[]; q75: number[]; cells: number[] };
  bands: TheoremBand[];
  weights: { low: number[]; cells: number[]; sgns: number[]; svd: number[]; glove: number[]; xMax: number };
}

/** The count bands of the table. Weighted windows (dyn, harmonic) make counts below 1: their own band. */
export const countBands: ReadonlyArray<{ label: string; low: number; high: number | null }> = [
  { label: 'N < 1', low: 0, high: 1 },
  { label: '1 ≤ N < 2', low: 1, high: 2 },
  { label: '2 ≤ N < 10', low: 2, high: 10 },
  { label: '10 ≤ N < 100', low: 10, high: 100 },
  { label: 'N ≥ 100', low: 100, high: null },
];

/** A median bin needs this many cells to be drawn. */
const smallestMedianBin = 10;
/** The density's range leaves out this share of cells at each end of either axis. */
const tail = 0.005;

/** GloVe's weighting function f(x) = min(1, (x / x_max)^exponent) (Pennington et al. 2014, eq. 9; exponent 0.75). */
export function gloveWeight(count: number, xMax: number, exponent = 0.75): number {
  return count >= xMax ? 1 : Math.pow(count / xMax, exponent);
}

export async function theoremFigures(input: TheoremFiguresInput, work: LongWorkOptions = {}): Promise<TheoremFigures> {
  const { counts, pair, target, k, alpha, xMax } = input;
  if (!(Number.isFinite(k) && k > 0)) throw new FirthError('invalid-input', `k must be a number > 0 (got ${k})`, { field: 'k' });
  if (!(Number.isFinite(alpha) && alpha >= 0)) throw new FirthError('invalid-input', `alpha must be a number ≥ 0 (got ${alpha})`, { field: 'alpha' });
  if (!(Number.isFinite(xMax) && xMax > 0)) throw new FirthError('invalid-input', `xMax must be a number > 0 (got ${xMax})`, { field: 'xMax' });
  checkFactorPair(pair, counts.rows);
  checkNoiseCounts(input.noiseCounts, counts.columns);
  const densityBins = input.densityBins ?? 80;
  const medianBins = input.medianBins ?? 40;

  const { rows, rowPointers, columnIndices, values, rowSums } = counts;
  let cells = 0;
  for (let slot = 0; slot < rowPointers[rows]; slot++) if (values[slot] > 0) cells++;
  const x = new Float64Array(cells);
  const y = new Float64Array(cells);
  const count = new Float64Array(cells);
  const shiftedPmi = new Float64Array(cells);
  const sgnsWeight = new Float64Array(cells);
  const noise = noiseDistribution(input.noiseCounts ?? counts.columnSums, alpha);
  const logK = Math.log(k);
  const hilbert = input.negativeTerm === 'hilbert';
  const progress = trackPhase('figures', rows, 'rows', work);
  let cell = 0;
  for (let row = 0; row < rows; row++) {
    const logRow = Math.log(rowSums[row]);
    for (let slot = rowPointers[row]; slot < rowPointers[row + 1]; slot++) {
      const value = values[slot];
      if (!(value > 0)) continue;
      const column = columnIndices[slot];
      const logCount = Math.log(value);
      shiftedPmi[cell] = logCount - logRow - Math.log(noise[column]) - logK;
      x[cell] = target === 'shifted-pmi' ? shiftedPmi[cell] : logCount;
      y[cell] = cellScore(pair, row, column);
      count[cell] = value;
      sgnsWeight[cell] = value + k * (hilbert ? rowSums[row] - value : rowSums[row]) * noise[column];
      cell++;
    }
    if ((row & 255) === 255) await progress.pause(row + 1);
  }
  progress.finish();

  const exponent = input.gloveExponent ?? 0.75;
  const weight = input.weight === 'sgns' ? sgnsWeight : count.map((value) => gloveWeight(value, xMax, exponent));
  const domain = sharedDomain(x, y);
  return {
    cells,
    pearson: finiteOrNull(pearson(x, y)),
    weightedPearson: finiteOrNull(weightedPearson(x, y, weight)),
    density: density(x, y, domain, densityBins),
    median: binnedQuartiles(x, y, domain, medianBins),
    bands: bandTable(x, y, count),
    weights: weightsByCount(count, shiftedPmi, sgnsWeight, xMax, exponent),
  };
}

/** Pearson's r with weights: the weighted covariance over the weighted standard deviations. */
export function weightedPearson(x: ArrayLike<number>, y: ArrayLike<number>, weight: ArrayLike<number>): number {
  let total = 0;
  let meanX = 0;
  let meanY = 0;
  for (let index = 0; index < x.length; index++) {
    total += weight[index];
    meanX += weight[index] * x[index];
    meanY += weight[index] * y[index];
  }
  if (!(total > 0) || x.length < 2) return Number.NaN;
  meanX /= total;
  meanY /= total;
  let covariance = 0;
  let varianceX = 0;
  let varianceY = 0;
  for (let index = 0; index < x.length; index++) {
    const dx = x[index] - meanX;
    const dy = y[index] - meanY;
    covariance += weight[index] * dx * dy;
    varianceX += weight[index] * dx * dx;
    varianceY += weight[index] * dy * dy;
  }
  return varianceX > 0 && varianceY > 0 ? covariance / Math.sqrt(varianceX * varianceY) : Number.NaN;
}

/** The q-quantile of ascending values, interpolated linearly between order statistics (numpy's default). */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = q * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

/**
 * One range for both axes — the plot has equal aspect, so the identity line is the diagonal — from
 * the lowest to the highest of the two sides' 0.5 % and 99.5 % quantiles, padded by 2 %. The
 * quantiles are read off a fine histogram (1/4096 of the range), close enough for a plot's range and
 * without sorting millions of values.
 */
function sharedDomain(x: Float64Array, y: Float64Array): [number, number] {
  if (x.length === 0) return [-1, 1];
  const [lowX, highX] = approximateQuantiles(x, tail, 1 - tail);
  const [lowY, highY] = approximateQuantiles(y, tail, 1 - tail);
  let low = Math.min(lowX, lowY);
  let high = Math.max(highX, highY);
  if (!(high > low)) {
    low -= 1;
    high += 1;
  }
  const pad = (high - low) * 0.02;
  return [low - pad, high + pad];
}

const quantileBins = 4096;

/** The lower edge of the bin holding the lower quantile and the upper edge of the one holding the upper: never narrower than the exact quantiles. */
function approximateQuantiles(values: Float64Array, lower: number, upper: number): [number, number] {
  let low = Infinity;
  let high = -Infinity;
  for (const value of values) {
    if (value < low) low = value;
    if (value > high) high = value;
  }
  if (!(high > low)) return [low, high];
  const histogram = new Float64Array(quantileBins);
  const scale = quantileBins / (high - low);
  for (const value of values) histogram[Math.min(quantileBins - 1, Math.floor((value - low) * scale))]++;
  const edge = (bin: number) => low + bin / scale;
  const below = lower * (values.length - 1);
  const above = upper * (values.length - 1);
  let seen = 0;
  let lowerEdge = low;
  let upperEdge = high;
  let foundLower = false;
  for (let bin = 0; bin < quantileBins; bin++) {
    const next = seen + histogram[bin];
    if (!foundLower && next > below) {
      lowerEdge = edge(bin);
      foundLower = true;
    }
    if (next > above) {
      upperEdge = edge(bin + 1);
      break;
    }
    seen = next;
  }
  return [lowerEdge, upperEdge];
}

function binOf(value: number, low: number, high: number, bins: number): number {
  if (!(value >= low && value <= high)) return -1;
  return Math.min(bins - 1, Math.floor(((value - low) / (high - low)) * bins));
}

function density(x: Float64Array, y: Float64Array, domain: [number, number], bins: number): TheoremFigures['density'] {
  const grid = new Array<number>(bins * bins).fill(0);
  let outside = 0;
  for (let index = 0; index < x.length; index++) {
    const column = binOf(x[index], domain[0], domain[1], bins);
    const row = binOf(y[index], domain[0], domain[1], bins);
    if (column < 0 || row < 0) outside++;
    else grid[row * bins + column]++;
  }
  return { domain, bins, counts: grid, outside };
}

/** Per bin of the target (cells whose target falls in the domain): the score's median and quartiles. */
function binnedQuartiles(x: Float64Array, y: Float64Array, domain: [number, number], bins: number): TheoremFigures['median'] {
  const members: number[][] = Array.from({ length: bins }, () => []);
  for (let index = 0; index < x.length; index++) {
    const bin = binOf(x[index], domain[0], domain[1], bins);
    if (bin >= 0) members[bin].push(y[index]);
  }
  const result: TheoremFigures['median'] = { x: [], median: [], q25: [], q75: [], cells: [] };
  const width = (domain[1] - domain[0]) / bins;
  members.forEach((scores, bin) => {
    if (scores.length < smallestMedianBin) return;
    const sorted = Float64Array.from(scores).sort();
    result.x.push(domain[0] + (bin + 0.5) * width);
    result.median.push(quantile(sorted, 0.5));
    result.q25.push(quantile(sorted, 0.25));
    result.q75.push(quantile(sorted, 0.75));
    result.cells.push(sorted.length);
  });
  return result;
}

/** Which band of `countBands` a count falls in (-1 for none). */
function bandOf(count: number): number {
  for (let band = countBands.length - 1; band >= 0; band--) if (count >= countBands[band].low) return band;
  return -1;
}

/** Per band, two passes over the cells (means, then centred sums): r, slope and mean offset without copying the band out. */
function bandTable(x: Float64Array, y: Float64Array, count: Float64Array): TheoremBand[] {
  const bands = countBands.length;
  const band = new Int8Array(count.length);
  const n = new Float64Array(bands);
  const meanX = new Float64Array(bands);
  const meanY = new Float64Array(bands);
  for (let index = 0; index < count.length; index++) {
    const which = bandOf(count[index]);
    band[index] = which;
    if (which < 0) continue;
    n[which]++;
    meanX[which] += x[index];
    meanY[which] += y[index];
  }
  for (let which = 0; which < bands; which++) {
    meanX[which] /= n[which];
    meanY[which] /= n[which];
  }
  const covariance = new Float64Array(bands);
  const varianceX = new Float64Array(bands);
  const varianceY = new Float64Array(bands);
  for (let index = 0; index < count.length; index++) {
    const which = band[index];
    if (which < 0) continue;
    const dx = x[index] - meanX[which];
    const dy = y[index] - meanY[which];
    covariance[which] += dx * dy;
    varianceX[which] += dx * dx;
    varianceY[which] += dy * dy;
  }
  return countBands.map((definition, which) => ({
    ...definition,
    cells: n[which],
    pearson: n[which] >= 2 && varianceX[which] > 0 && varianceY[which] > 0 ? covariance[which] / Math.sqrt(varianceX[which] * varianceY[which]) : null,
    slope: n[which] >= 2 && varianceX[which] > 0 ? covariance[which] / varianceX[which] : null,
    meanOffset: n[which] > 0 ? meanY[which] - meanX[which] : null,
  }));
}

/** Per count bin [2^e, 2^(e+1)): cells and the mean weight SGNS, SVD on SPPMI and GloVe give one. */
function weightsByCount(count: Float64Array, shiftedPmi: Float64Array, sgnsWeight: Float64Array, xMax: number, gloveExponent: number): TheoremFigures['weights'] {
  const bins = new Map<number, { cells: number; sgns: number; svd: number; glove: number }>();
  for (let index = 0; index < count.length; index++) {
    const exponent = Math.floor(Math.log2(count[index]));
    const bin = bins.get(exponent) ?? { cells: 0, sgns: 0, svd: 0, glove: 0 };
    bin.cells++;
    bin.sgns += sgnsWeight[index];
    bin.svd += shiftedPmi[index] > 0 ? 1 : 0;
    bin.glove += gloveWeight(count[index], xMax, gloveExponent);
    bins.set(exponent, bin);
  }
  const exponents = [...bins.keys()].sort((left, right) => left - right);
  const result: TheoremFigures['weights'] = { low: [], cells: [], sgns: [], svd: [], glove: [], xMax };
  for (const exponent of exponents) {
    const bin = bins.get(exponent)!;
    result.low.push(2 ** exponent);
    result.cells.push(bin.cells);
    result.sgns.push(bin.sgns / bin.cells);
    result.svd.push(bin.svd / bin.cells);
    result.glove.push(bin.glove / bin.cells);
  }
  return result;
}

export function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
