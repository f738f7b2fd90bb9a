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
 * The stream that windows run over, produced a piece at a time (the worker-thread counter never
 * holds the whole of it). Ids ≥ 0 are words, `outOfVocabulary` a placeholder, and sentence ends stay
 * where they are. One draw per token whose word may be dropped, in corpus order: the seed fixes the
 * outcome, however the stream is cut into pieces.
 */
export class TokenRemover {
  /** Position in `ids` of the next token to read. */
  position = 0;
  private readonly random;

  constructor(
    private readonly ids: Int32Array,
    private readonly options: RemoveTokensOptions,
  ) {
    this.random = createXoshiro128(options.seed);
  }

  get done(): boolean {
    return this.position >= this.ids.length;
  }

  /** Writes up to `count` tokens of the stream into `out` from `offset` on; returns how many it wrote. */
  take(out: Int32Array, offset: number, count: number): number {
    const { ids, random } = this;
    const { keep, subsampleMode, oovMode } = this.options;
    let length = offset;
    const end = offset + count;
    let position = this.position;
    for (; position < ids.length && length < end; position++) {
      const id = ids[position];
      if (id === outOfVocabulary) {
        if (oovMode === 'clean') out[length++] = outOfVocabulary;
        continue;
      }
      if (id >= 0 && keep && keep[id] < 1 && random.nextFloat() >= keep[id]) {
        if (subsampleMode === 'clean') out[length++] = outOfVocabulary;
        continue;
      }
      out[length++] = id;
    }
    this.position = position;
    return length - offset;
  }
}

/** The whole stream at once (see TokenRemover). Returns `ids` itself when nothing is removed. */
export function removeTokens(ids: Int32Array, options: RemoveTokensOptions): Int32Array {
  if (!options.keep && options.oovMode === 'clean') return ids;
  const result = new Int32Array(ids.length);
  const length = new TokenRemover(ids, options).take(result, 0, ids.length);
  return length === ids.length ? result : result.slice(0, length);
}
