// Applies subsampling and the out-of-vocabulary policy to an encoded corpus before windowing: a
// removed token becomes a placeholder that holds its position ("clean", hyperwords' default) or
// disappears so that windows reach past it ("dirty", word2vec, hyperwords --del).

import { outOfVocabulary } from '../corpus/token-ids';
import { createXoshiro128 } from '../random/xoshiro128';
import type { RemovalMode } from './cooccurrence-options';

export interface RemoveTokensOptions {
  /** keep[w]: probability that a token of word w survives subsampling (subsample.ts). */
  keep: Float64Array | undefined;
  subsampleMode: RemovalMode;
  oovMode: RemovalMode;
  seed: number;
}

/**
 * The stream that windows run over. Ids ≥ 0 are words, `outOfVocabulary` a placeholder, and sentence
 * ends stay where they are. Returns `ids` itself when nothing is removed.
 */
export function removeTokens(ids: Int32Array, options: RemoveTokensOptions): Int32Array {
  const { keep, subsampleMode, oovMode } = options;
  if (!keep && oovMode === 'clean') return ids;
  const random = createXoshiro128(options.seed);
  const result = new Int32Array(ids.length);
  let length = 0;
  for (let position = 0; position < ids.length; position++) {
    const id = ids[position];
    if (id === outOfVocabulary) {
      if (oovMode === 'clean') result[length++] = outOfVocabulary;
      continue;
    }
    // One draw per token whose word may be dropped, in corpus order: the seed fixes the outcome.
    if (id >= 0 && keep && keep[id] < 1 && random.nextFloat() >= keep[id]) {
      if (subsampleMode === 'clean') result[length++] = outOfVocabulary;
      continue;
    }
    result[length++] = id;
  }
  return length === ids.length ? result : result.slice(0, length);
}
