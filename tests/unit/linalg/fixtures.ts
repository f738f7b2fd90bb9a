// Checks shared by the linear-algebra tests: dense copies, exact SVDs, orthonormality, residuals.

import { Matrix, SingularValueDecomposition } from 'ml-matrix';
import type { CsrMatrix } from '../../../src/engine/compute/csr';
import type { TruncatedSvd } from '../../../src/engine/linalg/randomized-svd';
import { randomCsr } from '../compute/fixtures/sparse';

export { randomCsr };

export function denseFromCsr(matrix: CsrMatrix): Matrix {
  const dense = new Matrix(matrix.rows, matrix.columns);
  for (let row = 0; row < matrix.rows; row++) {
    for (let slot = matrix.rowPointers[row]; slot < matrix.rowPointers[row + 1]; slot++) {
      dense.set(row, matrix.columnIndices[slot], dense.get(row, matrix.columnIndices[slot]) + matrix.values[slot]);
    }
  }
  return dense;
}

/** All singular values of A, descending, by ml-matrix's dense SVD in float64. */
export function exactSingularValues(matrix: CsrMatrix): number[] {
  return new SingularValueDecomposition(denseFromCsr(matrix), { autoTranspose: true, computeLeftSingularVectors: false, computeRightSingularVectors: false })
    .diagonal;
}

/** A with row r scaled by 3/√(r+1): rows weighted like a frequency-sorted vocabulary, so the spectrum decays. */
export function rowWeighted(matrix: CsrMatrix): CsrMatrix {
  const values = matrix.values.slice();
  for (let row = 0; row < matrix.rows; row++) {
    for (let slot = matrix.rowPointers[row]; slot < matrix.rowPointers[row + 1]; slot++) values[slot] *= 3 / Math.sqrt(row + 1);
  }
  return { ...matrix, values };
}

/** max |XᵀX − I| for a row-major rows×columns X, in float64. */
export function orthonormalityError(x: Float32Array, rows: number, columns: number): number {
  let worst = 0;
  for (let i = 0; i < columns; i++) {
    for (let j = i; j < columns; j++) {
      let dot = 0;
      for (let row = 0; row < rows; row++) dot += x[row * columns + i] * x[row * columns + j];
      worst = Math.max(worst, Math.abs(dot - (i === j ? 1 : 0)));
    }
  }
  return worst;
}

/** max over k of ‖A·v_k − σ_k·u_k‖ / σ_1: how far the triplets are from satisfying A·V = U·Σ. */
export function residual(matrix: CsrMatrix, svd: TruncatedSvd): number {
  const { rank: d, U, S, V } = svd;
  const av = new Float64Array(matrix.rows * d);
  for (let row = 0; row < matrix.rows; row++) {
    for (let slot = matrix.rowPointers[row]; slot < matrix.rowPointers[row + 1]; slot++) {
      const value = matrix.values[slot];
      const vOffset = matrix.columnIndices[slot] * d;
      for (let k = 0; k < d; k++) av[row * d + k] += value * V[vOffset + k];
    }
  }
  let worst = 0;
  for (let k = 0; k < d; k++) {
    let norm = 0;
    for (let row = 0; row < matrix.rows; row++) norm += (av[row * d + k] - S[k] * U[row * d + k]) ** 2;
    worst = Math.max(worst, Math.sqrt(norm) / S[0]);
  }
  return worst;
}

export function worstRelativeDifference(actual: ArrayLike<number>, expected: ArrayLike<number>, count: number): number {
  let worst = 0;
  for (let index = 0; index < count; index++) worst = Math.max(worst, Math.abs(actual[index] - expected[index]) / Math.abs(expected[index]));
  return worst;
}
