// What the Theorem view draws, from the service's figures: the density's filled grid squares, the
// loss chart's series scaled to a common height, the runs ranked by their SGNS loss.

import type { Theorem } from '../../../shared/compare';

export interface DensityCell {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  count: number;
}

/** The non-empty squares of the density grid, in data coordinates (target on x, score on y). */
export function densityCells(density: Theorem['density']): DensityCell[] {
  const { domain, bins, counts } = density;
  const width = (domain[1] - domain[0]) / bins;
  const cells: DensityCell[] = [];
  counts.forEach((count, index) => {
    if (count === 0) return;
    const row = Math.floor(index / bins);
    const column = index % bins;
    cells.push({ x0: domain[0] + column * width, x1: domain[0] + (column + 1) * width, y0: domain[0] + row * width, y1: domain[0] + (row + 1) * width, count });
  });
  return cells;
}

export interface WeightSeries {
  key: 'sgns' | 'svd' | 'glove';
  label: string;
  points: Array<{ count: number; weight: number }>;
}

/**
 * Each loss's mean cell weight per count bin, divided by its own largest value: the shapes compare
 * (SGNS grows with N, SVD is flat on SPPMI cells, GloVe saturates at x_max), the scales do not.
 * Zero weights are left out (the chart's y axis is logarithmic).
 */
export function weightSeries(weights: Theorem['weights'], negativeTerm: Theorem['negativeTerm'] = 'levy'): WeightSeries[] {
  const series: Array<[WeightSeries['key'], string]> = [
    ['sgns', negativeTerm === 'hilbert' ? "MF-SGNS (hilbert's term): N + k·(N_i − N)·P_α(j)" : 'SGNS, MF-SGNS: N + k·N_i·P_α(j)'],
    ['svd', 'SVD on SPPMI: 1 where PMI > log k'],
    ['glove', `GloVe: f(N), x_max = ${weights.xMax}`],
  ];
  return series.map(([key, label]) => {
    const values = weights[key];
    const largest = Math.max(0, ...values);
    const points = weights.low.map((count, index) => ({ count, weight: largest > 0 ? values[index] / largest : 0 })).filter((point) => point.weight > 0);
    return { key, label, points };
  });
}

export interface RankedLoss {
  id: string;
  model: string;
  dimensions: number;
  loss: number;
  positive: number;
  negative: number;
  current: boolean;
  /** (loss − best) / best: 0 for the best run. */
  aboveBest: number;
}

/** The runs from the lowest SGNS loss (the best fit of the SGNS objective) up. */
export function rankedLosses(runs: Theorem['loss']['runs']): RankedLoss[] {
  const sorted = [...runs].sort((left, right) => left.loss - right.loss);
  const best = sorted[0]?.loss ?? 0;
  return sorted.map((run) => ({ ...run, aboveBest: best > 0 ? (run.loss - best) / best : 0 }));
}

/** r, slope, offset: three decimals, or "n/a" where the figure is undefined (too few cells). */
export function figureText(value: number | null, digits = 3): string {
  return value === null ? 'n/a' : value.toFixed(digits);
}
