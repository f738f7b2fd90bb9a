import { FirthError } from '../../shared/errors';
import type { Embedding } from '../formats/embedding';

export interface SharedVocabulary {
  /** Words both embeddings know, in A's row order (most frequent first). */
  words: string[];
  /** Row of each shared word in A. */
  rowsA: Uint32Array;
  /** Row of each shared word in B. */
  rowsB: Uint32Array;
  /** Distinct words of A that B lacks (counted before `top` is applied). */
  onlyInA: number;
  /** Distinct words of B that A lacks (counted before `top` is applied). */
  onlyInB: number;
}

export interface ReconcileOptions {
  /** Keep only the first N shared words (A's frequency order). */
  top?: number;
}

/** Word → first row: a word listed twice keeps its more frequent (earlier) row. */
function firstRows(words: string[]): Map<string, number> {
  const rows = new Map<string, number>();
  for (let row = 0; row < words.length; row++) if (!rows.has(words[row])) rows.set(words[row], row);
  return rows;
}

/**
 * Pairs the rows of two embeddings that hold the same word, so that any comparison (neighbour
 * overlap, Procrustes) looks at the same words in both spaces. A's order is kept because "the top N
 * words" should mean the same thing whichever comparison runs on the result.
 */
export function reconcileVocabularies(a: Embedding, b: Embedding, options: ReconcileOptions = {}): SharedVocabulary {
  const { top } = options;
  if (top !== undefined && (!Number.isSafeInteger(top) || top < 1)) {
    throw new FirthError('invalid-input', `top must be a whole number of words, at least 1 (got ${top})`, { field: 'top' });
  }
  const rowsOfA = firstRows(a.words);
  const rowsOfB = firstRows(b.words);
  const words: string[] = [];
  const rowsA: number[] = [];
  const rowsB: number[] = [];
  for (const [word, rowA] of rowsOfA) {
    const rowB = rowsOfB.get(word);
    if (rowB === undefined) continue;
    words.push(word);
    rowsA.push(rowA);
    rowsB.push(rowB);
  }
  const shared = words.length;
  const keep = top === undefined ? shared : Math.min(shared, top);
  return {
    words: words.slice(0, keep),
    rowsA: Uint32Array.from(rowsA.slice(0, keep)),
    rowsB: Uint32Array.from(rowsB.slice(0, keep)),
    onlyInA: rowsOfA.size - shared,
    onlyInB: rowsOfB.size - shared,
  };
}

/** The given rows of a V×d matrix, in order, as a new rows×d matrix. */
export function gatherRows(vectors: Float32Array, dimensions: number, rows: Uint32Array): Float32Array {
  const gathered = new Float32Array(rows.length * dimensions);
  for (let position = 0; position < rows.length; position++) {
    const offset = rows[position] * dimensions;
    gathered.set(vectors.subarray(offset, offset + dimensions), position * dimensions);
  }
  return gathered;
}
