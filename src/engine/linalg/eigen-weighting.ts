// Word and context vectors from a truncated SVD of the SPPMI matrix, with eigenvalue weighting p
// (Levy, Goldberg & Dagan 2015; hyperwords' --eig):
//   W = U_d·Σ_d^p  (word vectors),  C = V_d·Σ_d^p  (context vectors),  w+c = W + C.
// p = 0.5 is the symmetric split and the recommended default; p = 1 is textbook LSA; p = 0 uses U
// alone. Vectors are left unnormalised: similarity code L2-normalises rows.

import { FirthError } from '../../shared/errors';
import type { TruncatedSvd } from './randomized-svd';

/** The parts of a truncated SVD these helpers read. */
export type SvdFactors = Pick<TruncatedSvd, 'rows' | 'columns' | 'rank' | 'U' | 'S' | 'V'>;

/** factor (count×d, row-major) with column k scaled by S[k]^p: a new array. */
export function scaleBySingularValues(factor: Float32Array, S: Float64Array, p = 0.5): Float32Array {
  const d = S.length;
  if (d === 0 ? factor.length !== 0 : factor.length % d !== 0) {
    throw new FirthError('invalid-input', `eigenvalue weighting: ${factor.length} values do not form rows of ${d}`, { field: 'factor' });
  }
  if (!Number.isFinite(p)) throw new FirthError('invalid-input', `eigenvalue weighting: p must be a number (got ${p})`, { field: 'p' });
  // 0^0 = 1 in JavaScript, as p = 0 (U alone) needs.
  const weights = Array.from(S, (value) => value ** p);
  const scaled = new Float32Array(factor.length);
  for (let offset = 0; offset < factor.length; offset += d) {
    for (let k = 0; k < d; k++) scaled[offset + k] = factor[offset + k] * weights[k];
  }
  return scaled;
}

/** W = U·Σ^p: one row per word (rows×d). */
export function wordVectors(svd: SvdFactors, p = 0.5): Float32Array {
  return scaleBySingularValues(svd.U, svd.S, p);
}

/** C = V·Σ^p: one row per context (columns×d). */
export function contextVectors(svd: SvdFactors, p = 0.5): Float32Array {
  return scaleBySingularValues(svd.V, svd.S, p);
}

/**
 * w+c = U·Σ^p + V·Σ^p, row by row: needs the same vocabulary for words and contexts (a square
 * matrix, as SPPMI is).
 */
export function wordPlusContextVectors(svd: SvdFactors, p = 0.5): Float32Array {
  if (svd.rows !== svd.columns) {
    throw new FirthError('invalid-input', `w+c needs as many words as contexts (the SVD is ${svd.rows}×${svd.columns})`, { field: 'matrix' });
  }
  const sum = wordVectors(svd, p);
  const context = contextVectors(svd, p);
  for (let index = 0; index < sum.length; index++) sum[index] += context[index];
  return sum;
}
