import { FirthError } from '../../shared/errors';

/** Checks sgnsNegativeCells's arguments before a backend copies them. */
export function checkSgnsCellsShape(scores: Float32Array, m: number, n: number, negativeRows: ArrayLike<number>, probabilities: ArrayLike<number>): void {
  if (!Number.isSafeInteger(m) || !Number.isSafeInteger(n) || m < 0 || n < 0) {
    throw new FirthError('invalid-input', `sgnsNegativeCells: m and n must be non-negative integers (got ${m}, ${n})`, { field: 'm' });
  }
  if (scores.length !== m * n) throw new FirthError('invalid-input', `sgnsNegativeCells: scores hold ${scores.length} values but m×n = ${m * n}`, { field: 'scores' });
  if (negativeRows.length !== m) throw new FirthError('invalid-input', `sgnsNegativeCells: ${negativeRows.length} row weights for ${m} rows`, { field: 'negativeRows' });
  if (probabilities.length !== n) throw new FirthError('invalid-input', `sgnsNegativeCells: ${probabilities.length} column probabilities for ${n} columns`, { field: 'probabilities' });
}
