import { FirthError } from '../../../shared/errors';
import { cachedTranspose, type CsrMatrix } from '../csr';
import type { PreparedSparse } from '../kernels';
import { checkSparseTimesDenseShape } from '../sparse-shape';
import type { WasmWorkerPool } from './wasm-pool';

/** Below this many multiply-adds one thread is faster than waking the others. */
const minimumWorkPerThread = 1 << 18;

/** A CSR matrix copied into the pool's memory: byte offsets of its arrays in one resident block. */
interface ResidentCsr {
  rows: number;
  columns: number;
  nonZeros: number;
  block: number;
  rowPointers: number;
  columnIndices: number;
  /** log2 of the bytes per column index: 1 (u16) when the columns fit in 16 bits, else 2 (u32). */
  indexShift: 1 | 2;
  values: number;
  /** Row pointers, kept on this side to split rows among threads. */
  pointers: Uint32Array;
}

function alignTo16(bytes: number): number {
  return Math.ceil(bytes / 16) * 16;
}

/**
 * Copies `matrix` into a resident block of the pool's memory. Call inside pool.exclusive(). Column
 * indices go in as u16 when the columns allow (≤ 65,536): each pass streams the indices and values,
 * and 6 bytes a non-zero instead of 8 took 3–4 % off a pass over the benchmark matrix (see
 * docs/kernels.md). The kernel reads them as 4-byte loads masked to 16 bits, so the block keeps
 * 2 bytes after the last index (the values follow, 16-byte aligned).
 */
function upload(pool: WasmWorkerPool, matrix: CsrMatrix): ResidentCsr {
  const nonZeros = matrix.values.length;
  const resident = allocateResidentCsr(pool, matrix.rows, matrix.columns, nonZeros, matrix.rowPointers);
  const buffer = pool.memory.buffer;
  new Uint32Array(buffer, resident.rowPointers, matrix.rows + 1).set(matrix.rowPointers);
  if (resident.indexShift === 1) new Uint16Array(buffer, resident.columnIndices, nonZeros).set(matrix.columnIndices);
  else new Uint32Array(buffer, resident.columnIndices, nonZeros).set(matrix.columnIndices);
  new Float32Array(buffer, resident.values, nonZeros).set(matrix.values);
  return resident;
}

/**
 * Sets aside a resident block for a rows×columns CSR matrix of `nonZeros` entries, laid out as
 * upload() describes: row pointers, then the column indices (u16 when the columns allow, and 2 bytes
 * to spare), then the values, each 16-byte aligned. `pointers` is the caller's copy of the row
 * pointers (filled by now or later). Call inside pool.exclusive().
 */
function allocateResidentCsr(pool: WasmWorkerPool, rows: number, columns: number, nonZeros: number, pointers: Uint32Array): ResidentCsr {
  const indexShift = columns <= 1 << 16 ? 1 : 2;
  const columnIndices = alignTo16((rows + 1) * 4);
  const values = alignTo16(columnIndices + nonZeros * (1 << indexShift) + 2);
  const block = pool.allocateResident(values + nonZeros * 4);
  return { rows, columns, nonZeros, block, rowPointers: block, columnIndices: block + columnIndices, indexShift, values: block + values, pointers };
}

/**
 * Aᵀ built from a resident A on the threads, as a resident block of its own: a counting sort by
 * column over bands of A's rows (countColumns, then scatterTranspose; sparse-times-dense.wat), each
 * band's slots placed after the earlier bands' within a column, so every row of Aᵀ lists A's rows in
 * ascending order, as transposeCsr does. Call inside pool.exclusive(). The JavaScript transposeCsr
 * took 50–60 ms of the main thread on the benchmark matrix (2.8 M non-zeros), which the first
 * transposed product of a process waited for; here it is a few ms on the threads.
 */
async function transposeOnPool(pool: WasmWorkerPool, a: ResidentCsr): Promise<ResidentCsr> {
  const { rows, columns, nonZeros } = a;
  const pointers = new Uint32Array(columns + 1);
  const transposed = allocateResidentCsr(pool, columns, rows, nonZeros, pointers);
  const bands = rows === 0 ? [] : splitRowsByWork(a.pointers, rows, pool.threadCount);
  const counts = pool.scratchOffset;
  pool.reserve(counts + Math.max(1, bands.length) * columns * 4);
  await pool.run(
    bands.map((band, thread) => ({
      module: 'cpu/sparse-times-dense' as const,
      exportName: 'countColumns',
      args: [a.rowPointers, a.columnIndices, a.indexShift, columns, band.start, band.end, counts + thread * columns * 4],
    })),
  );
  const buffer = pool.memory.buffer;
  // Each band's count of column c becomes where its part of row c of Aᵀ begins.
  const bandCounts = bands.map((_, thread) => new Uint32Array(buffer, counts + thread * columns * 4, columns));
  let running = 0;
  for (let column = 0; column < columns; column++) {
    pointers[column] = running;
    for (const count of bandCounts) {
      const slots = count[column];
      count[column] = running;
      running += slots;
    }
  }
  pointers[columns] = running;
  new Uint32Array(buffer, transposed.rowPointers, columns + 1).set(pointers);
  await pool.run(
    bands.map((band, thread) => ({
      module: 'cpu/sparse-times-dense' as const,
      exportName: 'scatterTranspose',
      args: [
        a.rowPointers,
        a.columnIndices,
        a.values,
        a.indexShift,
        band.start,
        band.end,
        counts + thread * columns * 4,
        transposed.columnIndices,
        transposed.indexShift,
        transposed.values,
      ],
    })),
  );
  return transposed;
}

/**
 * Splits rows [0, rows) into at most `threadCount` contiguous bands of about equal work, counting a
 * row as its non-zeros plus one (rows of co-occurrence matrices follow word frequency: a split by
 * row count would give one thread most of the non-zeros).
 */
export function splitRowsByWork(rowPointers: Uint32Array, rows: number, threadCount: number): Array<{ start: number; end: number }> {
  const work = (row: number) => rowPointers[row] + row;
  const total = work(rows);
  const bands: Array<{ start: number; end: number }> = [];
  let start = 0;
  for (let band = 1; band <= threadCount && start < rows; band++) {
    let end = rows;
    if (band < threadCount) {
      // The first row whose cumulative work reaches band/threadCount of the total.
      const target = (total * band) / threadCount;
      let low = start;
      let high = rows;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (work(middle) < target) low = middle + 1;
        else high = middle;
      }
      end = low;
    }
    if (end > start) bands.push({ start, end });
    start = end;
  }
  return bands;
}

/** Y = M·X for a resident M (A or Aᵀ): X and Y laid out as scratch, one band of Y's rows per thread. */
function multiply(pool: WasmWorkerPool, matrix: ResidentCsr, x: Float32Array, n: number, into?: Float32Array): Promise<Float32Array> {
  const { rows } = matrix;
  if (rows === 0 || n === 0) return Promise.resolve(new Float32Array(rows * n));
  return pool.exclusive(async () => {
    const xOffset = pool.scratchOffset;
    const yOffset = alignTo16(xOffset + x.byteLength);
    pool.reserve(yOffset + rows * n * 4);
    // After a grow the memory has a new, larger buffer: take views only now.
    const buffer = pool.memory.buffer;
    new Float32Array(buffer, xOffset, x.length).set(x);
    const usefulThreads = Math.max(1, Math.floor(((matrix.nonZeros + rows) * n) / minimumWorkPerThread));
    const bands = splitRowsByWork(matrix.pointers, rows, Math.min(pool.threadCount, usefulThreads));
    await pool.run(
      bands.map((band) => ({
        module: 'cpu/sparse-times-dense' as const,
        exportName: 'csrTimesDense',
        args: [matrix.rowPointers, matrix.columnIndices, matrix.values, xOffset, yOffset, n, band.start, band.end, matrix.indexShift],
      })),
    );
    return copyOut(new Float32Array(buffer, yOffset, rows * n), into);
  });
}

/** The result in the shared memory, copied into `into` when it fits (no garbage per product), else into a fresh array. */
export function copyOut(result: Float32Array, into: Float32Array | undefined): Float32Array {
  if (into?.length !== result.length) return result.slice();
  into.set(result);
  return into;
}

/**
 * A kept in the pool's memory for many products; Aᵀ is built beside it, on the threads, at the first
 * transposed product.
 */
class PoolPreparedSparse implements PreparedSparse {
  readonly rows: number;
  readonly columns: number;
  private readonly pool: WasmWorkerPool;
  private readonly matrix: CsrMatrix;
  private readonly forward: ResidentCsr;
  private transposed: Promise<ResidentCsr> | undefined;
  private released = false;

  constructor(pool: WasmWorkerPool, matrix: CsrMatrix, forward: ResidentCsr) {
    this.pool = pool;
    this.matrix = matrix;
    this.forward = forward;
    this.rows = matrix.rows;
    this.columns = matrix.columns;
  }

  async timesDense(x: Float32Array, n: number, into?: Float32Array): Promise<Float32Array> {
    this.checkLive();
    checkSparseTimesDenseShape(this.matrix, x, n, false);
    return multiply(this.pool, this.forward, x, n, into);
  }

  async transposeTimesDense(x: Float32Array, n: number, into?: Float32Array): Promise<Float32Array> {
    this.checkLive();
    checkSparseTimesDenseShape(this.matrix, x, n, true);
    this.transposed ??= this.pool.exclusive(() => transposeOnPool(this.pool, this.forward));
    return multiply(this.pool, await this.transposed, x, n, into);
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    const transposed = this.transposed?.catch(() => undefined);
    await this.pool.exclusive(async () => {
      this.pool.freeResident(this.forward.block);
      const resident = await transposed;
      if (resident) this.pool.freeResident(resident.block);
    });
  }

  private checkLive(): void {
    if (this.released) throw new FirthError('cancelled', 'cpu backend: this sparse matrix was released');
  }
}

/** Copies A into the pool's memory, where it stays until release(). */
export async function prepareSparseOnPool(pool: WasmWorkerPool, matrix: CsrMatrix): Promise<PreparedSparse> {
  const forward = await pool.exclusive(async () => upload(pool, matrix));
  return new PoolPreparedSparse(pool, matrix, forward);
}

/** One product: A (or Aᵀ) is copied in, used once and freed. Shapes are the caller's to check. */
export async function sparseTimesDenseOnPool(pool: WasmWorkerPool, matrix: CsrMatrix, x: Float32Array, n: number, transpose: boolean): Promise<Float32Array> {
  const operand = transpose ? cachedTranspose(matrix) : matrix;
  if (operand.rows === 0 || n === 0) return new Float32Array(operand.rows * n);
  const resident = await pool.exclusive(async () => upload(pool, operand));
  try {
    return await multiply(pool, resident, x, n);
  } finally {
    await pool.exclusive(async () => pool.freeResident(resident.block));
  }
}
