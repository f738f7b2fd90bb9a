// Co-occurrence counting in WebAssembly on worker threads over one shared memory
// (compute/cpu/count-pairs.wat): each thread owns a contiguous range of rows a and counts the cells
// (a, b), b ≥ a, of every forward pair into its own hash table of 64-bit packed keys; then the
// threads sort their tables into the upper parts of their rows of the CSR matrix and mirror them
// into the lower parts. Cells are disjoint between threads, so nothing is merged, and the result is
// bit-identical to the single-threaded TypeScript count (count.ts), which stays as the reference.
// The stream (subsampling and the OOV policy applied on the way) goes through the shared memory a
// slice at a time, so neither it nor a corpus larger than the 4 GiB wasm32 memory is ever held
// whole; the tables grow (doubling) when they fill, and once they may not grow within the memory
// budget they are spilled to disk as sorted runs and merged at the end (spill-counts.ts).

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
/** Bytes per cell of what follows counting: N in CSR (u32 column + f64 count) and the SPPMI matrix with its transpose (u32 + f32 each). */
const matrixBytesPerCell = 12 + 16;

export interface WorkerCountOptions {
  threads: number;
  /** Bytes the counting tables and the matrices may take; the tables spill to disk beyond half of it. */
  memoryBudgetBytes: number;
  /** Where spill files go (a temporary folder is made inside); the system's temporary folder by default. */
  temporaryFolder?: string;
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

/** Hands out 16-byte aligned regions of the pool's memory past everything allocated before. */
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
  /** countSlice's queue of cells (batchCells × 16 bytes, and 8 more). */
  batch: number;
}

/**
 * Contiguous ranges [low, high) of the rows a = min(word, context) of a pair, one per thread, with
 * about equal shares of the inserts: a token of word a pairs with 2L neighbours, and the pair is
 * row a's when the neighbour's id is larger, which happens about as often as the neighbour is a
 * token of a rarer word (ids follow frequency).
 */
export function splitRowsByPairs(stream: Int32Array, vocabularySize: number, threads: number): Array<{ low: number; high: number }> {
  const tokensOf = new Float64Array(vocabularySize);
  let total = 0;
  for (let position = 0; position < stream.length; position++) {
    const id = stream[position];
    if (id >= 0) {
      tokensOf[id]++;
      total++;
    }
  }
  const work = new Float64Array(vocabularySize);
  let rarer = total;
  let workTotal = 0;
  for (let id = 0; id < vocabularySize; id++) {
    rarer -= tokensOf[id];
    work[id] = tokensOf[id] * (rarer + tokensOf[id] / 2);
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

function initialTableBits(tokens: number, window: number, rows: number, vocabularySize: number, threads: number): number {
  // Distinct cells: about L·tokens/4 unordered pairs (frequent pairs repeat), shared among the
  // threads; never more than this thread's rows × V.
  const expected = Math.min((window * tokens) / 4 / threads, rows * vocabularySize) + 2 * window;
  const bits = Math.ceil(Math.log2(Math.max(1, expected / largestLoad)));
  return Math.min(largestInitialTableBits, Math.max(smallestTableBits, bits));
}

/**
 * Pair cells count-pairs.wat queues before adding them to its table ($batchCells there): it reads
 * their slots first, all at once, so their cache misses overlap.
 */
const batchCells = 32;

/**
 * The cell count at which countSlice stops so the table can grow: a centre adds at most 2L cells,
 * and up to batchCells − 1 queued cells are not yet counted when it checks.
 */
function growLimit(bits: number, window: number): number {
  return Math.max(1, Math.floor(2 ** bits * largestLoad) - 2 * window - batchCells);
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
  const largestBits = Math.min(largestTableBits, Math.floor(Math.log2(Math.max(1, tableBudget / threads / 16))));
  if (largestBits < smallestTableBits) {
    const needed = 2 * (vocabularySize * 64 + sliceTokens * 4 + threads * 16 * 2 ** smallestTableBits);
    throw new FirthError(
      'invalid-input',
      `A memory budget of ${gigabytes(options.memoryBudgetBytes)} is too small to count co-occurrences over a vocabulary of ${vocabularySize.toLocaleString('en')} words on ${threads} threads: at least ${gigabytes(needed)} is needed.`,
      { field: 'memoryBudget' },
    );
  }
  const pool = await WasmWorkerPool.start(threads, [moduleName]);
  let spill: SpillFolder | undefined;
  try {
    return await countOnPool(pool, ids, removal, vocabularySize, window, weights, {
      largestBits,
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
  checkCells: (cells: number) => void;
  spillFolder: () => SpillFolder;
  spilled: () => SpillFolder | undefined;
  work: LongWorkOptions;
}

/** The cells of a thread's table, read from the shared memory (key words: column low, row high). */
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
    const row = words[4 * slot + 1];
    if (column === 0xffffffff && row === 0xffffffff) continue;
    rows[length] = row;
    columns[length] = column;
    values[length++] = counts[2 * slot + 1];
  }
  return { rows, columns, values, length };
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
  const { work, largestBits } = options;
  const arena = new Arena(pool);
  const length = ids.length;
  const V = vocabularySize;
  const job = (exportName: string, args: number[]): WasmJob => ({ module: moduleName, exportName, args });
  const idle = job('idle', []);

  const weightsOffset = arena.allocate(weights.byteLength);
  arena.float64(weightsOffset, weights.length).set(weights);
  const tokensOffset = arena.allocate((sliceTokens + window) * 4);
  const tables: ThreadTable[] = splitRowsByPairs(ids, V, pool.threadCount).map(({ low, high }) => {
    const bits = Math.min(largestBits, initialTableBits(length, window, high - low, V, pool.threadCount));
    const state = arena.allocate(16);
    arena.uint32(state, 4).set([0, growLimit(bits, window), 0, 0]);
    const batch = arena.allocate(16 * batchCells + 16);
    return { low, high, bits, state, batch, offset: arena.allocate(16 * 2 ** bits) };
  });
  await pool.run(tables.map((table) => job('clearTable', [table.offset, 2 ** table.bits])));

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
    await onThread(index, 'clearTable', [offset, 2 ** bits]);
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
            ? job('countSlice', [tokensOffset, centres, filled, window, weightsOffset, table.low, table.high, table.offset, 2 ** table.bits - 1, table.bits, table.state, table.batch])
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
    return mergeRuns(options.spillFolder().runs, V, options.checkCells, work);
  }
  return tablesToCsr(pool, arena, tables, V, options.checkCells, work);
}

/** The threads' tables as one symmetric CSR matrix, each thread writing its own rows. */
async function tablesToCsr(
  pool: WasmWorkerPool,
  arena: Arena,
  tables: ThreadTable[],
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
  const upperCountsOffset = zeroedUint32(V);
  const diagonalsOffset = zeroedUint32(V);
  const columnOffsets = tables.map(() => zeroedUint32(V));
  await pool.run(tables.map((table, index) => job('histogram', [table.offset, 2 ** table.bits, upperCountsOffset, columnOffsets[index], diagonalsOffset])));
  progress.update(1);

  // Row r of N: its lower part (columns < r) from the other rows' upper cells, then its upper part.
  const upperCounts = arena.uint32(upperCountsOffset, V);
  const diagonals = arena.uint32(diagonalsOffset, V);
  const lowerCounts = new Uint32Array(V);
  for (const offset of columnOffsets) {
    const counts = arena.uint32(offset, V);
    for (let row = 0; row < V; row++) lowerCounts[row] += counts[row];
  }
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
  progress.update(3);

  arena.uint32(cursorOffset, V).set(rowPointers.subarray(0, V));
  const lowerRanges = splitRanges(lowerCounts, cells - upperCounts.reduce((sum, count) => sum + count, 0), tables.length);
  await pool.run(lowerRanges.map(({ low, high }) => job('mirrorLower', [rowPointersOffset, upperStartsOffset, low, high, cursorOffset, columnIndicesOffset, valuesOffset])));
  const rowSumsOffset = arena.allocate(8 * V);
  const cellsPerRow = new Float64Array(V);
  for (let row = 0; row < V; row++) cellsPerRow[row] = rowPointers[row + 1] - rowPointers[row] + 1;
  const sumRanges = splitRanges(cellsPerRow, cells + V, tables.length);
  await pool.run(sumRanges.map(({ low, high }) => job('sumRows', [rowPointersOffset, valuesOffset, low, high, rowSumsOffset])));
  progress.finish();

  const rowSums = arena.float64(rowSumsOffset, V).slice();
  let total = 0;
  for (let row = 0; row < V; row++) total += rowSums[row];
  return {
    rows: V,
    columns: V,
    rowPointers,
    columnIndices: arena.uint32(columnIndicesOffset, cells).slice(),
    values: arena.float64(valuesOffset, cells).slice(),
    rowSums,
    // N is symmetric cell for cell, so a column's sum is the same row's sum, in the same order.
    columnSums: rowSums.slice(),
    total,
  };
}
