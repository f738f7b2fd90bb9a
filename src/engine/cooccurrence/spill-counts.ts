// Co-occurrence counting beyond a memory budget, as GloVe's `cooccur -memory` does it: when the
// counting tables may not grow any more, their cells are sorted by (row, column) and written to a
// temporary file (a "run") and the tables start again empty; at the end the runs are merged (a heap
// over the runs' next records, equal cells summed in run order) into the upper triangle of N, which
// is then mirrored into the full symmetric CSR matrix. A run record is 16 bytes: row u32, column
// u32, count f64 (little-endian), rows and columns ascending.
//
// The runs live in a folder of their own under the system's temporary folder (or the one given);
// it is removed when counting ends, finished, failed or cancelled. A full disk is reported as such.

import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FirthError } from '../../shared/errors';
import { trackPhase, type LongWorkOptions } from '../long-work';
import type { CooccurrenceMatrix } from './cooccurrence-matrix';

const recordBytes = 16;
/** Records read from each run at a time during the merge. */
const readRecords = 1 << 15;

export interface SpillRun {
  path: string;
  records: number;
}

/** Cells (a, b), a ≤ b, with their counts, in any order: what one counting table held. */
export interface UpperCells {
  rows: Uint32Array;
  columns: Uint32Array;
  values: Float64Array;
  length: number;
}

function fileSystemError(action: string, path: string, error: unknown): FirthError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC') {
    return new FirthError('io', `The disk is full: co-occurrence counting could not ${action} ${path} (its temporary files were removed). Free some space or give a larger memory budget.`, { file: path });
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new FirthError('io', `Co-occurrence counting could not ${action} ${path}: ${reason}`, { file: path });
}

/** The order of `cells` by (row, column): two stable counting sorts, by column then by row. */
function sortedOrder(cells: UpperCells, size: number): Uint32Array {
  const { rows, columns, length } = cells;
  const starts = new Uint32Array(size + 1);
  for (let cell = 0; cell < length; cell++) starts[columns[cell] + 1]++;
  for (let index = 0; index < size; index++) starts[index + 1] += starts[index];
  const byColumn = new Uint32Array(length);
  for (let cell = 0; cell < length; cell++) byColumn[starts[columns[cell]]++] = cell;
  starts.fill(0);
  for (let cell = 0; cell < length; cell++) starts[rows[cell] + 1]++;
  for (let index = 0; index < size; index++) starts[index + 1] += starts[index];
  const order = new Uint32Array(length);
  for (let position = 0; position < length; position++) {
    const cell = byColumn[position];
    order[starts[rows[cell]]++] = cell;
  }
  return order;
}

/** A temporary folder of sorted runs; remove() deletes it and everything in it. */
export class SpillFolder {
  readonly path: string;
  readonly runs: SpillRun[] = [];
  bytesWritten = 0;

  constructor(parent = tmpdir()) {
    try {
      this.path = mkdtempSync(join(parent, 'firth-spill-'));
    } catch (error) {
      throw fileSystemError('create a temporary folder in', parent, error);
    }
  }

  /** Sorts `cells` (row and column ids below `size`) and writes them as the next run. */
  writeRun(cells: UpperCells, size: number): SpillRun {
    const order = sortedOrder(cells, size);
    const path = join(this.path, `run-${String(this.runs.length).padStart(5, '0')}.bin`);
    const chunkRecords = 1 << 16;
    const buffer = Buffer.alloc(chunkRecords * recordBytes);
    let descriptor: number | undefined;
    try {
      descriptor = openSync(path, 'w');
      for (let start = 0; start < cells.length; start += chunkRecords) {
        const end = Math.min(cells.length, start + chunkRecords);
        for (let position = start; position < end; position++) {
          const cell = order[position];
          const offset = (position - start) * recordBytes;
          buffer.writeUInt32LE(cells.rows[cell], offset);
          buffer.writeUInt32LE(cells.columns[cell], offset + 4);
          buffer.writeDoubleLE(cells.values[cell], offset + 8);
        }
        const bytes = (end - start) * recordBytes;
        let written = 0;
        while (written < bytes) written += writeSync(descriptor, buffer, written, bytes - written);
      }
    } catch (error) {
      this.remove();
      throw fileSystemError('write', path, error);
    } finally {
      if (descriptor !== undefined) closeSync(descriptor);
    }
    const run = { path, records: cells.length };
    this.runs.push(run);
    this.bytesWritten += cells.length * recordBytes;
    return run;
  }

  remove(): void {
    rmSync(this.path, { recursive: true, force: true });
  }
}

/** Reads one run's records in order, a buffer at a time. */
class RunReader {
  row = 0;
  column = 0;
  value = 0;
  private readonly descriptor: number;
  private readonly buffer = Buffer.alloc(readRecords * recordBytes);
  private buffered = 0;
  private position = 0;
  private left: number;

  constructor(readonly run: SpillRun) {
    this.descriptor = openSync(run.path, 'r');
    this.left = run.records;
  }

  /** Moves to the next record; false at the end of the run. */
  next(): boolean {
    if (this.position === this.buffered) {
      if (this.left === 0) return false;
      const records = Math.min(this.left, readRecords);
      let read = 0;
      while (read < records * recordBytes) {
        const bytes = readSync(this.descriptor, this.buffer, read, records * recordBytes - read, null);
        if (bytes === 0) throw new FirthError('io', `The temporary file ${this.run.path} ended early`, { file: this.run.path });
        read += bytes;
      }
      this.buffered = records;
      this.position = 0;
      this.left -= records;
    }
    const offset = this.position++ * recordBytes;
    this.row = this.buffer.readUInt32LE(offset);
    this.column = this.buffer.readUInt32LE(offset + 4);
    this.value = this.buffer.readDoubleLE(offset + 8);
    return true;
  }

  close(): void {
    closeSync(this.descriptor);
  }
}

/** Growable arrays of the merged upper triangle, row by row. */
class UpperTriangle {
  columns = new Uint32Array(1 << 16);
  values = new Float64Array(1 << 16);
  length = 0;
  readonly rowCounts: Uint32Array;
  constructor(size: number) {
    this.rowCounts = new Uint32Array(size);
  }
  push(row: number, column: number, value: number): void {
    if (this.length === this.columns.length) {
      const columns = new Uint32Array(this.length * 2);
      columns.set(this.columns);
      this.columns = columns;
      const values = new Float64Array(this.length * 2);
      values.set(this.values);
      this.values = values;
    }
    this.columns[this.length] = column;
    this.values[this.length++] = value;
    this.rowCounts[row]++;
  }
}

/** Whether reader a's record comes before b's: by row, column, then run order (equal cells sum in run order). */
function before(a: RunReader, b: RunReader, aIndex: number, bIndex: number): boolean {
  if (a.row !== b.row) return a.row < b.row;
  if (a.column !== b.column) return a.column < b.column;
  return aIndex < bIndex;
}

/**
 * Merges the runs into the symmetric matrix N (V = size), calling `checkCells` with the number of
 * distinct cells of N before the full matrix is allocated (it may refuse). Progress: phase 'merge'
 * in records.
 */
export async function mergeRuns(
  runs: SpillRun[],
  size: number,
  checkCells: (cells: number) => void,
  work: LongWorkOptions = {},
): Promise<CooccurrenceMatrix> {
  const totalRecords = runs.reduce((sum, run) => sum + run.records, 0);
  const progress = trackPhase('merge', totalRecords, 'records', work);
  const readers: RunReader[] = [];
  const upper = new UpperTriangle(size);
  try {
    for (const run of runs) {
      try {
        readers.push(new RunReader(run));
      } catch (error) {
        throw fileSystemError('read', run.path, error);
      }
    }
    // A binary heap of reader indices, smallest record on top.
    const heap: number[] = [];
    const less = (i: number, j: number) => before(readers[heap[i]], readers[heap[j]], heap[i], heap[j]);
    const siftDown = (start: number) => {
      let index = start;
      for (;;) {
        const left = 2 * index + 1;
        if (left >= heap.length) return;
        const child = left + 1 < heap.length && less(left + 1, left) ? left + 1 : left;
        if (!less(child, index)) return;
        [heap[index], heap[child]] = [heap[child], heap[index]];
        index = child;
      }
    };
    for (let index = 0; index < readers.length; index++) if (readers[index].next()) heap.push(index);
    for (let index = (heap.length >> 1) - 1; index >= 0; index--) siftDown(index);

    let merged = 0;
    let currentRow = -1;
    let currentColumn = -1;
    let sum = 0;
    while (heap.length > 0) {
      const reader = readers[heap[0]];
      if (reader.row === currentRow && reader.column === currentColumn) sum += reader.value;
      else {
        if (currentRow >= 0) upper.push(currentRow, currentColumn, sum);
        currentRow = reader.row;
        currentColumn = reader.column;
        sum = reader.value;
      }
      if (reader.next()) siftDown(0);
      else {
        heap[0] = heap[heap.length - 1];
        heap.pop();
        siftDown(0);
      }
      if (++merged % (1 << 16) === 0) await progress.pause(merged);
    }
    if (currentRow >= 0) upper.push(currentRow, currentColumn, sum);
    progress.finish();
  } finally {
    for (const reader of readers) reader.close();
  }
  return mirrorUpper(upper, size, checkCells);
}

/** The full symmetric matrix from its upper triangle (rows ascending, columns ascending in each row). */
function mirrorUpper(upper: UpperTriangle, size: number, checkCells: (cells: number) => void): CooccurrenceMatrix {
  const { rowCounts } = upper;
  const lowerCounts = new Uint32Array(size);
  let slot = 0;
  for (let row = 0; row < size; row++) {
    const end = slot + rowCounts[row];
    for (; slot < end; slot++) if (upper.columns[slot] !== row) lowerCounts[upper.columns[slot]]++;
  }
  const rowPointers = new Uint32Array(size + 1);
  for (let row = 0; row < size; row++) rowPointers[row + 1] = rowPointers[row] + lowerCounts[row] + rowCounts[row];
  const cells = rowPointers[size];
  checkCells(cells);
  const columnIndices = new Uint32Array(cells);
  const values = new Float64Array(cells);
  const lowerCursor = rowPointers.slice(0, size);
  slot = 0;
  for (let row = 0; row < size; row++) {
    // Row `row`'s lower part was filled by earlier rows; its upper part follows.
    let target = rowPointers[row] + lowerCounts[row];
    const end = slot + rowCounts[row];
    for (; slot < end; slot++) {
      const column = upper.columns[slot];
      const value = upper.values[slot];
      columnIndices[target] = column;
      values[target++] = column === row ? 2 * value : value;
      if (column !== row) {
        const lower = lowerCursor[column]++;
        columnIndices[lower] = row;
        values[lower] = value;
      }
    }
  }
  const rowSums = new Float64Array(size);
  let total = 0;
  for (let row = 0; row < size; row++) {
    let sum = 0;
    for (let index = rowPointers[row]; index < rowPointers[row + 1]; index++) sum += values[index];
    rowSums[row] = sum;
    total += sum;
  }
  return { rows: size, columns: size, rowPointers, columnIndices, values, rowSums, columnSums: rowSums.slice(), total };
}
