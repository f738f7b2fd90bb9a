// From the hash table of unordered pairs to the full symmetric matrix in CSR, with ascending columns
// in each row. The table holds T(a, b) for a ≤ b: the weight of forward pairs {a, b} in either order.
// So N(a, b) = N(b, a) = T(a, b) for a < b, and N(a, a) = 2·T(a, a) (a pair of two equal words is
// seen once from each end). Two stable counting sorts (by column, then by row) replace a comparison
// sort per row: linear time, and the rows of frequent words (tens of thousands of cells) cost no more.

import { trackPhase, type LongWorkOptions } from '../long-work';
import type { CooccurrenceMatrix } from './cooccurrence-matrix';
import type { PairTable } from './pair-table';

/** Slots or cells handled between two checks for cancellation. */
const slice = 1 << 20;

/** Builds the matrix and releases the table's memory on the way (the table is empty afterwards). */
export async function pairTableToCsr(table: PairTable, work: LongWorkOptions = {}): Promise<CooccurrenceMatrix> {
  const size = table.width;
  const slots = table.keys.length;
  const progress = trackPhase('sort', 3 * slots, 'slots', work);

  // 1. Count the cells of each row (= of each column, the matrix being symmetric).
  const rowPointers = new Uint32Array(size + 1);
  for (let start = 0; start < slots; start += slice) {
    const end = Math.min(slots, start + slice);
    for (let slot = start; slot < end; slot++) {
      if (!table.isOccupied(slot)) continue;
      const key = table.keys[slot];
      const low = Math.floor(key / size);
      const high = key - low * size;
      rowPointers[low + 1]++;
      if (high !== low) rowPointers[high + 1]++;
    }
    await progress.pause(end);
  }
  for (let row = 0; row < size; row++) rowPointers[row + 1] += rowPointers[row];
  const cells = rowPointers[size];

  // 2. Scatter every cell into its column's bucket, remembering its row. By symmetry the column
  // buckets have the row counts as their sizes.
  const rowsByColumn = new Uint32Array(cells);
  const valuesByColumn = new Float64Array(cells);
  const columnCursor = rowPointers.slice(0, size);
  for (let start = 0; start < slots; start += slice) {
    const end = Math.min(slots, start + slice);
    for (let slot = start; slot < end; slot++) {
      if (!table.isOccupied(slot)) continue;
      const key = table.keys[slot];
      const low = Math.floor(key / size);
      const high = key - low * size;
      const value = table.values[slot];
      if (high === low) {
        const target = columnCursor[low]++;
        rowsByColumn[target] = low;
        valuesByColumn[target] = 2 * value;
        continue;
      }
      let target = columnCursor[high]++;
      rowsByColumn[target] = low;
      valuesByColumn[target] = value;
      target = columnCursor[low]++;
      rowsByColumn[target] = high;
      valuesByColumn[target] = value;
    }
    await progress.pause(slots + end);
  }
  table.release();

  // 3. Walk the columns in order and deal each cell to its row: columns arrive ascending in every row.
  const columnIndices = new Uint32Array(cells);
  const values = new Float64Array(cells);
  const rowSums = new Float64Array(size);
  const columnSums = new Float64Array(size);
  const rowCursor = rowPointers.slice(0, size);
  let column = 0;
  for (let start = 0; start < cells; start += slice) {
    const end = Math.min(cells, start + slice);
    for (let cell = start; cell < end; cell++) {
      while (cell >= rowPointers[column + 1]) column++;
      const row = rowsByColumn[cell];
      const value = valuesByColumn[cell];
      const target = rowCursor[row]++;
      columnIndices[target] = column;
      values[target] = value;
      rowSums[row] += value;
      columnSums[column] += value;
    }
    await progress.pause(2 * slots + (end / Math.max(1, cells)) * slots);
  }
  progress.finish();
  let total = 0;
  for (let row = 0; row < size; row++) total += rowSums[row];
  return { rows: size, columns: size, rowPointers, columnIndices, values, rowSums, columnSums, total };
}
