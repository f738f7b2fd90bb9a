// The k best of a block of scores, as every nearest-neighbour search (evaluation, Compare) takes them.

/** Whether entry `first` ranks below `second`: a lower score, or the same score at a later position. */
function ranksBelow(scores: Float64Array, rows: Int32Array, first: number, second: number): boolean {
  return scores[first] < scores[second] || (scores[first] === scores[second] && rows[first] > rows[second]);
}

/** Restores the min-heap order (worst entry at the root) from `at` downwards. */
function siftDown(scores: Float64Array, rows: Int32Array, size: number, at: number): void {
  for (;;) {
    const left = 2 * at + 1;
    if (left >= size) return;
    const right = left + 1;
    const worse = right < size && ranksBelow(scores, rows, right, left) ? right : left;
    if (!ranksBelow(scores, rows, worse, at)) return;
    const score = scores[at];
    const row = rows[at];
    scores[at] = scores[worse];
    rows[at] = rows[worse];
    scores[worse] = score;
    rows[worse] = row;
    at = worse;
  }
}

/** Scores per chunk when a lower bound for the k-th best is taken from the chunks' maxima. */
const boundChunk = 64;

/**
 * A score that at least `needed` positions reach: the `needed`-th largest of the chunk maxima (each
 * maximum is a different position). Below it nothing can be among the best, so the main scan skips
 * most scores with one comparison and the heap sees only a few more than k candidates.
 * −∞ when there are too few chunks for a bound.
 */
function lowerBound(scores: Float32Array, offset: number, length: number, needed: number): number {
  const chunks = Math.floor(length / boundChunk);
  if (needed < 1 || chunks < 2 * needed) return Number.NEGATIVE_INFINITY;
  const maxima = new Float64Array(chunks);
  for (let chunk = 0; chunk < chunks; chunk++) {
    let best = Number.NEGATIVE_INFINITY;
    const start = offset + chunk * boundChunk;
    for (let position = start; position < start + boundChunk; position++) {
      const score = scores[position];
      // A conditional expression, not an if: V8 makes it branch-free, and random scores mispredict.
      best = score > best ? score : best;
    }
    maxima[chunk] = best;
  }
  return largest(maxima, needed);
}

/** The `rank`-th largest value (1 = the maximum) by quickselect; reorders `values`. */
function largest(values: Float64Array, rank: number): number {
  const target = values.length - rank;
  let low = 0;
  let high = values.length - 1;
  while (low < high) {
    const pivot = values[(low + high) >> 1];
    let left = low;
    let right = high;
    while (left <= right) {
      while (values[left] < pivot) left++;
      while (values[right] > pivot) right--;
      if (left <= right) {
        const swap = values[left];
        values[left] = values[right];
        values[right] = swap;
        left++;
        right--;
      }
    }
    if (target <= right) high = right;
    else if (target >= left) low = left;
    else return values[target];
  }
  return values[target];
}

/**
 * The k largest of scores[offset … offset+length), skipping `excluded` positions, best first (ties:
 * lower position first). A min-heap of the k best so far, its worst at the root: each score is
 * compared with the worst (or the chunk-maxima bound while the heap fills) and only the rare winners
 * pay log k to enter, so k = 100 over 20,000 scores costs little more than k = 10.
 */
export function topK(scores: Float32Array, offset: number, length: number, k: number, excluded: Set<number>): { rows: Int32Array; scores: Float64Array } {
  const size = Math.min(k, Math.max(0, length - excluded.size));
  const heapRows = new Int32Array(size);
  const heapScores = new Float64Array(size);
  // Excluded positions may hold some of the chunk maxima: ask for that many more.
  const bound = lowerBound(scores, offset, length, size + excluded.size);
  let filled = 0;
  for (let position = 0; position < length && size > 0; position++) {
    const score = scores[offset + position];
    if (score < bound) continue;
    // Positions only grow, so an equal score ranks below the heap's worst: skip it too.
    if (filled === size && score <= heapScores[0]) continue;
    if (excluded.has(position)) continue;
    if (filled < size) {
      // Sift the new entry up from the bottom.
      let at = filled++;
      while (at > 0) {
        const parent = (at - 1) >> 1;
        if (!(score < heapScores[parent] || (score === heapScores[parent] && position > heapRows[parent]))) break;
        heapScores[at] = heapScores[parent];
        heapRows[at] = heapRows[parent];
        at = parent;
      }
      heapScores[at] = score;
      heapRows[at] = position;
    } else {
      heapScores[0] = score;
      heapRows[0] = position;
      siftDown(heapScores, heapRows, size, 0);
    }
  }
  // Pop the worst entry each time, filling the result from its end: best first, without a sort.
  const rows = new Int32Array(filled);
  const best = new Float64Array(filled);
  for (let remaining = filled; remaining > 0; remaining--) {
    rows[remaining - 1] = heapRows[0];
    best[remaining - 1] = heapScores[0];
    heapRows[0] = heapRows[remaining - 1];
    heapScores[0] = heapScores[remaining - 1];
    siftDown(heapScores, heapRows, remaining - 1, 0);
  }
  return { rows, scores: best };
}
