import { FirthError } from '../../shared/errors';

/**
 * Word vectors in memory: row i of `vectors` (V×d, row-major) belongs to `words[i]`. Words come most
 * frequent first when the source knows frequencies, which is what "restrict to the top N" relies on.
 * Treat an Embedding as immutable: evaluation caches normalised copies keyed by the object.
 */
export interface Embedding {
  words: string[];
  /** V×d, row-major. */
  vectors: Float32Array;
  /** d. */
  dimensions: number;
  /** Corpus frequency of each word, when known. */
  counts?: Float64Array;
}

/** Which matrix of a trained model: W (word vectors), C (context vectors) or their sum W + C. */
export type MatrixChoice = 'w' | 'c' | 'w+c';

/** Throws 'invalid-input' when the parts of an embedding do not fit together. */
export function checkEmbedding(embedding: Embedding): void {
  const { words, vectors, dimensions, counts } = embedding;
  if (!Number.isSafeInteger(dimensions) || dimensions < 1) {
    throw new FirthError('invalid-input', `An embedding needs at least 1 dimension (got ${dimensions})`, { field: 'dimensions' });
  }
  if (vectors.length !== words.length * dimensions) {
    throw new FirthError(
      'invalid-input',
      `The embedding has ${words.length} words of ${dimensions} dimensions but ${vectors.length} values (expected ${words.length * dimensions})`,
      { field: 'vectors' },
    );
  }
  if (counts && counts.length !== words.length) {
    throw new FirthError('invalid-input', `The embedding has ${words.length} words but ${counts.length} counts`, { field: 'counts' });
  }
}

/** The first `top` rows as a new embedding; the embedding itself when `top` is absent or not smaller. */
export function takeTopRows(embedding: Embedding, top?: number): Embedding {
  if (top !== undefined && (!Number.isSafeInteger(top) || top < 1)) {
    throw new FirthError('invalid-input', `top must be a whole number of words, at least 1 (got ${top})`, { field: 'top' });
  }
  if (top === undefined || top >= embedding.words.length) return embedding;
  const rows = top;
  const result: Embedding = {
    words: embedding.words.slice(0, rows),
    vectors: embedding.vectors.slice(0, rows * embedding.dimensions),
    dimensions: embedding.dimensions,
  };
  if (embedding.counts) result.counts = embedding.counts.slice(0, rows);
  return result;
}

/** W + C, element by element (hyperwords adds the raw matrices and normalises afterwards). */
export function addMatrices(w: Float32Array, c: Float32Array): Float32Array {
  const sum = new Float32Array(w.length);
  for (let index = 0; index < w.length; index++) sum[index] = w[index] + c[index];
  return sum;
}
