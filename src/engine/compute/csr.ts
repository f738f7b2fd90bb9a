// Compressed sparse row (CSR) matrices: the form the co-occurrence and SPPMI matrices take, and the
// left operand of the sparse×dense kernels.

import { FirthError } from '../../shared/errors';

/**
 * A rows×columns sparse matrix. Row r holds the non-zeros at slots [rowPointers[r], rowPointers[r+1]):
 * values[slot] in column columnIndices[slot]. rowPointers has rows + 1 entries, from 0 to the number
 * of non-zeros. Column indices need not be sorted within a row (transposeCsr returns them sorted).
 *
 * Kernels treat a matrix as immutable once they have seen it: they cache its transpose and the fact
 * that it passed checkCsr by object identity, so change a matrix only by building a new one.
 */
export interface CsrMatrix {
  rows: number;
  columns: number;
  rowPointers: Uint32Array;
  columnIndices: Uint32Array;
  values: Float32Array;
}

/** Matrices that passed the full checkCsr, so a kernel called a hundred times checks once. */
const checked = new WeakSet<CsrMatrix>();
const transposes = new WeakMap<CsrMatrix, CsrMatrix>();

export function nonZeroCount(matrix: CsrMatrix): number {
  return matrix.values.length;
}

function invalid(name: string, message: string, field: string): FirthError {
  return new FirthError('invalid-input', `${name}: ${message}`, { field });
}

/**
 * Throws 'invalid-input' unless `matrix` is a well-formed CSR matrix: sizes that fit a Uint32 index,
 * matching array lengths, row pointers rising from 0 to the non-zero count, column indices in range.
 * A malformed matrix would make a kernel read past its arrays (garbage on one backend, a trap on
 * another), so every kernel calls this first; the O(non-zeros) pass runs once per matrix object.
 */
export function checkCsr(matrix: CsrMatrix, name = 'sparse matrix'): void {
  if (checked.has(matrix)) return;
  const { rows, columns, rowPointers, columnIndices, values } = matrix;
  for (const [field, value] of [['rows', rows], ['columns', columns]] as const) {
    if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
      throw invalid(name, `${field} must be a whole number below 2^32 (got ${value})`, field);
    }
  }
  if (!(rowPointers instanceof Uint32Array) || !(columnIndices instanceof Uint32Array) || !(values instanceof Float32Array)) {
    throw invalid(name, 'rowPointers and columnIndices must be Uint32Arrays and values a Float32Array', 'values');
  }
  if (rowPointers.length !== rows + 1) {
    throw invalid(name, `rowPointers holds ${rowPointers.length} entries but a matrix of ${rows} rows needs ${rows + 1}`, 'rowPointers');
  }
  if (columnIndices.length !== values.length) {
    throw invalid(name, `columnIndices holds ${columnIndices.length} entries but values holds ${values.length}`, 'columnIndices');
  }
  if (rowPointers[0] !== 0 || rowPointers[rows] !== values.length) {
    throw invalid(name, `rowPointers must run from 0 to the ${values.length} non-zeros (got ${rowPointers[0]} to ${rowPointers[rows]})`, 'rowPointers');
  }
  for (let row = 0; row < rows; row++) {
    if (rowPointers[row + 1] < rowPointers[row]) throw invalid(name, `rowPointers falls at row ${row}`, 'rowPointers');
  }
  for (let slot = 0; slot < columnIndices.length; slot++) {
    if (columnIndices[slot] >= columns) {
      throw invalid(name, `column index ${columnIndices[slot]} at slot ${slot} is outside the ${columns} columns`, 'columnIndices');
    }
  }
  checked.add(matrix);
}

/** Aᵀ as a new CSR matrix (counting sort by column), with each row's column indices ascending. */
export function transposeCsr(matrix: CsrMatrix): CsrMatrix {
  const { rows, columns, rowPointers, columnIndices, values } = matrix;
  const count = values.length;
  const transposedPointers = new Uint32Array(columns + 1);
  for (let slot = 0; slot < count; slot++) transposedPointers[columnIndices[slot] + 1]++;
  for (let column = 0; column < columns; column++) transposedPointers[column + 1] += transposedPointers[column];
  const next = transposedPointers.slice(0, columns);
  const transposedColumns = new Uint32Array(count);
  const transposedValues = new Float32Array(count);
  for (let row = 0; row < rows; row++) {
    const end = rowPointers[row + 1];
    for (let slot = rowPointers[row]; slot < end; slot++) {
      const target = next[columnIndices[slot]]++;
      transposedColumns[target] = row;
      transposedValues[target] = values[slot];
    }
  }
  const transposed = { rows: columns, columns: rows, rowPointers: transposedPointers, columnIndices: transposedColumns, values: transposedValues };
  // Built from a checked matrix, the transpose is well formed by construction.
  if (checked.has(matrix)) checked.add(transposed);
  return transposed;
}

/** transposeCsr(matrix), built on the first call and kept for as long as `matrix` is alive. */
export function cachedTranspose(matrix: CsrMatrix): CsrMatrix {
  let transposed = transposes.get(matrix);
  if (!transposed) {
    transposed = transposeCsr(matrix);
    transposes.set(matrix, transposed);
    // Aᵀᵀ is A: a later transpose of the transpose need not be built.
    transposes.set(transposed, matrix);
  }
  return transposed;
}

/** The longest row's non-zero count (0 for a matrix without non-zeros). */
export function longestRow(matrix: CsrMatrix): number {
  let longest = 0;
  for (let row = 0; row < matrix.rows; row++) longest = Math.max(longest, matrix.rowPointers[row + 1] - matrix.rowPointers[row]);
  return longest;
}
