// Data for the Compare charts, prepared without a browser: histogram bins, brush snapping, the
// k-sweep and the SPPMI spectrum's cumulative energy (the theorem view's own data: theorem-data.ts).

/** One histogram bin: values in [x0, x1), the last bin also holding its upper edge. */
export interface Bin {
  x0: number;
  x1: number;
  count: number;
}

/** Overlap histograms split [0, 1] into this many bins (0.05 wide). */
export const OVERLAP_BINS = 20;

/**
 * `bins` equal bins over `domain`; a value equal to the upper edge (a Jaccard of 1.0) counts in the
 * last bin, values outside the domain or not finite are left out.
 */
export function histogram(values: ArrayLike<number>, bins = OVERLAP_BINS, domain: readonly [number, number] = [0, 1]): Bin[] {
  const [low, high] = domain;
  const width = (high - low) / bins;
  // Edges as (high − low)·i / bins, so 3/20 is 0.15 and not 3 × 0.05 = 0.15000000000000002.
  const edge = (index: number) => low + ((high - low) * index) / bins;
  const result: Bin[] = Array.from({ length: bins }, (_, index) => ({ x0: edge(index), x1: edge(index + 1), count: 0 }));
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    if (!Number.isFinite(value) || value < low || value > high) continue;
    result[Math.min(bins - 1, Math.floor((value - low) / width))].count++;
  }
  return result;
}

/** The overlap histogram's domain snaps out to multiples of this, and is never narrower than OVERLAP_MIN_SPAN. */
const OVERLAP_DOMAIN_STEP = 0.05;
const OVERLAP_MIN_SPAN = 0.1;

/**
 * The overlap histogram's x domain: the data's range within [0, 1], widened to multiples of 0.05 and
 * to at least 0.1 — so overlaps that all lie between 0.2 and 0.45 fill the chart instead of a quarter of a
 * fixed 0…1 axis. [0, 1] when there is nothing to show.
 */
export function overlapDomain(values: ArrayLike<number>): [number, number] {
  let low = Infinity;
  let high = -Infinity;
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    if (!Number.isFinite(value)) continue;
    if (value < low) low = value;
    if (value > high) high = value;
  }
  if (!(low <= high)) return [0, 1];
  // Through the step index with a tolerance, so 0.15 stays 0.15 (0.15 / 0.05 is 2.9999999999999996).
  const snap = (value: number, round: (x: number) => number, nudge: number) => Number((round(value / OVERLAP_DOMAIN_STEP + nudge) * OVERLAP_DOMAIN_STEP).toFixed(10));
  let start = Math.max(0, snap(low, Math.floor, 1e-9));
  let end = Math.min(1, snap(high, Math.ceil, -1e-9));
  if (end - start < OVERLAP_MIN_SPAN - 1e-9) {
    // Widen around the data, staying inside [0, 1].
    const missing = OVERLAP_MIN_SPAN - (end - start);
    start = Math.max(0, Number((start - missing / 2).toFixed(10)));
    end = Math.min(1, Number((start + OVERLAP_MIN_SPAN).toFixed(10)));
    start = Math.max(0, Number((end - OVERLAP_MIN_SPAN).toFixed(10)));
  }
  return [start, end];
}

/** The arithmetic mean of the finite values; null when there are none. */
export function mean(values: ArrayLike<number>): number | null {
  let sum = 0;
  let count = 0;
  for (let index = 0; index < values.length; index++) {
    if (!Number.isFinite(values[index])) continue;
    sum += values[index];
    count++;
  }
  return count > 0 ? sum / count : null;
}

/**
 * A brushed range snapped to whole bins of width `step` within `domain`: both ends round to the
 * nearest bin edge, and a range that would collapse widens to the bin it lies in (d3's "brush
 * snapping" example). null when the range does not meet the domain.
 */
export function snapRange(range: readonly [number, number], step = 1 / OVERLAP_BINS, domain: readonly [number, number] = [0, 1]): [number, number] | null {
  const [low, high] = domain;
  const start = Math.max(low, Math.min(range[0], range[1]));
  const end = Math.min(high, Math.max(range[0], range[1]));
  if (!(start <= end)) return null;
  // Rounded through the bin index, so 0.15 stays 0.15 and does not become 0.15000000000000002.
  const edge = (index: number) => Math.min(high, Math.max(low, Number((low + index * step).toFixed(10))));
  let first = Math.round((start - low) / step);
  let last = Math.round((end - low) / step);
  if (first === last) {
    first = Math.floor((start - low) / step);
    last = first + 1;
    if (edge(first) >= high) {
      first -= 1;
      last -= 1;
    }
  }
  return [edge(first), edge(last)];
}

/** Whether a value lies in a brushed range, both ends included. */
export function inRange(value: number, range: readonly [number, number] | null): boolean {
  return range !== null && value >= range[0] && value <= range[1];
}

/** Whether a bin lies inside a brushed range (snapped ranges fall on bin edges). */
export function binInRange(bin: Bin, range: readonly [number, number] | null): boolean {
  const tolerance = 1e-9;
  return range !== null && bin.x0 >= range[0] - tolerance && bin.x1 <= range[1] + tolerance;
}

/** How many values lie in a brushed range. */
export function countInRange(values: ArrayLike<number>, range: readonly [number, number] | null): number {
  let count = 0;
  for (let index = 0; index < values.length; index++) if (inRange(values[index], range)) count++;
  return count;
}

/** The k-sweep as points: sweep[i] is the Jaccard overlap at k = i + 1. */
export function sweepPoints(sweep: readonly number[]): { k: number; jaccard: number }[] {
  return sweep.map((jaccard, index) => ({ k: index + 1, jaccard }));
}

/** The sweep chart's k domain, [1, n], never empty. */
export function sweepDomain(sweep: readonly number[]): [number, number] {
  return [1, Math.max(2, sweep.length)];
}

/**
 * Cumulative energy Σ_{j≤i} σⱼ² / ‖M‖²_F for i = 1 … d: the share of the matrix's squared
 * Frobenius norm that a rank-i truncation keeps (Eckart–Young).
 */
export function cumulativeEnergy(singularValues: readonly number[], frobeniusSquared: number): number[] {
  let sum = 0;
  return singularValues.map((sigma) => {
    sum += sigma * sigma;
    return frobeniusSquared > 0 ? sum / frobeniusSquared : 0;
  });
}

/** A log axis domain for the singular values: from the smallest positive σ to the largest. */
export function spectrumDomain(singularValues: readonly number[]): [number, number] {
  const positive = singularValues.filter((sigma) => sigma > 0 && Number.isFinite(sigma));
  if (positive.length === 0) return [0.1, 1];
  const low = Math.min(...positive);
  const high = Math.max(...positive);
  return low === high ? [low / 10, high * 10] : [low, high];
}

/** "d = 100: 42.1 % of the SPPMI matrix's energy". */
export function energySummary(dimensions: number, energy: number): string {
  return `d = ${dimensions}: ${(energy * 100).toFixed(1)} % of the SPPMI matrix's energy`;
}
