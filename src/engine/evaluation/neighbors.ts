import { FirthError } from '../../shared/errors';
import type { Kernels } from '../compute';
import type { Embedding } from '../formats/embedding';
import { parseExpression, type ExpressionTerm } from './expression';
import { candidateRows, findRow, unitVectors, unitVectorsTransposed, wordIndex } from './unit-vectors';

export interface NeighborOptions {
  /** Search only the top N words. */
  restrict?: number;
  caseSensitive?: boolean;
}

export interface Neighbor {
  word: string;
  /** Cosine with the query vector. */
  similarity: number;
  row: number;
}

export interface ResolvedTerm extends ExpressionTerm {
  row: number;
}

export interface NeighborResult {
  query: string;
  terms: ResolvedTerm[];
  /** Best first; the query's own words are left out. */
  neighbors: Neighbor[];
}

/** Queries per matrix product when many words are looked up at once. */
const queriesPerProduct = 1024;

/**
 * Parses a query ("word" or "a - b + c") and finds its words. Words that are not in the vocabulary
 * are returned in `unknown`, never replaced by a near spelling.
 */
export function resolveQuery(embedding: Embedding, query: string, options: NeighborOptions = {}): { terms: ResolvedTerm[]; unknown: string[] } {
  const caseSensitive = options.caseSensitive ?? false;
  const rows = candidateRows(embedding, options.restrict);
  const index = wordIndex(embedding, caseSensitive);
  const isWord = (word: string) => findRow(index, word, caseSensitive, rows) >= 0;
  const terms = parseExpression(query, isWord).map((term) => ({ ...term, row: findRow(index, term.word, caseSensitive, rows) }));
  const unknown = [...new Set(terms.filter((term) => term.row < 0).map((term) => term.word))];
  return { terms, unknown };
}

function unknownWordsError(unknown: string[]): FirthError {
  const list = unknown.map((word) => `"${word}"`).join(', ');
  return new FirthError('not-found', `Not in the vocabulary: ${list}`, { field: 'query' });
}

/**
 * The k words closest by cosine to a word or to an expression's vector Σ sign·unit(word),
 * normalised (as gensim's most_similar). Unknown words fail with an error that lists them all.
 */
export async function nearestNeighbors(embedding: Embedding, query: string, k: number, kernels: Kernels, options: NeighborOptions = {}): Promise<NeighborResult> {
  const { terms, unknown } = resolveQuery(embedding, query, options);
  if (unknown.length > 0) throw unknownWordsError(unknown);
  const [result] = await searchNeighbors(embedding, [{ query, terms }], k, kernels, options);
  return result;
}

/** Neighbours of many words at once, in batches of matrix products. */
export async function nearestNeighborsOfWords(embedding: Embedding, words: string[], k: number, kernels: Kernels, options: NeighborOptions = {}): Promise<NeighborResult[]> {
  const caseSensitive = options.caseSensitive ?? false;
  const rows = candidateRows(embedding, options.restrict);
  const index = wordIndex(embedding, caseSensitive);
  const queries = words.map((word) => ({ query: word, terms: [{ word, sign: 1, row: findRow(index, word, caseSensitive, rows) }] }));
  const unknown = [...new Set(queries.filter((query) => query.terms[0].row < 0).map((query) => query.query))];
  if (unknown.length > 0) throw unknownWordsError(unknown);
  return searchNeighbors(embedding, queries, k, kernels, options);
}

async function searchNeighbors(
  embedding: Embedding,
  queries: Array<{ query: string; terms: ResolvedTerm[] }>,
  k: number,
  kernels: Kernels,
  options: NeighborOptions,
): Promise<NeighborResult[]> {
  if (!Number.isSafeInteger(k) || k < 1) throw new FirthError('invalid-input', `k must be a whole number, at least 1 (got ${k})`, { field: 'k' });
  const d = embedding.dimensions;
  const rows = candidateRows(embedding, options.restrict);
  const unit = unitVectors(embedding);
  const transposed = unitVectorsTransposed(embedding, rows);
  const results: NeighborResult[] = [];
  for (let start = 0; start < queries.length; start += queriesPerProduct) {
    const batch = queries.slice(start, start + queriesPerProduct);
    const vectors = new Float32Array(batch.length * d);
    batch.forEach((query, position) => vectors.set(queryVector(unit, d, query), position * d));
    const similarities = await kernels.matmul(vectors, transposed, batch.length, d, rows);
    batch.forEach((query, position) => {
      const excluded = new Set(query.terms.map((term) => term.row));
      const best = topK(similarities, position * rows, rows, k, excluded);
      results.push({
        query: query.query,
        terms: query.terms,
        neighbors: Array.from(best.rows, (row, rank) => ({ word: embedding.words[row], similarity: best.scores[rank], row })),
      });
    });
  }
  return results;
}

function queryVector(unit: Float32Array, d: number, query: { query: string; terms: ResolvedTerm[] }): Float32Array {
  const sum = new Float64Array(d);
  for (const term of query.terms) {
    for (let index = 0; index < d; index++) sum[index] += term.sign * unit[term.row * d + index];
  }
  let squares = 0;
  for (let index = 0; index < d; index++) squares += sum[index] * sum[index];
  if (squares < 1e-12) {
    throw new FirthError('invalid-input', `"${query.query}" adds up to the zero vector: it has no direction to compare with`, { field: 'query' });
  }
  const scale = 1 / Math.sqrt(squares);
  return Float32Array.from(sum, (value) => value * scale);
}

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
