// The vocabulary: the words kept from a corpus and their counts, in the order every matrix and vector
// file uses for its rows. Order: count descending (word2vec, gensim), ties by word in UTF-16 code-unit
// order, so the same corpus gives the same ids on every machine and locale.

import { FirthError } from '../../shared/errors';
import { withoutUndefined } from '../options';

export interface VocabularyOptions {
  /** Keep words that occur at least this often (word2vec's and gensim's min_count). */
  minCount: number;
  /** Keep at most this many of the most frequent words; undefined for no limit. */
  maxSize: number | undefined;
}

export const defaultVocabularyOptions: Readonly<VocabularyOptions> = Object.freeze({ minCount: 5, maxSize: undefined });

export interface Vocabulary {
  words: string[];
  /** counts[id] = occurrences of words[id] in the corpus. */
  counts: Float64Array;
  index: Map<string, number>;
}

export function resolveVocabularyOptions(options: Partial<VocabularyOptions> = {}): VocabularyOptions {
  const resolved = { ...defaultVocabularyOptions, ...withoutUndefined(options) };
  if (!Number.isInteger(resolved.minCount) || resolved.minCount < 1) {
    throw new FirthError('invalid-input', `minCount must be a whole number ≥ 1 (got ${String(resolved.minCount)})`, { field: 'minCount' });
  }
  if (resolved.maxSize !== undefined && (!Number.isInteger(resolved.maxSize) || resolved.maxSize < 1)) {
    throw new FirthError('invalid-input', `maxSize must be a whole number ≥ 1 (got ${String(resolved.maxSize)})`, { field: 'maxSize' });
  }
  return { minCount: resolved.minCount, maxSize: resolved.maxSize };
}

function compareWords(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

/** A vocabulary from words already in order (as read back from vocab.tsv). */
export function vocabularyFromWords(words: string[], counts: Float64Array): Vocabulary {
  return { words, counts, index: new Map(words.map((word, id) => [word, id])) };
}

/**
 * Keeps the types counted at least `minCount` times, most frequent first, cut to `maxSize`. The result
 * may be empty; the caller knows which file that is about and says so.
 */
export function buildVocabulary(types: readonly string[], typeCounts: ArrayLike<number>, options: VocabularyOptions): Vocabulary {
  const kept: number[] = [];
  for (let type = 0; type < types.length; type++) if (typeCounts[type] >= options.minCount) kept.push(type);
  kept.sort((left, right) => typeCounts[right] - typeCounts[left] || compareWords(types[left], types[right]));
  if (options.maxSize !== undefined && kept.length > options.maxSize) kept.length = options.maxSize;
  return vocabularyFromWords(
    kept.map((type) => types[type]),
    Float64Array.from(kept, (type) => typeCounts[type]),
  );
}

/** Tokens the vocabulary covers: Σ counts. */
export function keptTokens(vocabulary: Vocabulary): number {
  let total = 0;
  for (const count of vocabulary.counts) total += count;
  return total;
}
