// Pearson's r and Spearman's ρ (Pearson's r of the ranks, ties sharing their average rank, as
// scipy.stats.spearmanr and rankdata(method='average') do). All sums are float64. A constant input
// has no correlation: the result is NaN, as in scipy.

/** Indices of `values` in ascending order of value (ties in index order). */
export function ascendingOrder(values: ArrayLike<number>): Uint32Array {
  const order = new Uint32Array(values.length);
  for (let index = 0; index < order.length; index++) order[index] = index;
  return order.sort((left, right) => values[left] - values[right] || left - right);
}

/** 1-based ranks; tied values share the average of the ranks they span (every item drawn once). */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const ranks = new Float64Array(values.length);
  resampleRanks(rankLayout(values), new Uint32Array(values.length).fill(1), ranks);
  return ranks;
}

/** Pearson's r = cov(x, y) / (σx σy), two-pass for accuracy. */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  if (n < 2) return Number.NaN;
  let meanX = 0;
  let meanY = 0;
  for (let index = 0; index < n; index++) {
    meanX += x[index];
    meanY += y[index];
  }
  meanX /= n;
  meanY /= n;
  let covariance = 0;
  let varianceX = 0;
  let varianceY = 0;
  for (let index = 0; index < n; index++) {
    const dx = x[index] - meanX;
    const dy = y[index] - meanY;
    covariance += dx * dy;
    varianceX += dx * dx;
    varianceY += dy * dy;
  }
  if (varianceX === 0 || varianceY === 0) return Number.NaN;
  return clampCorrelation(covariance / Math.sqrt(varianceX * varianceY));
}

/** Spearman's ρ with average ranks for ties. */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
  return pearson(averageRanks(x), averageRanks(y));
}

function clampCorrelation(value: number): number {
  return Math.max(-1, Math.min(1, value));
}

/**
 * The sort order and tie groups of one variable, computed once so that a bootstrap resample (the
 * same items drawn with multiplicities) can be ranked in O(n) without sorting again.
 */
export interface RankLayout {
  order: Uint32Array;
  /** groupEnd[p] = one past the last position of the tie group holding position p. */
  groupEnd: Uint32Array;
}

export function rankLayout(values: ArrayLike<number>): RankLayout {
  const order = ascendingOrder(values);
  const groupEnd = new Uint32Array(order.length);
  for (let start = 0; start < order.length; ) {
    let end = start + 1;
    while (end < order.length && values[order[end]] === values[order[start]]) end++;
    groupEnd.fill(end, start, end);
    start = end;
  }
  return { order, groupEnd };
}

/**
 * Average ranks of a resample in which item i appears multiplicity[i] times: copies of one item
 * are ties, so each item's rank is its tie group's average over all drawn copies in the group.
 */
export function resampleRanks(layout: RankLayout, multiplicity: Uint32Array, ranks: Float64Array): void {
  const { order, groupEnd } = layout;
  let before = 0;
  for (let start = 0; start < order.length; ) {
    const end = groupEnd[start];
    let drawn = 0;
    for (let position = start; position < end; position++) drawn += multiplicity[order[position]];
    const rank = before + (drawn + 1) / 2;
    for (let position = start; position < end; position++) ranks[order[position]] = rank;
    before += drawn;
    start = end;
  }
}

/** Pearson's r of a resample given by multiplicities (weights) over the original items. */
export function weightedPearson(x: ArrayLike<number>, y: ArrayLike<number>, multiplicity: Uint32Array): number {
  let total = 0;
  let meanX = 0;
  let meanY = 0;
  for (let index = 0; index < multiplicity.length; index++) {
    const weight = multiplicity[index];
    if (weight === 0) continue;
    total += weight;
    meanX += weight * x[index];
    meanY += weight * y[index];
  }
  if (total < 2) return Number.NaN;
  meanX /= total;
  meanY /= total;
  let covariance = 0;
  let varianceX = 0;
  let varianceY = 0;
  for (let index = 0; index < multiplicity.length; index++) {
    const weight = multiplicity[index];
    if (weight === 0) continue;
    const dx = x[index] - meanX;
    const dy = y[index] - meanY;
    covariance += weight * dx * dy;
    varianceX += weight * dx * dx;
    varianceY += weight * dy * dy;
  }
  if (varianceX === 0 || varianceY === 0) return Number.NaN;
  return clampCorrelation(covariance / Math.sqrt(varianceX * varianceY));
}
