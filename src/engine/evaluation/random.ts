import { createXoshiro128 } from '../random/xoshiro128';

/** Uniform numbers in [0, 1) from a seeded generator: the same seed gives the same sequence everywhere. */
export type Random = () => number;

/** FNV-1a over the UTF-16 code units: turns a stream label into 32 bits of seed. */
function hashLabel(label: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < label.length; index++) {
    hash ^= label.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * Each `stream` label (e.g. "simlex999/spearman") gets its own xoshiro128** sequence from one seed,
 * so adding a score to a report does not shift the random numbers of the others.
 */
export function createRandom(seed: number, stream = ''): Random {
  const generator = createXoshiro128((Math.trunc(seed) ^ hashLabel(stream)) >>> 0);
  return () => generator.nextFloat();
}
