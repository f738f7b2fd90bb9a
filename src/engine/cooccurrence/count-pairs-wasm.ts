// Co-occurrence counting in WebAssembly on worker threads over one shared memory
// (compute/cpu/count-pairs.wat): each thread owns a contiguous range of rows a and counts the cells
// (a, b), b ≥ a, of every forward pair. The rows of the most frequent words (about three quarters of
// the pairs on text) it adds up in place in a dense block of V counts a row; the pairs of the other
// rows it appends to an event buffer (64-bit words: the cell's key and the distance), which is sorted
// (a stable radix sort) and merged into the thread's sorted list of cells whenever it fills and at
// the end. Sorting streams through memory where a hash table missed the cache once per pair, and the
// sorted list is already in CSR order: the threads copy their lists and dense rows into the upper
// parts of their rows of the CSR matrix and mirror them into the lower parts. Cells are disjoint
// between threads, so nothing is merged across threads, and each cell's count adds its pairs in
// corpus order, so the result is bit-identical to the single-threaded TypeScript count (count.ts),
// which stays as the reference.
// The stream (subsampling and the OOV policy applied on the way) goes through the shared memory a
// slice at a time, so neither it nor a corpus larger than the 4 GiB wasm32 memory is ever held
// whole; once a thread's list of cells outgrows its share of the memory budget it is spilled to
// disk as a sorted run and the runs are merged at the end (spill-counts.ts), the dense rows (a fixed
// size, never spilled) as one more run.
// For SPPMI-SVD, which needs N only to make SPPMI from it, countSppmiOnWorkers makes SPPMI on the
// same threads from N where it lies (pmi/sppmi-on-pool.ts) and copies out only the SPPMI matrix.

import { FirthError } from '../../shared/errors';
import { PoolArena } from '../compute/cpu/pool-arena';
import { WasmWorkerPool } from '../compute/cpu/wasm-pool';
import type { WasmJob } from '../compute/cpu/wasm-pool-protocol';
import type { CsrMatrix } from '../compute/csr';
import { sppmiOnPool } from '../pmi/sppmi-on-pool';
import type { SppmiOptions } from '../pmi/sppmi';
import { trackPhase, type LongWorkOptions } from '../long-work';
import type { CooccurrenceMatrix } from './cooccurrence-matrix';
import { TokenRemover, type RemoveTokensOptions } from './remove-tokens';
import { mergeRuns, SpillFolder, type UpperCells } from './spill-counts';

const moduleName = 'cpu/count-pairs' as const;
/** Tokens copied into the shared memory per slice; each slice is one check for cancellation. */
const sliceTokens = 1 << 19;
/**
 * Slices of the stream in the shared memory at once (2 MiB each), budget permitting: how far one
 * thread may run ahead of another, so that a thread sorting a full buffer (a quarter of a second at
 * most) holds up no other.
 */
const largestRingSlots = 16;
/** The least memory a thread's events and cells may have (16 KiB); a smaller budget is refused. */
const smallestThreadBytes = 16 * 2 ** 10;
/** Events a thread's buffer holds at most (64 MiB, and as much again to sort into). */
const largestEventCapacity = 2 ** 23;
/** Cells a thread's list holds before it is spilled (512 MiB a list; a merge writes a second one). */
const largestCellLimit = 2 ** 25;
/**
 * Bytes of a thread's budget per event of its buffer: 16 for the buffer and its sort scratch, 32
 * for the two lists' share (the merge reads one and writes the other, each as long as the events
 * and the cells before them), and as much again for the cells the list may hold before a spill.
 */
const bytesPerBufferedEvent = 96;
/** u32 counters of the radix sort: 5 passes of at most 2^11 buckets. */
const histogramBytes = 5 * 2 ** 11 * 4;
/** Bytes per cell of what follows counting: N in CSR (u32 column + f64 count) and the SPPMI matrix with its transpose (u32 + f32 each). */
const matrixBytesPerCell = 12 + 16;
/**
 * The rows of the most frequent words (ids follow frequency) are counted in a dense block, V f64
 * a row (or u32: countsAreWhole), as many rows as fit in this many bytes as f64: on text, the rows
 * a < 90 of a 22 k vocabulary take about three quarters of the pair events, and an add in place
 * costs a fraction of buffering, sorting and merging an event.
 */
const largestDenseBytes = 16 * 2 ** 20;
/** What a dense add costs against a buffered event, for splitting the rows between threads. */
const denseInsertCost = 0.25;

/**
 * How many of the most frequent rows are counted dense, at 8 bytes an entry within a quarter of the
 * counting budget (and 1 GiB, so a thread's offsets into its block stay within wasm32's i32 arithmetic).
 */
export function denseRowsFor(vocabularySize: number, tableBudget: number, denseBytes = largestDenseBytes): number {
  const bytes = Math.min(denseBytes, tableBudget / 4, 2 ** 30);
  return Math.max(0, Math.min(vocabularySize, Math.floor(bytes / (8 * vocabularySize))));
}

/**
 * Whether the dense rows may count in u32 (4 bytes an entry, not 8): when every window weight is 1
 * (flat windows) a count is the number of its pairs, a whole number, and the f64 sum of that many
 * ones is that number exactly; u32 holds it while the stream has fewer than 2^32 pairs (L a token).
 */
export function countsAreWhole(weights: Float64Array, tokens: number, window: number): boolean {
  for (let distance = 1; distance <= window; distance++) if (weights[distance] !== 1) return false;
  return tokens * window < 2 ** 32;
}

export interface WorkerCountOptions {
  threads: number;
  /** Bytes counting and the matrices may take; the threads' lists of cells spill to disk beyond half of it (and beyond 2 GiB). */
  memoryBudgetBytes: number;
  /** Where spill files go (a temporary folder is made inside); the system's temporary folder by default. */
  temporaryFolder?: string;
  /** Bytes of the dense block of the most frequent rows as f64 (default 16 MiB; within a quarter of the counting budget). */
  denseBytes?: number;
  /**
   * Events a thread buffers before it sorts them into its list of cells (default: its rows'
   * expected pairs, within its share of the budget; at least 2L). Small values make many sorts and merges.
   */
  eventsPerThread?: number;
}

/** SPPMI made on the counting threads (countSppmiOnWorkers), at resolved options. */
export interface PoolSppmiOptions extends SppmiOptions {
  /** The most pool memory N and the SPPMI matrix may take together (default 4 GiB, all wasm32 addresses; tests force the fallback with less). */
  poolLimitBytes?: number;
}

/**
 * What counting for SPPMI returns: the SPPMI matrix made on the counting threads, with N's number
 * of cells and the time (performance.now()) N was complete; or N itself where SPPMI was not made
 * there (the counts spilled to disk, or the SPPMI matrix did not fit beside N in the pool's memory),
 * for the caller to run sppmi.ts on.
 */
export type CountsOrSppmi = { counts: CooccurrenceMatrix } | { sppmi: CsrMatrix; cells: number; countedAtMs: number };

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

/** A region of a thread's cell list: `capacity` records of 16 bytes (key i64, count f64). */
interface CellRegion {
  offset: number;
  capacity: number;
}

interface ThreadCounter {
  low: number;
  high: number;
  /** Rows [low, denseHigh) are counted in a dense block of V f64 each at `dense`; rows [denseHigh, high) as events. */
  denseHigh: number;
  dense: number;
  /** i32 ×4: events in the buffer, the count at which countSlice stops, the next centre, the merged list's length. */
  state: number;
  events: number;
  scratch: number;
  histograms: number;
  eventCapacity: number;
  /** Bits of the keys (a − denseHigh)·V + b of this thread's rows: what the radix sort sorts on. */
  keyBits: number;
  /** The sorted list of cells (lists[current], cellCount records) and the region the next merge writes. */
  lists: [CellRegion, CellRegion];
  current: 0 | 1;
  cellCount: number;
  /** Cells the list may hold before a flush; beyond it the list is spilled to disk first. */
  cellLimit: number;
  /** u32 per column: the thread's cells in each column (the CSR build's histogram). */
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

/** Bits of the largest key (rows·V − 1) of `rows` rows: at least 1. */
function keyBitsFor(rows: number, vocabularySize: number): number {
  let bits = 1;
  while (2 ** bits < rows * vocabularySize) bits++;
  return bits;
}

/**
 * A thread's buffer holds its rows' expected events (pairsPerRow), so a corpus that fits is sorted
 * once, at the end; within the thread's share of the budget, and at least a few windows' worth.
 */
function eventCapacityFor(pairs: Float64Array, low: number, high: number, window: number, threadBytes: number, requested?: number): number {
  if (requested !== undefined) return Math.max(2 * window, Math.min(largestEventCapacity, Math.floor(requested)));
  let expected = 0;
  for (let row = low; row < high; row++) expected += pairs[row];
  const largest = Math.max(4 * window, Math.min(largestEventCapacity, Math.floor(threadBytes / bytesPerBufferedEvent)));
  return Math.min(largest, Math.ceil(1.05 * expected) + 4 * window + 1024);
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
  const counted = await countSppmiOnWorkers(ids, removal, vocabularySize, window, weights, options, undefined, work);
  if (!('counts' in counted)) throw new FirthError('internal', 'counting made SPPMI where only the counts were asked for');
  return counted.counts;
}

/**
 * As countPairsOnWorkers, and then SPPMI (pmi/sppmi.ts's, bit for bit) on the same threads, from N in
 * their memory (pmi/sppmi-on-pool.ts): only the SPPMI matrix is copied out. N itself comes back
 * instead where its counts spilled to disk or the SPPMI matrix does not fit beside it, and always
 * when `sppmi` is undefined (countPairsOnWorkers). Progress as countPairsOnWorkers', then phase
 * 'sppmi' in rows.
 */
export async function countSppmiOnWorkers(
  ids: Int32Array,
  removal: RemoveTokensOptions,
  vocabularySize: number,
  window: number,
  weights: Float64Array,
  options: WorkerCountOptions,
  sppmi: PoolSppmiOptions | undefined,
  work: LongWorkOptions = {},
): Promise<CountsOrSppmi> {
  const threads = Math.max(1, options.threads);
  const sliceBytes = sliceTokens * 4;
  // Within 2 GiB: the buffers and lists, and the CSR matrix written after them, must fit in the
  // 4 GiB a wasm32 memory can address (a larger list spills to disk instead).
  let tableBudget = Math.min(2 ** 31, options.memoryBudgetBytes / 2 - vocabularySize * 64 - sliceBytes);
  // More slots of the ring where they take at most an eighth of what is left.
  const ringSlots = 1 + Math.max(0, Math.min(largestRingSlots - 1, Math.floor(tableBudget / 8 / sliceBytes)));
  tableBudget -= (ringSlots - 1) * sliceBytes;
  const whole = countsAreWhole(weights, ids.length, window);
  const denseEntryBytes = whole ? 4 : 8;
  // The rows that fit as f64; counted in u32 they take half the bytes (twice as many rows were slower: text8, 2 threads).
  const denseRows = denseRowsFor(vocabularySize, tableBudget, options.denseBytes);
  const threadBytes = (tableBudget - denseEntryBytes * denseRows * vocabularySize) / threads - histogramBytes;
  if (threadBytes < smallestThreadBytes) {
    const needed = 2 * (vocabularySize * 64 + sliceTokens * 4 + threads * (smallestThreadBytes + histogramBytes));
    throw new FirthError(
      'invalid-input',
      `A memory budget of ${gigabytes(options.memoryBudgetBytes)} is too small to count co-occurrences over a vocabulary of ${vocabularySize.toLocaleString('en')} words on ${threads} threads: at least ${gigabytes(needed)} is needed.`,
      { field: 'memoryBudget' },
    );
  }
  // The threads start (tens of ms) while this thread estimates the pairs per row and splits the rows.
  const starting = WasmWorkerPool.start(threads, sppmi ? [moduleName, 'cpu/sppmi'] : [moduleName]);
  const pairs = pairsPerRow(ids, vocabularySize, window);
  const ranges = splitRowsByPairs(ids, vocabularySize, threads, denseRows, pairs);
  const pool = await starting;
  let spill: SpillFolder | undefined;
  try {
    return await countOnPool(pool, ids, removal, vocabularySize, window, weights, {
      threadBytes,
      ringSlots,
      eventsPerThread: options.eventsPerThread,
      whole,
      denseRows,
      pairs,
      ranges,
      checkCells: (cells) => checkMatrixFits(cells, vocabularySize, options.memoryBudgetBytes),
      spillFolder: () => (spill ??= new SpillFolder(options.temporaryFolder)),
      spilled: () => spill,
      sppmi,
      work,
    });
  } finally {
    spill?.remove();
    // Every job has settled (pool.run waits for all of them), so nothing writes the memory any more:
    // the threads end in the background instead of holding up the result (5–15 ms).
    void pool.dispose().catch(() => undefined);
  }
}

interface CountOnPoolOptions {
  /** Bytes each thread's events and cells may take. */
  threadBytes: number;
  /** Slices of the stream held at once (largestRingSlots). */
  ringSlots: number;
  eventsPerThread: number | undefined;
  /** The dense rows count in u32 (countsAreWhole), else in f64. */
  whole: boolean;
  denseRows: number;
  /** pairsPerRow of the stream, and the threads' ranges of rows (splitRowsByPairs). */
  pairs: Float64Array;
  ranges: Array<{ low: number; high: number }>;
  checkCells: (cells: number) => void;
  spillFolder: () => SpillFolder;
  spilled: () => SpillFolder | undefined;
  /** Make SPPMI from N on the threads (countSppmiOnWorkers). */
  sppmi: PoolSppmiOptions | undefined;
  work: LongWorkOptions;
}

/** The cells of a thread's list, read from the shared memory (keys (a − denseHigh)·V + b, ascending). */
function readCells(arena: PoolArena, counter: ThreadCounter, V: number): UpperCells {
  const length = counter.cellCount;
  const offset = counter.lists[counter.current].offset;
  const words = arena.uint32(offset, 4 * length);
  const counts = arena.float64(offset, 2 * length);
  const rows = new Uint32Array(length);
  const columns = new Uint32Array(length);
  const values = new Float64Array(length);
  for (let cell = 0; cell < length; cell++) {
    // Keys stay below 2^52: exact in a double.
    const key = words[4 * cell + 1] * 2 ** 32 + words[4 * cell];
    const row = Math.floor(key / V);
    rows[cell] = counter.denseHigh + row;
    columns[cell] = key - row * V;
    values[cell] = counts[2 * cell + 1];
  }
  return { rows, columns, values, length };
}

/** The cells of every thread's dense rows (the non-zero entries, b ≥ a), read from the shared memory. */
function readDense(arena: PoolArena, counters: ThreadCounter[], V: number, whole: boolean): UpperCells {
  const denseBlock = (counter: ThreadCounter) => {
    const entries = (counter.denseHigh - counter.low) * V;
    return whole ? arena.uint32(counter.dense, entries) : arena.float64(counter.dense, entries);
  };
  let length = 0;
  for (const counter of counters) {
    const block = denseBlock(counter);
    for (let row = counter.low; row < counter.denseHigh; row++) {
      for (let column = row, at = (row - counter.low) * V + row; column < V; column++, at++) if (block[at] !== 0) length++;
    }
  }
  const cells: UpperCells = { rows: new Uint32Array(length), columns: new Uint32Array(length), values: new Float64Array(length), length };
  let cell = 0;
  for (const counter of counters) {
    const block = denseBlock(counter);
    for (let row = counter.low; row < counter.denseHigh; row++) {
      for (let column = row, at = (row - counter.low) * V + row; column < V; column++, at++) {
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
): Promise<CountsOrSppmi> {
  const { work, threadBytes, denseRows, pairs, ranges, whole, ringSlots } = options;
  const wholeFlag = whole ? 1 : 0;
  const arena = new PoolArena(pool);
  const length = ids.length;
  const V = vocabularySize;
  const job = (exportName: string, args: number[]): WasmJob => ({ module: moduleName, exportName, args });

  const weightsOffset = arena.allocate(weights.byteLength);
  arena.float64(weightsOffset, weights.length).set(weights);
  const tokensOffsets = Array.from({ length: ringSlots }, () => arena.allocate((sliceTokens + window) * 4));
  const counters: ThreadCounter[] = ranges.map(({ low, high }) => {
    const denseHigh = Math.max(low, Math.min(high, denseRows));
    const eventCapacity = eventCapacityFor(pairs, denseHigh, high, window, threadBytes, options.eventsPerThread);
    const state = arena.allocate(16);
    // A centre adds at most L events: stop while L still fit.
    arena.uint32(state, 4).set([0, eventCapacity - window, 0, 0]);
    const cellLimit = Math.max(eventCapacity, Math.min(largestCellLimit, Math.floor((threadBytes - 16 * eventCapacity) / 32) - eventCapacity));
    return {
      low,
      high,
      denseHigh,
      dense: arena.allocate((whole ? 4 : 8) * (denseHigh - low) * V),
      state,
      // The scratch right after the buffer (flushEvents' inPlace relies on it).
      events: arena.allocate(8 * eventCapacity),
      scratch: arena.allocate(8 * eventCapacity),
      histograms: arena.allocate(histogramBytes),
      eventCapacity,
      keyBits: keyBitsFor(high - denseHigh, V),
      lists: [
        { offset: 0, capacity: 0 },
        { offset: 0, capacity: 0 },
      ],
      current: 0,
      cellCount: 0,
      cellLimit,
      columnCounts: arena.allocate(4 * V),
    };
  });
  const histogram: SharedHistogram = { upperCounts: arena.allocate(4 * V), diagonals: arena.allocate(4 * V) };

  /** Writes a thread's list of cells to disk as a sorted run and empties it. */
  const spill = (counter: ThreadCounter): void => {
    if (counter.cellCount > 0) options.spillFolder().writeRun(readCells(arena, counter, V), V);
    counter.cellCount = 0;
  };
  /**
   * Sorts a thread's buffered events into its list (spilling a list that is full first). The last
   * flush of a thread whose list is empty writes the list over its own buffer (flushEvents'
   * `inPlace`): memory already touched, where a fresh region would fault its pages in.
   */
  const flush = async (index: number, last = false): Promise<void> => {
    const counter = counters[index];
    const events = arena.uint32(counter.state, 1)[0];
    if (events === 0) return;
    if (counter.cellCount > counter.cellLimit) spill(counter);
    const target = counter.lists[1 - counter.current];
    const needed = counter.cellCount + events;
    let inPlace = 0;
    if (last && counter.cellCount === 0) {
      counter.lists[1 - counter.current] = { offset: counter.events, capacity: counter.eventCapacity };
      inPlace = 1;
    } else if (target.capacity < needed) {
      // The list grows by doubling (its old regions stay behind in the arena: the arena never frees).
      target.capacity = Math.min(Math.max(needed, 2 * target.capacity), counter.cellLimit + counter.eventCapacity);
      target.offset = arena.allocate(16 * target.capacity);
    }
    await pool.runOn(
      index,
      job('flushEvents', [
        ...[counter.events, counter.scratch, events, counter.keyBits, counter.histograms],
        ...[counter.lists[counter.current].offset, counter.cellCount, counter.lists[1 - counter.current].offset, weightsOffset, counter.state, inPlace],
      ]),
    );
    const state = arena.uint32(counter.state, 4);
    counter.cellCount = state[3];
    counter.current = counter.current === 0 ? 1 : 0;
    state[0] = 0;
  };

  const progress = trackPhase('count', length, 'tokens', work);
  // The stream a slice at a time through a ring of slots: slice k (centres [0, centres) of its slot,
  // then the L tokens after the last centre for its window, carried to the front of slice k + 1)
  // goes to slot k mod ringSlots once every thread is done with slice k − ringSlots. Each thread
  // goes through the slices at its own pace, so one that stops to sort a full buffer holds up no
  // other (until the ring runs dry).
  const source = new TokenRemover(ids, removal);
  const buffer = new Int32Array(sliceTokens + window);
  const slices: Array<{ centres: number; filled: number }> = [];
  let streamEnded = false;
  let failed = false;
  const sliceDone = counters.map(() => 0);
  let waiting: Array<() => void> = [];
  const wake = (): void => {
    const woken = waiting;
    waiting = [];
    for (const resolve of woken) resolve();
  };
  const waitUntil = async (ready: () => boolean): Promise<void> => {
    while (!ready() && !failed) await new Promise<void>((resolve) => waiting.push(resolve));
  };
  const produce = async (): Promise<void> => {
    let filled = 0;
    for (;;) {
      filled += source.take(buffer, filled, buffer.length - filled);
      const last = source.done;
      const centres = last ? filled : filled - window;
      if (centres <= 0) break;
      const slice = slices.length;
      await waitUntil(() => Math.min(...sliceDone) > slice - ringSlots);
      if (failed) return;
      arena.int32(tokensOffsets[slice % ringSlots], filled).set(buffer.subarray(0, filled));
      slices.push({ centres, filled });
      wake();
      buffer.copyWithin(0, centres, filled);
      filled -= centres;
      await progress.pause(source.position);
      if (last) break;
    }
    streamEnded = true;
    wake();
  };
  const consume = async (index: number): Promise<void> => {
    const counter = counters[index];
    for (let slice = 0; ; slice++) {
      await waitUntil(() => slices.length > slice || streamEnded);
      if (failed || slice >= slices.length) return;
      const { centres, filled } = slices[slice];
      arena.uint32(counter.state + 8, 1)[0] = 0;
      for (;;) {
        await pool.runOn(
          index,
          job('countSlice', [
            ...[tokensOffsets[slice % ringSlots], centres, filled, window, weightsOffset, counter.low, counter.high],
            ...[counter.dense, counter.denseHigh, V, wholeFlag, counter.events, counter.state],
          ]),
        );
        // A thread that stopped before the end of the slice has a full buffer.
        if (arena.uint32(counter.state + 8, 1)[0] >= centres) break;
        await flush(index);
      }
      sliceDone[index] = slice + 1;
      wake();
    }
  };
  const outcomes = await Promise.allSettled(
    [produce, ...counters.map((_, index) => () => consume(index))].map(async (loop) => {
      try {
        await loop();
      } catch (error) {
        // Every loop stops at its next wait; all have ended before this count returns or throws.
        failed = true;
        wake();
        throw error;
      }
    }),
  );
  const failure = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (failure) throw failure.reason;
  await Promise.all(counters.map((_, index) => flush(index, true)));
  progress.finish();
  if (options.spilled()) {
    for (const counter of counters) spill(counter);
    // The dense rows never spill: their cells are in no run yet, so they make one run of their own.
    const denseCells = readDense(arena, counters, V, whole);
    if (denseCells.length > 0) options.spillFolder().writeRun(denseCells, V);
    return { counts: await mergeRuns(options.spillFolder().runs, V, options.checkCells, work) };
  }
  return listsToCsr(pool, arena, counters, histogram, V, wholeFlag, options.checkCells, options.sppmi, work);
}

/** Runs steps[i] on thread i one after another, every thread at once; resolves when all are done (and rejects, after that, if one failed). */
async function inTurn(pool: WasmWorkerPool, steps: WasmJob[][]): Promise<void> {
  const outcomes = await Promise.allSettled(steps.flatMap((jobs, index) => jobs.map((each) => pool.runOn(index, each))));
  const failed = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (failed) throw failed.reason;
}

/** The threads' lists and dense rows as one symmetric CSR matrix, each thread writing its own rows. */
async function listsToCsr(
  pool: WasmWorkerPool,
  arena: PoolArena,
  counters: ThreadCounter[],
  histogram: SharedHistogram,
  V: number,
  wholeFlag: number,
  checkCells: (cells: number) => void,
  sppmi: PoolSppmiOptions | undefined,
  work: LongWorkOptions = {},
): Promise<CountsOrSppmi> {
  const job = (exportName: string, args: number[]): WasmJob => ({ module: moduleName, exportName, args });
  const progress = trackPhase('sort', 3, 'steps', work);
  const { upperCounts: upperCountsOffset, diagonals: diagonalsOffset } = histogram;
  const list = (counter: ThreadCounter) => counter.lists[counter.current].offset;
  // Each thread runs its steps back to back (its rows only), so no thread waits for another's step.
  await inTurn(
    pool,
    counters.map((counter) => [
      job('histogramCells', [list(counter), counter.cellCount, counter.denseHigh, V, upperCountsOffset, counter.columnCounts, diagonalsOffset]),
      job('histogramDense', [counter.dense, counter.low, counter.denseHigh - counter.low, V, wholeFlag, upperCountsOffset, counter.columnCounts, diagonalsOffset]),
    ]),
  );
  progress.update(1);

  // Row r of N: its lower part (columns < r) from the other rows' upper cells, then its upper part.
  const upperCounts = arena.uint32(upperCountsOffset, V);
  const diagonals = arena.uint32(diagonalsOffset, V);
  // Cells per column of each thread's rows: where its part of each lower part begins.
  const threadColumnCounts = counters.map((counter) => arena.uint32(counter.columnCounts, V));
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

  const rowPointersOffset = arena.allocate(4 * (V + 1));
  arena.uint32(rowPointersOffset, V + 1).set(rowPointers);
  const upperStartsOffset = arena.allocate(4 * V);
  arena.uint32(upperStartsOffset, V).set(upperStarts);
  const columnIndicesOffset = arena.allocate(4 * cells);
  const valuesOffset = arena.allocate(8 * cells);
  const lowerCursors = counters.map(() => arena.allocate(4 * V));
  const before = rowPointers.slice(0, V);
  for (const [index, counts] of threadColumnCounts.entries()) {
    arena.uint32(lowerCursors[index], V).set(before);
    for (let row = 0; row < V; row++) before[row] += counts[row];
  }
  // A thread mirrors only its own rows' upper parts, into lower-part slots no other thread writes:
  // it may start as soon as its own upper parts are written.
  await inTurn(
    pool,
    counters.map((counter, index) => [
      job('writeCells', [list(counter), counter.cellCount, counter.denseHigh, V, upperStartsOffset, columnIndicesOffset, valuesOffset]),
      job('writeDenseRows', [counter.dense, counter.low, counter.denseHigh - counter.low, V, wholeFlag, upperStartsOffset, columnIndicesOffset, valuesOffset]),
      job('mirrorLower', [rowPointersOffset, upperStartsOffset, counter.low, counter.high, lowerCursors[index], columnIndicesOffset, valuesOffset]),
    ]),
  );
  progress.update(2);
  const rowSumsOffset = arena.allocate(8 * V);
  const cellsPerRow = new Float64Array(V);
  for (let row = 0; row < V; row++) cellsPerRow[row] = rowPointers[row + 1] - rowPointers[row] + 1;
  const sumRanges = splitRanges(cellsPerRow, cells + V, counters.length);
  const summing = pool.run(sumRanges.map(({ low, high }) => job('sumRows', [rowPointersOffset, valuesOffset, low, high, rowSumsOffset])));
  // The matrix is final (the threads only read it now): it is copied out while they sum its rows,
  // unless SPPMI is made from it here, where it stays.
  const copyColumnIndices = () => arena.uint32(columnIndicesOffset, cells).slice();
  const copyValues = () => arena.float64(valuesOffset, cells).slice();
  const columnIndices = sppmi ? undefined : copyColumnIndices();
  const values = sppmi ? undefined : copyValues();
  await summing;
  progress.finish();

  const rowSums = arena.float64(rowSumsOffset, V).slice();
  if (sppmi) {
    const countedAtMs = performance.now();
    const counts = { rows: V, rowPointers, rowPointersOffset, columnIndicesOffset, valuesOffset, rowSums, rowSumsOffset };
    const matrix = await sppmiOnPool(pool, arena, counts, sppmi, work, sppmi.poolLimitBytes);
    if (matrix) return { sppmi: matrix, cells, countedAtMs };
  }
  let total = 0;
  for (let row = 0; row < V; row++) total += rowSums[row];
  return {
    counts: {
      rows: V,
      columns: V,
      rowPointers,
      columnIndices: columnIndices ?? copyColumnIndices(),
      values: values ?? copyValues(),
      rowSums,
      // N is symmetric cell for cell, so a column's sum is the same row's sum, in the same order.
      columnSums: rowSums.slice(),
      total,
    },
  };
}
