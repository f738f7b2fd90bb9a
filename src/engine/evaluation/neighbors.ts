import { FirthError } from '../../shared/errors';
import type { Kernels } from '../compute';
import type { Embedding } from '../formats/embedding';
import { parseExpression, type ExpressionTerm } from './expression';
import { topK } from '../vectors/top-k';
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
