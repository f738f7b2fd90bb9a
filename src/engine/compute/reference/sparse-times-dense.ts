import type { CsrMatrix } from '../csr';

/**
 * Y(rows×n) = A·X for a CSR matrix A (rows×cols) and a row-major X (cols×n), accumulated in float64
 * and rounded once to float32: the answer every backend's kernel is tested against.
 */
export function sparseTimesDenseReference(matrix: CsrMatrix, x: Float32Array, n: number): Float32Array {
  const { rows, rowPointers, columnIndices, values } = matrix;
  const y = new Float32Array(rows * n);
  const sum = new Float64Array(n);
  for (let row = 0; row < rows; row++) {
    sum.fill(0);
    for (let slot = rowPointers[row]; slot < rowPointers[row + 1]; slot++) {
      const value = values[slot];
      const xOffset = columnIndices[slot] * n;
      for (let column = 0; column < n; column++) sum[column] += value * x[xOffset + column];
    }
    y.set(sum, row * n);
  }
  return y;
}

/**
 * Y(cols×n) = Aᵀ·X for a CSR matrix A (rows×cols) and a row-major X (rows×n), by scattering each
 * row of A (no transpose is built, so the kernels' transposes are checked independently), in
 * float64, rounded once to float32.
 */
export function sparseTransposeTimesDenseReference(matrix: CsrMatrix, x: Float32Array, n: number): Float32Array {
  const { rows, columns, rowPointers, columnIndices, values } = matrix;
  const sums = new Float64Array(columns * n);
  for (let row = 0; row < rows; row++) {
    const xOffset = row * n;
    for (let slot = rowPointers[row]; slot < rowPointers[row + 1]; slot++) {
      const value = values[slot];
      const yOffset = columnIndices[slot] * n;
      for (let column = 0; column < n; column++) sums[yOffset + column] += value * x[xOffset + column];
    }
  }
  return Float32Array.from(sums);
}
