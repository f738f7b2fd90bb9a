import type { GPU } from 'gpu.js';
import { FirthError } from '../../../shared/errors';
import { cachedTranspose, longestRow, type CsrMatrix } from '../csr';
import { KernelCache } from './kernel-cache';
import { flattenQuadRows, padColumns, type QuadKernelSettings } from './quad-layout';

/**
 * One gpu.js thread computes four adjacent columns of one row of Y = A·X, gathering the X rows its
 * row of A names (gpu.js kernels cannot scatter, so Aᵀ·X runs this same kernel on the transposed CSR
 * matrix). The fast form on webasm and webgpu (docs/kernels.md, gpu.js pitfall 3): the row's first
 * slot and length come as arrays of their own (no rowPointers[y + 1]), the loop counter starts at literal 0 (webgpu types a
 * counter started from an array read as f32), no data-dependent break, four sums returned as
 * Array(4). The loop bound comes from an array, so gpu.js caps it at loopMaxIterations: the kernel
 * is compiled with the longest row as that cap. Kernel row y is A's row order[y] (see GpujsCsr).
 */
const sparseTimesDenseSource = `function (values, columnIndices, rowStarts, rowLengths, x) {
  let sum0 = 0;
  let sum1 = 0;
  let sum2 = 0;
  let sum3 = 0;
  const start = rowStarts[this.thread.y];
  const length = rowLengths[this.thread.y];
  const column = this.thread.x * 4;
  for (let i = 0; i < length; i++) {
    const value = values[start + i];
    const xIndex = columnIndices[start + i] * this.constants.paddedN + column;
    sum0 += value * x[xIndex];
    sum1 += value * x[xIndex + 1];
    sum2 += value * x[xIndex + 2];
    sum3 += value * x[xIndex + 3];
  }
  return [sum0, sum1, sum2, sum3];
}`;

/**
 * gpu.js copies every array argument to float32 (docs/kernels.md, gpu.js pitfall 5), and its kernels compute
 * indices in float32 on some backends: integers are exact only up to 2^24.
 */
const exactIntegerLimit = 2 ** 24;



/**
 * A CSR matrix in the form the kernel reads: every array float32 (gpu.js would convert on each call
 * anyway), rows in a shuffled `order`. gpu.js's webasm threads split the output into equal runs of
 * rows, and a frequency-sorted vocabulary puts the longest rows first: shuffling spreads them.
 */
export interface GpujsCsr {
  rows: number;
  columns: number;
  nonZeros: number;
  longestRow: number;
  values: Float32Array;
  columnIndices: Float32Array;
  rowStarts: Float32Array;
  rowLengths: Float32Array;
  /** Kernel row y computes A's row order[y]. */
  order: Uint32Array;
}

/** A fixed shuffle (Fisher–Yates on a small LCG): the same matrix always gets the same order. */
function shuffledOrder(rows: number): Uint32Array {
  const order = Uint32Array.from({ length: rows }, (_, index) => index);
  let state = 0x9e3779b9;
  for (let index = rows - 1; index > 0; index--) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const other = Math.floor((state / 4294967296) * (index + 1));
    const swap = order[index];
    order[index] = order[other];
    order[other] = swap;
  }
  return order;
}

function tooLarge(what: string, value: number): FirthError {
  return new FirthError(
    'invalid-input',
    `The gpu.js backends compute array indices in 32-bit floats, exact only below ${exactIntegerLimit.toLocaleString('en')}, ` +
      `and this sparse product needs ${what} = ${value.toLocaleString('en')}. Use the cpu backend for a matrix this large.`,
    { field: 'matrix' },
  );
}

/**
 * Throws instead of letting float32 indices corrupt the result (docs/kernels.md, gpu.js pitfall 5). The product
 * is M·X with M rows×columns holding nonZeros, X columns×n: for Aᵀ·X, M is Aᵀ.
 */
export function checkGpujsLimits(rows: number, columns: number, nonZeros: number, n: number): void {
  const paddedN = Math.ceil(n / 4) * 4;
  if (nonZeros >= exactIntegerLimit) throw tooLarge('non-zeros', nonZeros);
  if (rows >= exactIntegerLimit) throw tooLarge('rows', rows);
  if (columns * paddedN >= exactIntegerLimit) throw tooLarge(`X's size (${columns} rows × ${paddedN} padded columns)`, columns * paddedN);
}

/** The kernel's form of a well-formed (checkCsr) matrix. */
export function toGpujsCsr(matrix: CsrMatrix): GpujsCsr {
  const { rows, rowPointers } = matrix;
  const order = shuffledOrder(rows);
  const rowStarts = new Float32Array(rows);
  const rowLengths = new Float32Array(rows);
  for (let y = 0; y < rows; y++) {
    const row = order[y];
    rowStarts[y] = rowPointers[row];
    rowLengths[y] = rowPointers[row + 1] - rowPointers[row];
  }
  return {
    rows,
    columns: matrix.columns,
    nonZeros: matrix.values.length,
    longestRow: longestRow(matrix),
    values: matrix.values,
    columnIndices: Float32Array.from(matrix.columnIndices),
    rowStarts,
    rowLengths,
    order,
  };
}

/** The kernel's form of Aᵀ (the transpose itself is built once per matrix: cachedTranspose). */
export function toGpujsTransposedCsr(matrix: CsrMatrix): GpujsCsr {
  return toGpujsCsr(cachedTranspose(matrix));
}




/**
 * Y = M·X for a matrix M in GpujsCsr form on a gpu.js GPU instance (mode 'webgpu' or 'webasm'), with
 * one compiled kernel per (rows, padded width, loop cap), least recently used evicted.
 */
export class GpujsSparseTimesDense {
  private readonly kernels = new KernelCache();

  /** poolSize: webasm worker threads (gpu.js's own pool); ignored by webgpu. */
  constructor(
    private readonly gpu: GPU,
    private readonly poolSize?: number,
  ) {}

  /** Shapes are the caller's to check (checkSparseTimesDenseShape and checkGpujsLimits). */
  async run(matrix: GpujsCsr, x: Float32Array, n: number): Promise<Float32Array> {
    if (matrix.rows === 0 || n === 0 || matrix.nonZeros === 0) return new Float32Array(matrix.rows * n);
    const paddedN = Math.ceil(n / 4) * 4;
    const rows = await this.kernels.run(
      `${matrix.rows}x${paddedN}x${matrix.longestRow}`,
      () => this.compile(matrix.rows, paddedN, matrix.longestRow),
      matrix.values,
      matrix.columnIndices,
      matrix.rowStarts,
      matrix.rowLengths,
      padColumns(x, matrix.columns, n, paddedN),
    );
    return flattenQuadRows(rows as Float32Array[][], n, matrix.order);
  }

  dispose(): void {
    this.kernels.dispose();
  }

  private compile(rows: number, paddedN: number, longest: number) {
    const settings: QuadKernelSettings = {
      output: [paddedN / 4, rows],
      constants: { paddedN },
      argumentTypes: { values: 'Array', columnIndices: 'Array', rowStarts: 'Array', rowLengths: 'Array', x: 'Array' },
      returnType: 'Array(4)',
      // gpu.js silently stops loops after loopMaxIterations (default 1000): a longer row would lose
      // its tail without a word (docs/kernels.md, gpu.js pitfall 1).
      loopMaxIterations: Math.max(1, longest),
      // webasm starts its worker threads only for async kernels; webgpu is always async.
      asyncMode: true,
      precision: 'single',
    };
    if (this.poolSize !== undefined) settings.poolSize = this.poolSize;
    return this.gpu.createKernel(sparseTimesDenseSource, settings);
  }
}
