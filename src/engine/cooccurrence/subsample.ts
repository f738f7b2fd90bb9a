// Subsampling of frequent words (Mikolov et al. 2013) with the paper's keep probability √(t/f), as
// hyperwords applies it; word2vec.c's √(t/f) + t/f keeps slightly more. f(w) = count(w)/T, T the
// number of in-vocabulary tokens. Words with f ≤ t are always kept.

/** How often each id 0..V−1 occurs in an encoded corpus (negative ids are not words). */
export function countWords(ids: Int32Array, vocabularySize: number): Float64Array {
  const counts = new Float64Array(vocabularySize);
  for (let position = 0; position < ids.length; position++) {
    const id = ids[position];
    if (id >= 0) counts[id]++;
  }
  return counts;
}

/** keep[w] = min(1, √(t/f(w))); all ones when t = 0 (subsampling off). */
export function subsampleKeepProbabilities(counts: ArrayLike<number>, threshold: number): Float64Array {
  const keep = new Float64Array(counts.length).fill(1);
  if (threshold <= 0) return keep;
  let total = 0;
  for (let id = 0; id < counts.length; id++) total += counts[id];
  for (let id = 0; id < counts.length; id++) {
    const frequency = counts[id] / total;
    if (frequency > threshold) keep[id] = Math.sqrt(threshold / frequency);
  }
  return keep;
}
