// A DenseBasis (kernels.ts) on any backend's matmul: Pᵀ kept row-major as it grows (appending a
// block is a copy), P as its list of blocks, so P·X is one matmul per block. Used by the gpu.js and
// reference backends, where nothing stays on the device between calls anyway; the cpu backend has
// its own, resident in the pool's memory (cpu/dense-basis.ts).

import { FirthError } from '../../shared/errors';
import type { BasisProjection, DenseBasis } from './kernels';

type Matmul = (a: Float32Array, b: Float32Array, m: number, k: number, n: number) => Promise<Float32Array>;

/** Refuses a basis shape or an append that does not fit, naming the numbers. */
export function checkBasisShape(rows: number, maxColumns: number): void {
  for (const [name, value] of [['rows', rows], ['maxColumns', maxColumns]] as const) {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new FirthError('invalid-input', `createBasis: ${name} must be a non-negative integer (got ${value})`, { field: name });
    }
  }
}

export function checkBasisBlock(name: string, values: Float32Array, rows: number, n: number): void {
  if (!Number.isSafeInteger(n) || n < 0 || values.length !== rows * n) {
    throw new FirthError('invalid-input', `DenseBasis.${name}: the block holds ${values.length} values, not ${rows}×${n}`, { field: 'n' });
  }
}

export function createMatmulBasis(rows: number, maxColumns: number, matmul: Matmul): DenseBasis {
  checkBasisShape(rows, maxColumns);
  const transposed = new Float32Array(rows * maxColumns);
  const blocks: Array<{ values: Float32Array; n: number }> = [];
  let columns = 0;
  let released = false;
  const checkLive = () => {
    if (released) throw new FirthError('cancelled', 'DenseBasis: the basis was released');
  };
  const basis: DenseBasis = {
    rows,
    get columns() {
      return columns;
    },
    async append(block, n) {
      checkLive();
      checkBasisBlock('append', block, rows, n);
      if (columns + n > maxColumns) throw new FirthError('invalid-input', `DenseBasis.append: ${columns} + ${n} columns exceed the ${maxColumns} set aside`, { field: 'n' });
      for (let row = 0; row < rows; row++) {
        for (let column = 0; column < n; column++) transposed[(columns + column) * rows + row] = block[row * n + column];
      }
      blocks.push({ values: block.slice(), n });
      columns += n;
    },
    async transposeTimes(z, n) {
      checkLive();
      checkBasisBlock('transposeTimes', z, rows, n);
      return matmul(transposed.subarray(0, columns * rows), z, columns, rows, n);
    },
    async times(x, n) {
      checkLive();
      checkBasisBlock('times', x, columns, n);
      const result = new Float32Array(rows * n);
      let first = 0;
      for (const block of blocks) {
        const part = await matmul(block.values, x.subarray(first * n, (first + block.n) * n), rows, block.n, n);
        for (let index = 0; index < result.length; index++) result[index] += part[index];
        first += block.n;
      }
      return result;
    },
    async projectOut(z, n): Promise<BasisProjection> {
      checkLive();
      checkBasisBlock('projectOut', z, rows, n);
      const coefficients = await basis.transposeTimes(z, n);
      const PC = await basis.times(coefficients, n);
      const projection = new Float32Array(rows * n);
      for (let index = 0; index < projection.length; index++) projection[index] = z[index] - PC[index];
      return { projection, coefficients, squaredNormsBefore: squaredColumnNorms(z, n), squaredNormsAfter: squaredColumnNorms(projection, n) };
    },
    async release() {
      released = true;
    },
  };
  return basis;
}

/**
 * The squared norm of each column of Z (rows×n, row-major), in float64: four columns at a time,
 * each summed down its rows in local variables (three times faster than a row-order pass adding
 * into the array; the same sums, in the same order).
 */
export function squaredColumnNorms(Z: Float32Array, n: number): Float64Array {
  const norms = new Float64Array(n);
  let column = 0;
  for (; column + 4 <= n; column += 4) {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let index = column; index < Z.length; index += n) {
      const z0 = Z[index];
      const z1 = Z[index + 1];
      const z2 = Z[index + 2];
      const z3 = Z[index + 3];
      s0 += z0 * z0;
      s1 += z1 * z1;
      s2 += z2 * z2;
      s3 += z3 * z3;
    }
    norms[column] = s0;
    norms[column + 1] = s1;
    norms[column + 2] = s2;
    norms[column + 3] = s3;
  }
  for (; column < n; column++) {
    let sum = 0;
    for (let index = column; index < Z.length; index += n) sum += Z[index] * Z[index];
    norms[column] = sum;
  }
  return norms;
}
