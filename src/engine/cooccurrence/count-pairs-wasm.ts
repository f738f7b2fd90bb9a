// Co-occurrence counting in WebAssembly on worker threads over one shared memory
// (compute/cpu/count-pairs.wat): each thread owns a contiguous range of rows a and counts the cells
// (a, b), b ≥ a, of every forward pair into its own hash table of 64-bit packed keys, except the
// rows of the most frequent words (about three quarters of the pairs on text), which it adds up in
// place in a dense block of V counts a row; then the threads sort their tables into the upper parts
// of their rows of the CSR matrix, copy their dense rows there (already in column order) and mirror
// the upper parts into the lower parts. Cells are disjoint between threads, so nothing is merged,
// and the result is bit-identical to the single-threaded TypeScript count (count.ts), which stays
// as the reference.
// The stream (subsampling and the OOV policy applied on the way) goes through the shared memory a
// slice at a time, so neither it nor a corpus larger than the 4 GiB wasm32 memory is ever held
// whole; the tables grow (doubling) when they fill, and once they may not grow within the memory
// budget they are spilled to disk as sorted runs and merged at the end (spill-counts.ts), the dense
// rows (a fixed size, never spilled) as one more run.

import { FirthError } from '../../shared/errors';
import { WasmWorkerPool } from '../compute/cpu/wasm-pool';
import type { WasmJob } from '../compute/cpu/wasm-pool-protocol';
import { trackPhase, type LongWorkOptions } from '../long-work';
import type { CooccurrenceMatrix } from './cooccurrence-matrix';
import { TokenRemover, type RemoveTokensOptions } from './remove-tokens';
import { mergeRuns, SpillFolder, type UpperCells } from './spill-counts';

const moduleName = 'cpu/count-pairs' as const;
/** Tokens copied into the shared memory per round; each round is one check for cancellation. */
const sliceTokens = 1 << 19;
const largestLoad = 0.7;
const smallestTableBits = 10;
/** 2^24 slots × 16 bytes = 256 MiB: the largest table a thread starts with (it grows past that). */
const largestInitialTableBits = 24;
const largestTableBits = 27;
/** Distinct cells per pair event expected in a hashed row (initialTableBits). */
const distinctShareOfPairs = 0.7;
/** Bytes per cell of what follows counting: N in CSR (u32 column + f64 count) and the SPPMI matrix with its transpose (u32 + f32 each). */
const matrixBytesPerCell = 12 + 16;
/**
 * The rows of the most frequent words (ids follow frequency) are counted in a dense block, V f64
 * a row, up to this many bytes: on text, the rows a < 90 of a 22 k vocabulary take about three
 * quarters of the pair events, and an add in place costs a fraction of a hash-table insert.
 */
const largestDenseBytes = 16 * 2 ** 20;
/** What a dense add costs against a table insert, for splitting the rows between threads. */
const denseInsertCost = 0.15;

/**
 * How many of the most frequent rows are counted dense, within a quarter of the tables' budget (and
 * 1 GiB, so a thread's offsets into its block stay within wasm32's i32 arithmetic).
 */
export function denseRowsFor(vocabularySize: number, tableBudget: number, denseBytes = largestDenseBytes): number {
  const bytes = Math.min(denseBytes, tableBudget / 4, 2 ** 30);
  return Math.max(0, Math.min(vocabularySize, Math.floor(bytes / (8 * vocabularySize))));
}

export interface WorkerCountOptions {
  threads: number;
  /** Bytes the counting tables and the matrices may take; the tables spill to disk beyond half of it. */
  memoryBudgetBytes: number;
  /** Where spill files go (a temporary folder is made inside); the system's temporary folder by default. */
  temporaryFolder?: string;
  /** Bytes of the dense block of the most frequent rows (default 16 MiB; within a quarter of the tables' budget). */
  denseBytes?: number;
}

const gigabytes = (bytes: number) => `${(bytes / 2 ** 30).toFixed(bytes < 2 ** 30 ? 3 : 1)} GB`;

/** Refuses, naming the numbers, when N and the SPPMI matrix made from it cannot fit in the budget. */
function checkMatrixFits(cells: number, vocabularySize: number, budget: number): void {
  const needed = cells * matrixBytesPerCell + vocabularySize * 64;
  if (needed > budget) {
    throw new FirthError(
      'invalid-input',
      `The co-occurrence matrix has ${cells.toLocaleString('en')} cells (vocabulary ${vocabularySize.toLocaleString('en')}): it and the SPPMI matrix need about ${gigabytes(needed)}, more than the memory budget of ${gigabytes(budget)}. Give a larger --memory-budget, a higher min-count or a smaller window.`,
      { field: 'memoryBudget' },
    );
  }
}

function alignTo16(bytes: number): number {
  return Math.ceil(bytes / 16) * 16;
}

/**
 * Hands out 16-byte aligned regions of the pool's memory past everything allocated before. The pool
 * is this count's own and a WebAssembly memory grows with zeroed pages, so every region starts
 * zeroed: empty tables and dense blocks need no clearing (and their pages are first touched by the
 * threads that count into them).
 */
class Arena {
  private end: number;
  constructor(private readonly pool: WasmWorkerPool) {
    this.end = pool.scratchOffset;
  }
  allocate(bytes: number): number {
    const offset = alignTo16(this.end);
    this.end = offset + Math.max(bytes, 0);
    this.pool.reserve(this.end);
    return offset;
  }
  /** A view taken now: a grow replaces the memory's buffer, so views are never kept across one. */
  uint32(offset: number, length: number): Uint32Array {
    return new Uint32Array(this.pool.memory.buffer, offset, length);
  }
  float64(offset: number, length: number): Float64Array {
    return new Float64Array(this.pool.memory.buffer, offset, length);
  }
  int32(offset: number, length: number): Int32Array {
    return new Int32Array(this.pool.memory.buffer, offset, length);
  }
}

interface ThreadTable {
  low: number;
  high: number;
  offset: number;
  bits: number;
  state: number;
  /** Rows [low, denseHigh) are counted in a dense block of V f64 each at `dense`, not in the table. */
  denseHigh: number;
  dense: number;
  /** u32 per column: the table's cells in each column, counted as they come (countSlice). */
  columnCounts: number;
}

/** u32 per row, shared by the threads (their rows are disjoint): cells in the upper part, 1 where (a, a) is a cell. */
interface SharedHistogram {
  upperCounts: number;
  diagonals: number;
}

/**
 * The expected number of forward pairs whose row a = min(word, context) is each word: a token of
 * word a pairs with 2L neighbours, and the pair is row a's when the neighbour's id is larger, which
 * happens about as often as the neighbour is a token of a rarer word (ids follow frequency). They
 * add up to about L per token.
 */
export function pairsPerRow(stream: Int32Array, vocabularySize: number, window: number): Float64Array {
  const tokensOf = new Float64Array(vocabularySize);
  let total = 0;
  for (let position = 0; position < stream.length; position++) {
    const id = stream[position];
    if (id >= 0) {
      tokensOf[id]++;
      total++;
    }
  }
  const pairs = new Float64Array(vocabularySize);
  let rarer = total;
  for (let id = 0; id < vocabularySize; id++) {
    rarer -= tokensOf[id];
    pairs[id] = (2 * window * tokensOf[id] * (rarer + tokensOf[id] / 2)) / Math.max(1, total);
  }
  return pairs;
}

/**
 * Contiguous ranges [low, high) of the rows, one per thread, with about equal shares of the work:
 * the pairs of each row (pairsPerRow), a dense row's (below `denseRows`) at a fraction of the cost
 * of a hashed one's.
 */
export function splitRowsByPairs(
  stream: Int32Array,
  vocabularySize: number,
  threads: number,
  denseRows = 0,
  pairs = pairsPerRow(stream, vocabularySize, 1),
): Array<{ low: number; high: number }> {
  const work = new Float64Array(vocabularySize);
  let workTotal = 0;
  for (let id = 0; id < vocabularySize; id++) {
    work[id] = pairs[id] * (id < denseRows ? denseInsertCost : 1);
    workTotal += work[id];
  }
  return splitRanges(work, workTotal, threads);
}

/** Contiguous ranges of indices with about equal sums of `work`, one per part (some may be empty). */
function splitRanges(work: ArrayLike<number>, total: number, parts: number): Array<{ low: number; high: number }> {
  const ranges: Array<{ low: number; high: number }> = [];
  let low = 0;
  let cumulative = 0;
  for (let part = 1; part <= parts; part++) {
    let high = low;
    if (part === parts) high = work.length;
    else {
      const target = (total * part) / parts;
      while (high < work.length && cumulative + work[high] / 2 <= target) cumulative += work[high++];
    }
    ranges.push({ low, high });
    low = high;
  }
  return ranges;
}

/**
 * The table of hashed rows [low, high) starts at its expected number of cells: a share of the rows'
 * pairs (distinct pairs are fewer: frequent ones repeat; text8's run at 0.5–0.65 of them), never
 * more than rows × V; it doubles when more come.
 */
function initialTableBits(pairs: Float64Array, low: number, high: number, window: number, vocabularySize: number): number {
  let rowPairs = 0;
  for (let row = low; row < high; row++) rowPairs += pairs[row];
  const expected = Math.min(distinctShareOfPairs * rowPairs, (high - low) * vocabularySize) + 2 * window;
  const bits = Math.ceil(Math.log2(Math.max(1, expected / largestLoad)));
  return Math.min(largestInitialTableBits, Math.max(smallestTableBits, bits));
}

/** The cell count at which countSlice stops so the table can grow: a centre adds at most 2L cells. */
function growLimit(bits: number, window: number): number {
  return Math.max(1, Math.floor(2 ** bits * largestLoad) - 2 * window);
}

/**
 * N(w, c) over the encoded corpus `ids` (≥ 0 words, −1 out of vocabulary, −2 sentence ends) after
 * `removal` (subsampling, OOV policy: applied a slice at a time, so the whole stream is never held),
 * `weights[d]` the weight of distance d. Progress: phase 'count' in tokens, then 'sort' (or, after
 * a spill, 'merge').
 */
export async function countPairsOnWorkers(
  ids: Int32Array,
  removal: RemoveTokensOptions,
  vocabularySize: number,
  window: number,
  weights: Float64Array,
  options: WorkerCountOptions,
  work: LongWorkOptions = {},
): Promise<CooccurrenceMatrix> {
  const threads = Math.max(1, options.threads);
  const tableBudget = options.memoryBudgetBytes / 2 - vocabularySize * 64 - sliceTokens * 4;
  const denseRows = denseRowsFor(vocabularySize, tableBudget, options.denseBytes);
  const largestBits = Math.min(largestTableBits, Math.floor(Math.log2(Math.max(1, (tableBudget - 8 * denseRows * vocabularySize) / threads / 16))));
  if (largestBits < smallestTableBits) {
    const needed = 2 * (vocabularySize * 64 + sliceTokens * 4 + threads * 16 * 2 ** smallestTableBits);
    throw new FirthError(
      'invalid-input',
      `A memory budget of ${gigabytes(options.memoryBudgetBytes)} is too small to count co-occurrences over a vocabulary of ${vocabularySize.toLocaleString('en')} words on ${threads} threads: at least ${gigabytes(needed)} is needed.`,
      { field: 'memoryBudget' },
    );
  }
  // The threads start (tens of ms) while this thread estimates the pairs per row and splits the rows.
  const starting = WasmWorkerPool.start(threads, [moduleName]);
  const pairs = pairsPerRow(ids, vocabularySize, window);
  const ranges = splitRowsByPairs(ids, vocabularySize, threads, denseRows, pairs);
  const pool = await starting;
  let spill: SpillFolder | undefined;
  try {
    return await countOnPool(pool, ids, removal, vocabularySize, window, weights, {
      largestBits,
      denseRows,
      pairs,
      ranges,
      checkCells: (cells) => checkMatrixFits(cells, vocabularySize, options.memoryBudgetBytes),
      spillFolder: () => (spill ??= new SpillFolder(options.temporaryFolder)),
      spilled: () => spill,
      work,
    });
  } finally {
    spill?.remove();
    await pool.dispose();
  }
}

interface CountOnPoolOptions {
  largestBits: number;
  denseRows: number;
  /** pairsPerRow of the stream, and the threads' ranges of rows (splitRowsByPairs). */
  pairs: Float64Array;
  ranges: Array<{ low: number; high: number }>;
  checkCells: (cells: number) => void;
  spillFolder: () => SpillFolder;
  spilled: () => SpillFolder | undefined;
  work: LongWorkOptions;
}

/** The cells of a thread's table, read from the shared memory (key words: column low, row + 1 high; 0 when empty). */
function readTable(arena: Arena, table: ThreadTable, cells: number): UpperCells {
  const slots = 2 ** table.bits;
  const words = arena.uint32(table.offset, 4 * slots);
  const counts = arena.float64(table.offset, 2 * slots);
  const rows = new Uint32Array(cells);
  const columns = new Uint32Array(cells);
  const values = new Float64Array(cells);
  let length = 0;
  for (let slot = 0; slot < slots; slot++) {
    const column = words[4 * slot];
    const rowAndOne = words[4 * slot + 1];
    if (rowAndOne === 0) continue;
    rows[length] = rowAndOne - 1;
    columns[length] = column;
    values[length++] = counts[2 * slot + 1];
  }
  return { rows, columns, values, length };
}

/** The cells of every thread's dense rows (the non-zero entries, b ≥ a), read from the shared memory. */
function readDense(arena: Arena, tables: ThreadTable[], V: number): UpperCells {
  let length = 0;
  for (const table of tables) {
    const block = arena.float64(table.dense, (table.denseHigh - table.low) * V);
    for (let row = table.low; row < table.denseHigh; row++) {
      for (let column = row, at = (row - table.low) * V + row; column < V; column++, at++) if (block[at] !== 0) length++;
    }
  }
  const cells: UpperCells = { rows: new Uint32Array(length), columns: new Uint32Array(length), values: new Float64Array(length), length };
  let cell = 0;
  for (const table of tables) {
    const block = arena.float64(table.dense, (table.denseHigh - table.low) * V);
    for (let row = table.low; row < table.denseHigh; row++) {
      for (let column = row, at = (row - table.low) * V + row; column < V; column++, at++) {
        if (block[at] === 0) continue;
        cells.rows[cell] = row;
        cells.columns[cell] = column;
        cells.values[cell++] = block[at];
      }
    }
  }
  return cells;
}

async function countOnPool(
  pool: WasmWorkerPool,
  ids: Int32Array,
  removal: RemoveTokensOptions,
  vocabularySize: number,
  window: number,
  weights: Float64Array,
  options: CountOnPoolOptions,
): Promise<CooccurrenceMatrix> {
  const { work, largestBits, denseRows, pairs, ranges } = options;
  const arena = new Arena(pool);
  const length = ids.length;
  const V = vocabularySize;
  const job = (exportName: string, args: number[]): WasmJob => ({ module: moduleName, exportName, args });
  const idle = job('idle', []);

  const weightsOffset = arena.allocate(weights.byteLength);
  arena.float64(weightsOffset, weights.length).set(weights);
  const tokensOffset = arena.allocate((sliceTokens + window) * 4);
  const tables: ThreadTable[] = ranges.map(({ low, high }) => {
    const denseHigh = Math.max(low, Math.min(high, denseRows));
    const bits = Math.min(largestBits, initialTableBits(pairs, denseHigh, high, window, V));
    const state = arena.allocate(16);
    arena.uint32(state, 4).set([0, growLimit(bits, window), 0, 0]);
    const dense = arena.allocate(8 * (denseHigh - low) * V);
    const columnCounts = arena.allocate(4 * V);
    return { low, high, bits, state, offset: arena.allocate(16 * 2 ** bits), denseHigh, dense, columnCounts };
  });
  const histogram: SharedHistogram = { upperCounts: arena.allocate(4 * V), diagonals: arena.allocate(4 * V) };

  const onThread = (index: number, exportName: string, args: number[]) => pool.run(tables.map((_, other) => (other === index ? job(exportName, args) : idle)));
  /** Writes a full table to disk as a sorted run and empties it. */
  const spill = async (table: ThreadTable, index: number): Promise<void> => {
    const cells = arena.uint32(table.state, 1)[0];
    if (cells > 0) options.spillFolder().writeRun(readTable(arena, table, cells), V);
    await onThread(index, 'clearTable', [table.offset, 2 ** table.bits]);
    arena.uint32(table.state, 1)[0] = 0;
  };
  const grow = async (table: ThreadTable, index: number): Promise<void> => {
    const bits = table.bits + 1;
    if (bits > largestBits) return spill(table, index);
    const offset = arena.allocate(16 * 2 ** bits);
    await onThread(index, 'rehash', [table.offset, 2 ** table.bits, offset, 2 ** bits - 1, bits]);
    table.offset = offset;
    table.bits = bits;
    arena.uint32(table.state + 4, 1)[0] = growLimit(bits, window);
  };

  const progress = trackPhase('count', length, 'tokens', work);
  // The stream a slice at a time: centres [0, centres) of `buffer`, with the L tokens after the last
  // centre kept for its window and carried to the front of the next slice.
  const source = new TokenRemover(ids, removal);
  const buffer = new Int32Array(sliceTokens + window);
  let filled = 0;
  for (;;) {
    filled += source.take(buffer, filled, buffer.length - filled);
    const last = source.done;
    const centres = last ? filled : filled - window;
    if (centres <= 0) break;
    arena.int32(tokensOffset, filled).set(buffer.subarray(0, filled));
    for (const table of tables) arena.uint32(table.state + 8, 1)[0] = 0;
    for (;;) {
      const unfinished = tables.map((table) => arena.uint32(table.state + 8, 1)[0] < centres);
      if (!unfinished.some(Boolean)) break;
      await pool.run(
        tables.map((table, index) =>
          unfinished[index]
            ? job('countSlice', [
                ...[tokensOffset, centres, filled, window, weightsOffset, table.low, table.high],
                ...[table.offset, 2 ** table.bits - 1, table.bits, table.state, table.dense, table.denseHigh, V],
                ...[histogram.upperCounts, table.columnCounts, histogram.diagonals],
              ])
            : idle,
        ),
      );
      for (const [index, table] of tables.entries()) {
        if (arena.uint32(table.state + 8, 1)[0] < centres) await grow(table, index);
      }
    }
    buffer.copyWithin(0, centres, filled);
    filled -= centres;
    await progress.pause(source.position);
    if (last) break;
  }
  progress.finish();
  if (options.spilled()) {
    for (const [index, table] of tables.entries()) await spill(table, index);
    // The dense rows never spill: their cells are in no run yet, so they make one run of their own.
    const denseCells = readDense(arena, tables, V);
    if (denseCells.length > 0) options.spillFolder().writeRun(denseCells, V);
    return mergeRuns(options.spillFolder().runs, V, options.checkCells, work);
  }
  return tablesToCsr(pool, arena, tables, histogram, V, options.checkCells, work);
}

/** The threads' tables as one symmetric CSR matrix, each thread writing its own rows. */
async function tablesToCsr(
  pool: WasmWorkerPool,
  arena: Arena,
  tables: ThreadTable[],
  histogram: SharedHistogram,
  V: number,
  checkCells: (cells: number) => void,
  work: LongWorkOptions,
): Promise<CooccurrenceMatrix> {
  const job = (exportName: string, args: number[]): WasmJob => ({ module: moduleName, exportName, args });
  const progress = trackPhase('sort', 4, 'steps', work);
  const zeroedUint32 = (length: number) => {
    const offset = arena.allocate(4 * length);
    arena.uint32(offset, length).fill(0);
    return offset;
  };
  const upperCountsOffset = histogram.upperCounts;
  const diagonalsOffset = histogram.diagonals;
  const columnOffsets = tables.map((table) => table.columnCounts);
  const denseColumnOffsets = tables.map(() => zeroedUint32(V));
  await pool.run(
    tables.map((table, index) => job('histogramDense', [table.dense, table.low, table.denseHigh - table.low, V, upperCountsOffset, denseColumnOffsets[index], diagonalsOffset])),
  );
  progress.update(1);

  // Row r of N: its lower part (columns < r) from the other rows' upper cells, then its upper part.
  const upperCounts = arena.uint32(upperCountsOffset, V);
  const diagonals = arena.uint32(diagonalsOffset, V);
  // Cells per column of each thread's rows: where its part of each lower part begins.
  const threadColumnCounts = tables.map((_, index) => {
    const counts = arena.uint32(columnOffsets[index], V).slice();
    const denseCounts = arena.uint32(denseColumnOffsets[index], V);
    for (let column = 0; column < V; column++) counts[column] += denseCounts[column];
    return counts;
  });
  const lowerCounts = new Uint32Array(V);
  for (const counts of threadColumnCounts) for (let row = 0; row < V; row++) lowerCounts[row] += counts[row];
  const rowPointers = new Uint32Array(V + 1);
  const upperStarts = new Uint32Array(V);
  for (let row = 0; row < V; row++) {
    lowerCounts[row] -= diagonals[row];
    upperStarts[row] = rowPointers[row] + lowerCounts[row];
    rowPointers[row + 1] = upperStarts[row] + upperCounts[row];
  }
  const cells = rowPointers[V];
  checkCells(cells);
  // Each thread's column buckets: exclusive prefix sums of its column counts, in place.
  const threadCells = columnOffsets.map((offset) => {
    const counts = arena.uint32(offset, V);
    let sum = 0;
    for (let column = 0; column < V; column++) {
      const count = counts[column];
      counts[column] = sum;
      sum += count;
    }
    return sum;
  });
  const buckets = threadCells.map((threadCount) => ({ rows: arena.allocate(4 * threadCount), counts: arena.allocate(8 * threadCount) }));
  await pool.run(tables.map((table, index) => job('scatterByColumn', [table.offset, 2 ** table.bits, columnOffsets[index], buckets[index].rows, buckets[index].counts])));
  progress.update(2);

  const rowPointersOffset = arena.allocate(4 * (V + 1));
  arena.uint32(rowPointersOffset, V + 1).set(rowPointers);
  const upperStartsOffset = arena.allocate(4 * V);
  arena.uint32(upperStartsOffset, V).set(upperStarts);
  const cursorOffset = arena.allocate(4 * V);
  arena.uint32(cursorOffset, V).set(upperStarts);
  const columnIndicesOffset = arena.allocate(4 * cells);
  const valuesOffset = arena.allocate(8 * cells);
  await pool.run(
    tables.map((_, index) => job('dealToRows', [V, columnOffsets[index], buckets[index].rows, buckets[index].counts, cursorOffset, columnIndicesOffset, valuesOffset])),
  );
  await pool.run(
    tables.map((table) => job('writeDenseRows', [table.dense, table.low, table.denseHigh - table.low, V, upperStartsOffset, columnIndicesOffset, valuesOffset])),
  );
  progress.update(3);

  const lowerCursors = tables.map(() => arena.allocate(4 * V));
  const before = rowPointers.slice(0, V);
  for (const [index, counts] of threadColumnCounts.entries()) {
    arena.uint32(lowerCursors[index], V).set(before);
    for (let row = 0; row < V; row++) before[row] += counts[row];
  }
  await pool.run(
    tables.map((table, index) =>
      job('mirrorLower', [rowPointersOffset, upperStartsOffset, table.low, table.high, lowerCursors[index], columnIndicesOffset, valuesOffset]),
    ),
  );
  const rowSumsOffset = arena.allocate(8 * V);
  const cellsPerRow = new Float64Array(V);
  for (let row = 0; row < V; row++) cellsPerRow[row] = rowPointers[row + 1] - rowPointers[row] + 1;
  const sumRanges = splitRanges(cellsPerRow, cells + V, tables.length);
  const summing = pool.run(sumRanges.map(({ low, high }) => job('sumRows', [rowPointersOffset, valuesOffset, low, high, rowSumsOffset])));
  // The matrix is final (the threads only read it now): it is copied out while they sum its rows.
  const columnIndices = arena.uint32(columnIndicesOffset, cells).slice();
  const values = arena.float64(valuesOffset, cells).slice();
  await summing;
  progress.finish();

  const rowSums = arena.float64(rowSumsOffset, V).slice();
  let total = 0;
  for (let row = 0; row < V; row++) total += rowSums[row];
  return {
    rows: V,
    columns: V,
    rowPointers,
    columnIndices,
    values,
    rowSums,
    // N is symmetric cell for cell, so a column's sum is the same row's sum, in the same order.
    columnSums: rowSums.slice(),
    total,
  };
}

