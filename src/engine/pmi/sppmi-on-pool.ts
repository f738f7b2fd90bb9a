// SPPMI computed on the worker threads that counted N, where N already is (compute/cpu/sppmi.wat):
// N's CSR stays in the pool's shared memory and only the SPPMI matrix is copied out, u32 columns and
// f32 values (8 bytes a kept cell, where N's copy took 12 bytes a cell, for more cells). The result
// is sppmi.ts's bit for bit: the same N_c^α and Σ_c N_c^α (smoothContexts, computed here), the same
// f64 products and comparison on the threads, and fdlibm's log1p, which is what V8's Math.log1p runs.
// Two passes, each thread its own rows: the kept cells are compared and moved to the front of their
// rows' slots in place (so N is gone after it), their counts per row turned into row pointers here,
// and then their log1p values written in place; each range's cells are copied out from there. For
// SPPMI-SVD, whose counts are not needed after SPPMI (cooccurrence/count.ts's countCooccurrencesForSppmi).

import { throwIfCancelled, trackPhase, type LongWorkOptions } from '../long-work';
import type { PoolArena } from '../compute/cpu/pool-arena';
import type { WasmWorkerPool } from '../compute/cpu/wasm-pool';
import type { WasmJob } from '../compute/cpu/wasm-pool-protocol';
import type { CsrMatrix } from '../compute/csr';
import { smoothContexts, type SppmiOptions } from './sppmi';

const moduleName = 'cpu/sppmi' as const;
/** Jobs each thread's rows are cut into for each pass: a check for cancellation and a progress report between two. */
const chunksPerThread = 8;

/** The symmetric count matrix N as count-pairs-wasm.ts leaves it in the pool's memory (byte offsets), with copies of what is small. */
export interface CountsInPool {
  /** V: N is V × V. */
  rows: number;
  rowPointers: Uint32Array;
  rowPointersOffset: number;
  /** u32 per cell. */
  columnIndicesOffset: number;
  /** f64 per cell. */
  valuesOffset: number;
  /** N_w, f64 per row; N is symmetric, so they are its column sums too. */
  rowSums: Float64Array;
  rowSumsOffset: number;
}

interface RowRange {
  low: number;
  high: number;
}

/**
 * Each thread's contiguous range of rows, with about equal shares of cells (a row weighs its cells
 * and one more), cut into `chunks` ranges of about equal shares again.
 */
export function splitRowsByCells(rowPointers: Uint32Array, threads: number, chunks: number): RowRange[][] {
  const rows = rowPointers.length - 1;
  const total = rowPointers[rows] + rows;
  const boundaries: number[] = [0];
  const parts = threads * chunks;
  let row = 0;
  for (let part = 1; part < parts; part++) {
    const target = (total * part) / parts;
    while (row < rows && rowPointers[row + 1] + row + 1 <= target) row++;
    boundaries.push(row);
  }
  boundaries.push(rows);
  return Array.from({ length: threads }, (_, thread) =>
    Array.from({ length: chunks }, (_, chunk) => ({ low: boundaries[thread * chunks + chunk], high: boundaries[thread * chunks + chunk + 1] })).filter(
      (range) => range.high > range.low,
    ),
  );
}

/**
 * Runs jobOf(range) for every range of ranges[i] on thread i, in order, every thread at once, and
 * afterEach after each job (which may throw: cancellation). Resolves when every thread is done, and
 * rejects only after every thread has stopped, so no thread still writes the memory.
 */
async function runRanges(pool: WasmWorkerPool, ranges: RowRange[][], jobOf: (range: RowRange) => WasmJob, afterEach: (range: RowRange) => void): Promise<void> {
  let failed = false;
  const outcomes = await Promise.allSettled(
    ranges.map(async (threadRanges, index) => {
      try {
        for (const range of threadRanges) {
          if (failed) return;
          await pool.runOn(index, jobOf(range));
          afterEach(range);
        }
      } catch (error) {
        failed = true;
        throw error;
      }
    }),
  );
  const failure = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (failure) throw failure.reason;
}

/**
 * SPPMI of `counts` (sppmi.ts's matrix, bit for bit) at resolved `options`, on the pool's threads;
 * N's columns and values are overwritten on the way: the SPPMI matrix is made in their place. Undefined,
 * with N untouched, when the few arrays of V entries it needs do not fit beside N within the 4 GiB
 * wasm32 memory (or `limitBytes`): the caller then copies N out and runs sppmi.ts. Progress: phase 'sppmi' in rows.
 */
export async function sppmiOnPool(
  pool: WasmWorkerPool,
  arena: PoolArena,
  counts: CountsInPool,
  options: SppmiOptions,
  work: LongWorkOptions = {},
  limitBytes?: number,
): Promise<CsrMatrix | undefined> {
  const V = counts.rows;
  throwIfCancelled(work.signal);
  if (!arena.fits([8 * V, 4 * V, 4 * (V + 1)], limitBytes)) return undefined;
  const { smoothedColumns, smoothedTotal } = smoothContexts(counts.rowSums, options.cds);
  const smoothedOffset = arena.allocate(8 * V);
  arena.float64(smoothedOffset, V).set(smoothedColumns);
  const keptCountsOffset = arena.allocate(4 * V);
  const keptPointersOffset = arena.allocate(4 * (V + 1));
  const { rowPointersOffset, columnIndicesOffset, valuesOffset } = counts;
  const job = (exportName: string, args: number[]): WasmJob => ({ module: moduleName, exportName, args });
  const ranges = splitRowsByCells(counts.rowPointers, pool.threadCount, chunksPerThread);

  const progress = trackPhase('sppmi', V, 'rows', work);
  const compared = [rowPointersOffset, columnIndicesOffset, valuesOffset, counts.rowSumsOffset, smoothedOffset, smoothedTotal, options.shiftK];
  await runRanges(
    pool,
    ranges,
    ({ low, high }) => job('compactKept', [...compared, low, high, keptCountsOffset]),
    () => progress.update(0),
  );
  const keptCounts = arena.uint32(keptCountsOffset, V);
  const keptPointers = new Uint32Array(V + 1);
  for (let row = 0; row < V; row++) keptPointers[row + 1] = keptPointers[row] + keptCounts[row];
  const kept = keptPointers[V];
  arena.uint32(keptPointersOffset, V + 1).set(keptPointers);
  let rowsDone = 0;
  await runRanges(
    pool,
    ranges,
    ({ low, high }) => job('finishKept', [rowPointersOffset, valuesOffset, low, high, keptPointersOffset]),
    ({ low, high }) => progress.update((rowsDone += high - low)),
  );
  // Each range's kept cells are at the start of its slots of N: columns in N's columns, f32 values in
  // N's f64 values (memory the counting touched already, where fresh regions would fault 8 bytes a
  // kept cell in).
  const columnIndices = new Uint32Array(kept);
  const values = new Float32Array(kept);
  for (const { low, high } of ranges.flat()) {
    const length = keptPointers[high] - keptPointers[low];
    columnIndices.set(arena.uint32(columnIndicesOffset + 4 * counts.rowPointers[low], length), keptPointers[low]);
    values.set(arena.float32(valuesOffset + 8 * counts.rowPointers[low], length), keptPointers[low]);
  }
  progress.finish();
  return { rows: V, columns: V, rowPointers: keptPointers, columnIndices, values };
}
