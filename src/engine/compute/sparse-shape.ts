import { FirthError } from '../../shared/errors';
import { checkCsr, type CsrMatrix } from './csr';

/**
 * Checks the arguments of A·X (transpose false) or Aᵀ·X (transpose true) before any backend copies
 * them: A must be well formed (checkCsr) and X must hold (A's columns, or rows for Aᵀ)×n values.
 */
export function checkSparseTimesDenseShape(matrix: CsrMatrix, x: Float32Array, n: number, transpose: boolean): void {
  const kernel = transpose ? 'sparseTransposeTimesDense' : 'sparseTimesDense';
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new FirthError('invalid-input', `${kernel}: the column count of X must be a non-negative integer (got ${n})`, { field: 'columns' });
  }
  checkCsr(matrix, `${kernel}: A`);
  const xRows = transpose ? matrix.rows : matrix.columns;
  if (!(x instanceof Float32Array) || x.length !== xRows * n) {
    const side = transpose ? `A's ${matrix.rows} rows` : `A's ${matrix.columns} columns`;
    throw new FirthError('invalid-input', `${kernel}: X holds ${x.length} values but ${side} × ${n} = ${xRows * n}`, { field: 'x' });
  }
}
