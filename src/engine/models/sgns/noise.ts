// The negative-sampling noise distribution P(w) ∝ count(w)^exponent as a Vose alias table: two
// V-entry arrays (8 bytes per word) instead of word2vec.c's 10⁸-entry table (400 MB), and one draw in
// O(1). sgns.wat draws from the same arrays in the same way.

import type { RandomSource } from '../../random/xoshiro128';

export interface NoiseTable {
  /** The target distribution (for tests and display). */
  probability: Float64Array;
  /** Bucket i keeps i when a 32-bit draw is below threshold[i], else gives alias[i]. */
  threshold: Uint32Array;
  alias: Int32Array;
}

/**
 * Vose's alias method (Vose 1991, "A linear algorithm for generating random numbers with a given
 * distribution"). Words of count 0 are never drawn; if every count is 0 the draw is uniform.
 */
export function buildNoiseTable(counts: Float64Array, exponent: number): NoiseTable {
  const V = counts.length;
  const probability = new Float64Array(V);
  let total = 0;
  for (let word = 0; word < V; word++) {
    probability[word] = counts[word] > 0 ? Math.pow(counts[word], exponent) : 0;
    total += probability[word];
  }
  if (!(total > 0) || !Number.isFinite(total)) {
    probability.fill(1);
    total = V;
  }
  for (let word = 0; word < V; word++) probability[word] /= total;

  const scaled = new Float64Array(V);
  const small: number[] = [];
  const large: number[] = [];
  for (let word = 0; word < V; word++) {
    scaled[word] = probability[word] * V;
    (scaled[word] < 1 ? small : large).push(word);
  }
  const threshold = new Uint32Array(V);
  const alias = new Int32Array(V);
  for (let word = 0; word < V; word++) alias[word] = word;
  while (small.length > 0 && large.length > 0) {
    const less = small.pop()!;
    const more = large.pop()!;
    threshold[less] = Math.floor(scaled[less] * 2 ** 32);
    alias[less] = more;
    scaled[more] = scaled[more] + scaled[less] - 1;
    (scaled[more] < 1 ? small : large).push(more);
  }
  // What is left is full up to rounding: always itself (alias = self, so the threshold does not matter).
  for (const word of [...small, ...large]) threshold[word] = 0xffffffff;
  return { probability, threshold, alias };
}

/** ⌊r·n/2³²⌋ for a 32-bit unsigned r and n < 2³¹, exactly (r·n itself can exceed 2⁵³). */
export function scaleUint32(r: number, n: number): number {
  const high = r >>> 16;
  const low = r & 0xffff;
  return Math.floor((high * n + Math.floor((low * n) / 65536)) / 65536);
}

/** One noise word: bucket ⌊draw·V/2³²⌋, then the bucket's own word or its alias by a second draw. */
export function drawNoise(random: RandomSource, table: NoiseTable): number {
  const bucket = scaleUint32(random.nextUint32(), table.threshold.length);
  return random.nextUint32() < table.threshold[bucket] ? bucket : table.alias[bucket];
}
