import type { CorpusOverview } from '@shared/runs';

export type ZipfPoint = CorpusOverview['zipf'][number];

/**
 * The Zipf plot's points and domains on log–log axes: log scales cannot show 0, so points with a
 * zero rank or count are dropped; domains are padded to whole powers of ten so the ticks land on
 * 1, 10, 100 … as a reader expects.
 */
export function zipfChart(points: readonly ZipfPoint[]): { points: ZipfPoint[]; x: [number, number]; y: [number, number] } {
  const kept = points.filter((point) => point.rank > 0 && point.count > 0).sort((a, b) => a.rank - b.rank);
  if (kept.length === 0) return { points: [], x: [1, 10], y: [1, 10] };
  const decade = (value: number, round: (value: number) => number) => 10 ** round(Math.log10(value));
  const ranks = kept.map((point) => point.rank);
  const counts = kept.map((point) => point.count);
  const x: [number, number] = [decade(Math.min(...ranks), Math.floor), decade(Math.max(...ranks), Math.ceil)];
  const y: [number, number] = [decade(Math.min(...counts), Math.floor), decade(Math.max(...counts), Math.ceil)];
  if (x[0] === x[1]) x[1] *= 10;
  if (y[0] === y[1]) y[1] *= 10;
  return { points: kept, x, y };
}

/**
 * Zipf's exponent s in count ∝ rank^(−s), by least squares on the log–log points; null with fewer
 * than two distinct ranks.
 */
export function zipfExponent(points: readonly ZipfPoint[]): number | null {
  const kept = points.filter((point) => point.rank > 0 && point.count > 0);
  if (new Set(kept.map((point) => point.rank)).size < 2) return null;
  const xs = kept.map((point) => Math.log(point.rank));
  const ys = kept.map((point) => Math.log(point.count));
  const meanX = xs.reduce((sum, value) => sum + value, 0) / xs.length;
  const meanY = ys.reduce((sum, value) => sum + value, 0) / ys.length;
  let covariance = 0;
  let variance = 0;
  for (let index = 0; index < xs.length; index++) {
    covariance += (xs[index] - meanX) * (ys[index] - meanY);
    variance += (xs[index] - meanX) ** 2;
  }
  return -covariance / variance;
}

/** Below this share of its items in the vocabulary, a test set's score says little about the model. */
export const LOW_COVERAGE = 0.8;

export interface CoverageRow {
  id: string;
  name: string;
  kind: 'similarity' | 'analogy';
  covered: number;
  total: number;
  /** covered / total, 0 for an empty set. */
  share: number;
  low: boolean;
}

export function coverageRows(coverage: CorpusOverview['coverage'], threshold = LOW_COVERAGE): CoverageRow[] {
  return coverage.map((set) => {
    const share = set.total > 0 ? set.covered / set.total : 0;
    return { ...set, share, low: share < threshold };
  });
}

/** `42.5%`, one decimal; whole numbers at 0 and 100 % read better. */
export function formatPercent(share: number): string {
  const percent = share * 100;
  return percent === 0 || percent === 100 ? `${percent}%` : `${percent.toFixed(1)}%`;
}

/** `1,234,567`: exact counts in tables (the statistics are exact, unlike progress rates). */
const integerFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
export function formatCount(value: number): string {
  return integerFormat.format(value);
}

/** Bytes in the largest unit that keeps a number ≥ 1 (1024-based, as file managers show). */
export function formatBytes(sizeBytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = sizeBytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}
