import type { Embedding } from '../formats/embedding';
import { defaultBootstrap, drawMultiplicities, percentileInterval, type BootstrapOptions, type Interval } from './bootstrap';
import { pearson, rankLayout, resampleRanks, spearman, weightedPearson } from './correlation';
import { createRandom } from './random';
import type { SimilaritySet } from './similarity-set';
import { candidateRows, cosineOfRows, findRow, unitVectors, wordIndex } from './unit-vectors';

/**
 * What to do with a pair that has a word outside the vocabulary:
 *  - 'skip' (gensim evaluate_word_pairs): leave the pair out; ρ is over the covered pairs;
 *  - 'zero' (hyperwords ws_eval.py): the unknown word is a zero vector, so the pair scores 0 and
 *    every pair counts.
 */
export type OutOfVocabularyPolicy = 'skip' | 'zero';

export interface SimilarityOptions {
  oov?: OutOfVocabularyPolicy;
  /** Match test words to the vocabulary exactly; by default both are lower-cased. */
  caseSensitive?: boolean;
  /** Only the top N words count as known (gensim's restrict_vocab). */
  restrict?: number;
  bootstrap?: BootstrapOptions;
}

export interface OutOfVocabularyPair {
  word1: string;
  word2: string;
  line: number;
  missing: string[];
}

export interface SimilarityResult {
  set: string;
  oov: OutOfVocabularyPolicy;
  /** Spearman's ρ between the gold scores and the cosines, over the `used` pairs. */
  spearman: number;
  pearson: number;
  /** 95% bootstrap interval of ρ (pairs resampled), null when turned off. */
  ci95: Interval;
  pearsonCi95: Interval;
  /** Pairs in ρ: the covered ones ('skip') or all ('zero'). */
  used: number;
  /** Pairs with both words in the vocabulary. */
  covered: number;
  total: number;
  /** covered / total. */
  coverage: number;
  oovPairs: OutOfVocabularyPair[];
  /** The model's cosine for each pair of the set, null for an out-of-vocabulary pair. */
  similarities: Array<number | null>;
}

/** Scores an embedding on a word-similarity set: cosines of unit vectors against the gold ratings. */
export function evaluateSimilarity(embedding: Embedding, set: SimilaritySet, options: SimilarityOptions = {}): SimilarityResult {
  const policy = options.oov ?? 'skip';
  const caseSensitive = options.caseSensitive ?? false;
  const bootstrap = options.bootstrap ?? defaultBootstrap;
  const rows = candidateRows(embedding, options.restrict);
  const unit = unitVectors(embedding);
  const index = wordIndex(embedding, caseSensitive);

  const gold: number[] = [];
  const model: number[] = [];
  const similarities: Array<number | null> = [];
  const oovPairs: OutOfVocabularyPair[] = [];
  for (const pair of set.pairs) {
    const first = findRow(index, pair.word1, caseSensitive, rows);
    const second = findRow(index, pair.word2, caseSensitive, rows);
    if (first < 0 || second < 0) {
      const missing = [first < 0 ? pair.word1 : undefined, second < 0 ? pair.word2 : undefined].filter((word) => word !== undefined);
      oovPairs.push({ word1: pair.word1, word2: pair.word2, line: pair.line, missing });
      similarities.push(null);
      if (policy === 'zero') {
        gold.push(pair.score);
        model.push(0);
      }
      continue;
    }
    const cosine = cosineOfRows(unit, embedding.dimensions, first, second);
    similarities.push(cosine);
    gold.push(pair.score);
    model.push(cosine);
  }

  const total = set.pairs.length;
  const covered = total - oovPairs.length;
  const intervals = correlationIntervals(gold, model, bootstrap, set.name);
  return {
    set: set.name,
    oov: policy,
    spearman: spearman(gold, model),
    pearson: pearson(gold, model),
    ci95: intervals.spearman,
    pearsonCi95: intervals.pearson,
    used: gold.length,
    covered,
    total,
    coverage: total === 0 ? Number.NaN : covered / total,
    oovPairs,
    similarities,
  };
}

/** Bootstrap intervals of ρ and r from the same resamples of the pairs. */
function correlationIntervals(gold: number[], model: number[], options: BootstrapOptions, name: string): { spearman: Interval; pearson: Interval } {
  const n = gold.length;
  if (options.samples <= 0 || n < 2) return { spearman: null, pearson: null };
  const random = createRandom(options.seed, `similarity/${name}`);
  const goldLayout = rankLayout(gold);
  const modelLayout = rankLayout(model);
  const multiplicity = new Uint32Array(n);
  const goldRanks = new Float64Array(n);
  const modelRanks = new Float64Array(n);
  const spearmans = new Float64Array(options.samples);
  const pearsons = new Float64Array(options.samples);
  for (let sample = 0; sample < options.samples; sample++) {
    drawMultiplicities(random, multiplicity);
    resampleRanks(goldLayout, multiplicity, goldRanks);
    resampleRanks(modelLayout, multiplicity, modelRanks);
    spearmans[sample] = weightedPearson(goldRanks, modelRanks, multiplicity);
    pearsons[sample] = weightedPearson(gold, model, multiplicity);
  }
  return { spearman: percentileInterval(spearmans), pearson: percentileInterval(pearsons) };
}
