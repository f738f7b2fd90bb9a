// What every factorisation model leaves behind for the theorem view: word vectors W and context
// vectors C (V×d, rows in vocabulary order) whose inner products w_i·c_j stand for a cell of some
// matrix, and, for a model with biases (GloVe), b_i and b̃_j added to each product.

import { FirthError } from '../../shared/errors';

export interface FactorPair {
  rows: number;
  dimensions: number;
  /** V×d row-major. */
  W: Float32Array;
  C: Float32Array;
  /** GloVe's b and b̃: the score of a cell is w_i·c_j + b_i + b̃_j. */
  wordBias?: Float32Array;
  contextBias?: Float32Array;
}

/** Checks the shapes once, so the loops that follow index without checks. */
export function checkFactorPair(pair: FactorPair, vocabularySize: number): void {
  const { rows, dimensions: d, W, C, wordBias, contextBias } = pair;
  if (!Number.isSafeInteger(d) || d < 1) throw new FirthError('invalid-input', `dimensions must be a whole number ≥ 1 (got ${d})`, { field: 'dimensions' });
  if (rows !== vocabularySize) {
    throw new FirthError('invalid-input', `the vectors have ${rows} rows but the counts have ${vocabularySize} words`, { field: 'W' });
  }
  if (W.length !== rows * d || C.length !== rows * d) {
    throw new FirthError('invalid-input', `W and C must hold ${rows}×${d} values (got ${W.length} and ${C.length})`, { field: 'W' });
  }
  if ((wordBias && wordBias.length !== rows) || (contextBias && contextBias.length !== rows)) {
    throw new FirthError('invalid-input', `the biases must hold ${rows} values each`, { field: 'bias' });
  }
}

/** w_i·c_j in float64. */
export function innerProduct(pair: FactorPair, word: number, context: number): number {
  const { dimensions: d, W, C } = pair;
  const wordOffset = word * d;
  const contextOffset = context * d;
  let sum = 0;
  for (let index = 0; index < d; index++) sum += W[wordOffset + index] * C[contextOffset + index];
  return sum;
}

/** w_i·c_j, plus b_i + b̃_j when the model has biases. */
export function cellScore(pair: FactorPair, word: number, context: number): number {
  const bias = (pair.wordBias ? pair.wordBias[word] : 0) + (pair.contextBias ? pair.contextBias[context] : 0);
  return innerProduct(pair, word, context) + bias;
}
