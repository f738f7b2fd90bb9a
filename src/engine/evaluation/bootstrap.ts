import type { Random } from './random';
import { createRandom } from './random';

// Percentile bootstrap (Efron & Tibshirani 1993, ch. 13): resample the test items with replacement,
// recompute the score, and report the 2.5th and 97.5th percentiles of the resampled scores.

export interface BootstrapOptions {
  /** Resamples per score; 0 turns the intervals off. */
  samples: number;
  seed: number;
}

export const defaultBootstrap: BootstrapOptions = { samples: 1000, seed: 1 };

/** A 95% interval [low, high], or null when there was nothing to resample. */
export type Interval = [number, number] | null;

/** The q-quantile (0 ≤ q ≤ 1) of ascending values, interpolated linearly (numpy's default). */
export function quantileOfSorted(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = q * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

/** The central 95% of the finite statistics (a resample can have no correlation: NaN is dropped). */
export function percentileInterval(statistics: Float64Array): Interval {
  const finite = statistics.filter(Number.isFinite).sort();
  if (finite.length === 0) return null;
  return [quantileOfSorted(finite, 0.025), quantileOfSorted(finite, 0.975)];
}

/** Fills `multiplicity` with how often each of n items is drawn in n draws with replacement. */
export function drawMultiplicities(random: Random, multiplicity: Uint32Array): void {
  const n = multiplicity.length;
  multiplicity.fill(0);
  for (let draw = 0; draw < n; draw++) multiplicity[Math.floor(random() * n)]++;
}

/**
 * The bootstrap interval of a proportion (successes out of n, e.g. analogy accuracy). Resampling n
 * right/wrong items with replacement gives Binomial(n, successes/n) successes, so each resample is
 * drawn from that distribution directly (inverse CDF) instead of n draws: the same bootstrap,
 * O(log n) per resample.
 */
export function proportionInterval(successes: number, n: number, options: BootstrapOptions, stream: string): Interval {
  if (options.samples <= 0 || n === 0) return null;
  const p = successes / n;
  if (successes === 0 || successes === n) return [p, p];
  const { first, cumulative } = binomialCumulative(n, p);
  const random = createRandom(options.seed, stream);
  const statistics = new Float64Array(options.samples);
  for (let sample = 0; sample < options.samples; sample++) {
    const u = random();
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (cumulative[middle] > u) high = middle;
      else low = middle + 1;
    }
    statistics[sample] = (first + low) / n;
  }
  return percentileInterval(statistics);
}

/**
 * P(X ≤ k) for X ~ Binomial(n, p) over the k that carry any probability, built outwards from the
 * mode with pmf(k+1)/pmf(k) = (n−k)/(k+1) · p/(1−p), so no factorials or log-gamma are needed.
 */
function binomialCumulative(n: number, p: number): { first: number; cumulative: Float64Array } {
  const mode = Math.min(n, Math.floor((n + 1) * p));
  const ratio = p / (1 - p);
  const negligible = 1e-17;
  const above: number[] = [];
  for (let k = mode, value = 1; k < n; k++) {
    value *= ((n - k) / (k + 1)) * ratio;
    if (value < negligible) break;
    above.push(value);
  }
  const below: number[] = [];
  for (let k = mode, value = 1; k > 0; k--) {
    value *= (k / (n - k + 1)) / ratio;
    if (value < negligible) break;
    below.push(value);
  }
  const weights = [...below.reverse(), 1, ...above];
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const cumulative = new Float64Array(weights.length);
  let running = 0;
  weights.forEach((weight, index) => {
    running += weight / total;
    cumulative[index] = running;
  });
  cumulative[cumulative.length - 1] = 1;
  return { first: mode - below.length, cumulative };
}
