import { FirthError } from '../../shared/errors';
import type { Kernels } from '../compute';
import type { Embedding } from '../formats/embedding';
import { parseExpression } from '../evaluation/expression';
import { candidateRows, cosineOfRows, findRow, unitVectors, unitVectorsTransposed, wordIndex } from '../evaluation/unit-vectors';
import { topK } from './top-k';

// The queries an analyst asks of one space, with gensim's KeyedVectors semantics so that answers
// can be checked against it on the exported vectors:
//   most_similar(positive, negative): cosine with unit(Σ weight·unit(word)), the input words left out;
//   most_similar_cosmul: Π (1 + cos(x, p)) / 2 over positives ÷ (Π over negatives + 1e-6) (Levy & Goldberg 2014);
//   similarity(a, b): cos(a, b);   doesnt_match(words): the word farthest from unit(mean of unit vectors).
// Unknown words are never replaced by a near spelling: they are reported (or, on request, left out
// and echoed back).

export interface WeightedWord {
  word: string;
  /** gensim's default: +1 for positive words, −1 for negative ones. */
  weight: number;
}

export interface PositiveNegative {
  positive: Array<string | WeightedWord>;
  negative?: Array<string | WeightedWord>;
}

export type SimilarityMethod = 'cosine' | '3cosmul';

export interface KeyedQueryOptions {
  /** Search only the top N words (gensim's restrict_vocab). */
  restrict?: number;
  /** Default false: words fold to lower case and match the most frequent word that folds alike. */
  caseSensitive?: boolean;
  /** Leave unknown words out of the query (and list them) instead of failing. */
  ignoreUnknown?: boolean;
}

export interface QueryWord {
  word: string;
  weight: number;
  row: number;
}

export interface ScoredWord {
  word: string;
  row: number;
  /** Cosine (or the 3CosMul score) with the query. */
  score: number;
  /** Corpus frequency, when the space knows it. */
  count?: number;
  /** The word's vector is all zeros: its cosines are 0 and say nothing. */
  zeroVector?: boolean;
}

export interface MostSimilarResult {
  method: SimilarityMethod;
  /** The words used, with their weights and rows. */
  words: QueryWord[];
  /** Words of the query that are not in the vocabulary (left out when ignoreUnknown). */
  unknown: string[];
  neighbors: ScoredWord[];
}

const cosmulEpsilon = 0.000001;

export function unknownWordsError(unknown: string[]): FirthError {
  return new FirthError('not-found', `Not in the vocabulary: ${unknown.map((word) => `"${word}"`).join(', ')}`);
}

/** "king - man + woman" as gensim's positive and negative lists. */
export function expressionToLists(embedding: Embedding, expression: string, options: KeyedQueryOptions = {}): { positive: string[]; negative: string[] } {
  const caseSensitive = options.caseSensitive ?? false;
  const index = wordIndex(embedding, caseSensitive);
  const rows = candidateRows(embedding, options.restrict);
  const terms = parseExpression(expression, (word) => findRow(index, word, caseSensitive, rows) >= 0);
  return { positive: terms.filter((term) => term.sign > 0).map((term) => term.word), negative: terms.filter((term) => term.sign < 0).map((term) => term.word) };
}

function resolveWords(embedding: Embedding, query: PositiveNegative, options: KeyedQueryOptions): { words: QueryWord[]; unknown: string[] } {
  const caseSensitive = options.caseSensitive ?? false;
  const index = wordIndex(embedding, caseSensitive);
  const weighted = [
    ...query.positive.map((item) => (typeof item === 'string' ? { word: item, weight: 1 } : item)),
    ...(query.negative ?? []).map((item) => (typeof item === 'string' ? { word: item, weight: -1 } : item)),
  ];
  if (weighted.length === 0) throw new FirthError('invalid-input', 'The query is empty: give at least one word', { field: 'query' });
  for (const item of weighted) {
    if (!Number.isFinite(item.weight)) throw new FirthError('invalid-input', `The weight of "${item.word}" must be a number (got ${item.weight})`, { field: 'query' });
  }
  // Any row: an input word outside the restricted rows is still a vector to add (as gensim does).
  const all = embedding.words.length;
  const resolved = weighted.map((item) => ({ ...item, row: findRow(index, item.word, caseSensitive, all) }));
  const unknown = [...new Set(resolved.filter((item) => item.row < 0).map((item) => item.word))];
  if (unknown.length > 0 && !options.ignoreUnknown) throw unknownWordsError(unknown);
  const words = resolved.filter((item) => item.row >= 0);
  return { words, unknown };
}

/** Whether row `row` of the embedding is all zeros. */
export function isZeroRow(embedding: Embedding, row: number): boolean {
  const d = embedding.dimensions;
  for (let index = row * d; index < (row + 1) * d; index++) if (embedding.vectors[index] !== 0) return false;
  return true;
}

function scored(embedding: Embedding, row: number, score: number): ScoredWord {
  const word: ScoredWord = { word: embedding.words[row], row, score };
  if (embedding.counts) word.count = embedding.counts[row];
  if (isZeroRow(embedding, row)) word.zeroVector = true;
  return word;
}

/**
 * gensim's most_similar (method 'cosine') or most_similar_cosmul ('3cosmul'): the k best words,
 * best first, the query's own words left out.
 */
export async function mostSimilar(
  embedding: Embedding,
  query: PositiveNegative,
  k: number,
  kernels: Kernels,
  options: KeyedQueryOptions & { method?: SimilarityMethod } = {},
): Promise<MostSimilarResult> {
  if (!Number.isSafeInteger(k) || k < 1) throw new FirthError('invalid-input', `k must be a whole number, at least 1 (got ${k})`, { field: 'k' });
  const method = options.method ?? 'cosine';
  const { words, unknown } = resolveWords(embedding, query, options);
  // Every word unknown (and left out): nothing to search with, and nothing to fail for.
  if (words.length === 0) return { method, words, unknown, neighbors: [] };
  const d = embedding.dimensions;
  const rows = candidateRows(embedding, options.restrict);
  const unit = unitVectors(embedding);
  const transposed = unitVectorsTransposed(embedding, rows);
  let scores: Float32Array;
  if (method === 'cosine') {
    const sum = new Float64Array(d);
    for (const item of words) for (let index = 0; index < d; index++) sum[index] += item.weight * unit[item.row * d + index];
    let squares = 0;
    for (let index = 0; index < d; index++) squares += sum[index] * sum[index];
    if (squares < 1e-12) throw new FirthError('invalid-input', 'The query adds up to the zero vector: it has no direction to compare with', { field: 'query' });
    const scale = 1 / Math.sqrt(squares);
    scores = await kernels.matmul(Float32Array.from(sum, (value) => value * scale), transposed, 1, d, rows);
  } else {
    if (!words.some((item) => item.weight > 0)) throw new FirthError('invalid-input', '3CosMul needs at least one positive word', { field: 'query' });
    if (words.some((item) => Math.abs(item.weight) !== 1)) throw new FirthError('invalid-input', '3CosMul takes no weights: give plain positive and negative words', { field: 'query' });
    const vectors = new Float32Array(words.length * d);
    words.forEach((item, position) => vectors.set(unit.subarray(item.row * d, (item.row + 1) * d), position * d));
    const cosines = await kernels.matmul(vectors, transposed, words.length, d, rows);
    scores = new Float32Array(rows);
    for (let row = 0; row < rows; row++) {
      let numerator = 1;
      let denominator = 1;
      words.forEach((item, position) => {
        const shifted = (1 + cosines[position * rows + row]) / 2;
        if (item.weight > 0) numerator *= shifted;
        else denominator *= shifted;
      });
      // With no negative words the product is empty, 1, as numpy's prod([]) (gensim divides by 1 + 1e-6).
      scores[row] = numerator / (denominator + cosmulEpsilon);
    }
  }
  const excluded = new Set(words.map((item) => item.row).filter((row) => row < rows));
  const best = topK(scores, 0, rows, k, excluded);
  return { method, words, unknown, neighbors: Array.from(best.rows, (row, rank) => scored(embedding, row, best.scores[rank])) };
}

/** gensim's similarity(a, b): the cosine of two words. */
export function wordSimilarity(embedding: Embedding, first: string, second: string, options: KeyedQueryOptions = {}): { similarity: number; words: [ScoredWord, ScoredWord] } {
  const caseSensitive = options.caseSensitive ?? false;
  const index = wordIndex(embedding, caseSensitive);
  const rows = [first, second].map((word) => findRow(index, word, caseSensitive, embedding.words.length));
  const unknown = [...new Set([first, second].filter((_, position) => rows[position] < 0))];
  if (unknown.length > 0) throw unknownWordsError(unknown);
  const similarity = cosineOfRows(unitVectors(embedding), embedding.dimensions, rows[0], rows[1]);
  return { similarity, words: [scored(embedding, rows[0], 1), scored(embedding, rows[1], 1)] };
}

export interface DoesntMatchResult {
  /** The word farthest from the others' mean direction. */
  word: string;
  /** Every known word by its cosine with unit(mean of the unit vectors), most central first. */
  ranking: ScoredWord[];
  unknown: string[];
}

/** gensim's doesnt_match (via rank_by_centrality): unknown words are left out, and listed. */
export function doesntMatch(embedding: Embedding, words: string[], options: KeyedQueryOptions = {}): DoesntMatchResult {
  const caseSensitive = options.caseSensitive ?? false;
  const index = wordIndex(embedding, caseSensitive);
  const found = words.map((word) => ({ word, row: findRow(index, word, caseSensitive, embedding.words.length) }));
  const unknown = [...new Set(found.filter((item) => item.row < 0).map((item) => item.word))];
  const used = found.filter((item) => item.row >= 0);
  if (used.length === 0) throw unknownWordsError(unknown.length > 0 ? unknown : words);
  const d = embedding.dimensions;
  const unit = unitVectors(embedding);
  const mean = new Float64Array(d);
  for (const item of used) for (let position = 0; position < d; position++) mean[position] += unit[item.row * d + position] / used.length;
  const norm = Math.sqrt(mean.reduce((sum, value) => sum + value * value, 0));
  const ranking = used.map((item) => {
    let dot = 0;
    for (let position = 0; position < d; position++) dot += unit[item.row * d + position] * (norm > 0 ? mean[position] / norm : 0);
    return scored(embedding, item.row, dot);
  });
  // Most central first; ties by word, descending, as Python's sorted(zip(dists, words), reverse=True).
  ranking.sort((a, b) => b.score - a.score || (a.word < b.word ? 1 : a.word > b.word ? -1 : 0));
  return { word: ranking[ranking.length - 1].word, ranking, unknown };
}
