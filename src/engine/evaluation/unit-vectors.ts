import { FirthError } from '../../shared/errors';
import type { Embedding } from '../formats/embedding';
import { normalizeRows } from '../vectors/unit-rows';

// Cosine similarity is the dot product of L2-normalised rows, so every evaluation normalises once
// and reuses the result. The caches are keyed by the Embedding object (weakly: they go when it
// goes), which is why embeddings are treated as immutable.

const unitCache = new WeakMap<Embedding, Float32Array>();
const transposedCache = new WeakMap<Embedding, Map<number, Float32Array>>();
const indexCache = new WeakMap<Embedding, { exact?: Map<string, number>; folded?: Map<string, number> }>();

/** The embedding's unit rows (V×d), computed once per embedding. */
export function unitVectors(embedding: Embedding): Float32Array {
  let unit = unitCache.get(embedding);
  if (!unit) {
    unit = normalizeRows(embedding.vectors, embedding.dimensions);
    unitCache.set(embedding, unit);
  }
  return unit;
}

/**
 * The first `rows` unit rows transposed (d×rows), the right-hand side of every batched
 * "queries × vocabulary" product. Cached per embedding and row count.
 */
export function unitVectorsTransposed(embedding: Embedding, rows: number): Float32Array {
  let byRows = transposedCache.get(embedding);
  if (!byRows) {
    byRows = new Map();
    transposedCache.set(embedding, byRows);
  }
  let transposed = byRows.get(rows);
  if (!transposed) {
    const unit = unitVectors(embedding);
    const d = embedding.dimensions;
    transposed = new Float32Array(d * rows);
    for (let row = 0; row < rows; row++) {
      const offset = row * d;
      for (let index = 0; index < d; index++) transposed[index * rows + row] = unit[offset + index];
    }
    byRows.set(rows, transposed);
  }
  return transposed;
}

/**
 * Word → row. Case-insensitive lookups fold to lower case and keep the first (most frequent) row
 * of words that fold together, as gensim's case_insensitive evaluation does.
 */
export function wordIndex(embedding: Embedding, caseSensitive: boolean): Map<string, number> {
  let entry = indexCache.get(embedding);
  if (!entry) {
    entry = {};
    indexCache.set(embedding, entry);
  }
  const key = caseSensitive ? 'exact' : 'folded';
  let index = entry[key];
  if (!index) {
    index = new Map();
    for (let row = 0; row < embedding.words.length; row++) {
      const word = caseSensitive ? embedding.words[row] : embedding.words[row].toLowerCase();
      if (!index.has(word)) index.set(word, row);
    }
    entry[key] = index;
  }
  return index;
}

/** The row of `word` among the first `rows` words, or −1. */
export function findRow(index: Map<string, number>, word: string, caseSensitive: boolean, rows: number): number {
  const row = index.get(caseSensitive ? word : word.toLowerCase());
  return row !== undefined && row < rows ? row : -1;
}

/** Dot product of two unit rows in float64: their cosine. */
export function cosineOfRows(unit: Float32Array, dimensions: number, first: number, second: number): number {
  let sum = 0;
  const a = first * dimensions;
  const b = second * dimensions;
  for (let index = 0; index < dimensions; index++) sum += unit[a + index] * unit[b + index];
  return sum;
}

/** How many rows the candidates range over: the whole vocabulary, or the top `restrict` words. */
export function candidateRows(embedding: Embedding, restrict: number | undefined): number {
  if (restrict !== undefined && (!Number.isSafeInteger(restrict) || restrict < 1)) {
    throw new FirthError('invalid-input', `restrict must be a whole number of words, at least 1 (got ${restrict})`, { field: 'restrict' });
  }
  return restrict === undefined ? embedding.words.length : Math.min(embedding.words.length, restrict);
}
