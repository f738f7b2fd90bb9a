// A DenseBasis (kernels.ts) resident in the pool's shared memory: P (rows × maxColumns, row-major,
// only the first `columns` of each row used), read in place by cpu/dense-basis.wat. So a
// Gram–Schmidt step of the block Krylov SVD copies in only Z (or X) and the new block, where copying
// P (rows·K floats) and growing it by a copy took longer than the products themselves.
//
// Pᵀ·Z reads P's rows directly, 256 rows at a time: no Pᵀ is kept (it was, beside P, until issue 17:
// twice the memory, and every append wrote both). projectOut does a whole Gram–Schmidt pass in one
// queued call: Z copied in once, its column norms, C = Pᵀ·Z, Z − P·C in place and the new norms on
// the threads, Z and C copied out; before, the main thread packed Z for the matmul kernel, copied
// P·C out, subtracted it and took both norms itself (about 4 ms of JavaScript a step on the
// benchmark matrix). append copies on the threads too (0.4 ms a block of 20, was 2–4 ms).
// Measured on the benchmark matrix at K = 380, b = 20, one thread: Pᵀ·Z 18.2 ms, P·X 17.2 ms
// (18–20 GFLOP/s, the same as matmul.wat's 4×8 tiles on Pᵀ: the kernels are bound by instruction
// throughput, two f32x4 operations a multiply-add without FMA; blocks of 64, 128 or 256 rows all
// measured the same).

import { FirthError } from '../../../shared/errors';
import { checkBasisBlock, checkBasisShape, squaredColumnNorms } from '../dense-basis';
import type { BasisProjection, DenseBasis } from '../kernels';
import { splitRows } from './matmul';
import type { WasmWorkerPool } from './wasm-pool';

/** Below this many multiply-adds one thread is faster than waking the others. */
const minimumWorkPerThread = 1 << 18;

function alignTo16(bytes: number): number {
  return Math.ceil(bytes / 16) * 16;
}

/** The kernel's row length: n rounded up to whole f32x4 lanes. */
function paddedWidth(n: number): number {
  return Math.ceil(n / 4) * 4;
}

/** Writes `source` (rows×n) into `target` with rows `width` floats apart (the extra lanes zero). */
function writePadded(source: Float32Array, rows: number, n: number, width: number, target: Float32Array): void {
  if (n === width) {
    target.set(source);
    return;
  }
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < n; column++) target[row * width + column] = source[row * n + column];
    for (let column = n; column < width; column++) target[row * width + column] = 0;
  }
}

/** The first n of every `width` floats of `source` (rows of a padded result), into `into` when it fits. */
function readPadded(source: Float32Array, rows: number, n: number, width: number, into?: Float32Array): Float32Array {
  const result = into?.length === rows * n ? into : new Float32Array(rows * n);
  if (n === width) {
    result.set(source.subarray(0, rows * n));
    return result;
  }
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < n; column++) result[row * n + column] = source[row * width + column];
  }
  return result;
}

/** Rows per float64 partial of columnNorms (dense-basis.wat): the same sums on any thread count. */
const normBlockRows = 256;

/** The first n columns of per-block partial sums (blocks×width), added in block order. */
function addBlocks(partials: Float64Array, blocks: number, n: number, width: number): Float64Array {
  const sums = new Float64Array(n);
  for (let block = 0; block < blocks; block++) for (let column = 0; column < n; column++) sums[column] += partials[block * width + column];
  return sums;
}

class PoolDenseBasis implements DenseBasis {
  private used = 0;
  private released = false;

  constructor(
    private readonly pool: WasmWorkerPool,
    readonly rows: number,
    private readonly maxColumns: number,
    /** Byte offset of P (rows×maxColumns) in the pool's memory. */
    private readonly block: number,
  ) {}

  get columns(): number {
    return this.used;
  }

  async append(values: Float32Array, n: number): Promise<void> {
    this.checkLive();
    checkBasisBlock('append', values, this.rows, n);
    if (this.used + n > this.maxColumns) {
      throw new FirthError('invalid-input', `DenseBasis.append: ${this.used} + ${n} columns exceed the ${this.maxColumns} set aside`, { field: 'n' });
    }
    const { rows, maxColumns } = this;
    const first = this.used;
    this.used += n;
    if (rows === 0 || n === 0) return;
    // On the threads (cpu/dense-basis.wat): the same copy as a JavaScript loop over rows took
    // 2–4 ms per block of 20 on the benchmark matrix, about a tenth of the SVD's main-thread time.
    await this.pool.exclusive(async () => {
      const source = this.pool.scratchOffset;
      this.pool.reserve(source + values.byteLength);
      new Float32Array(this.pool.memory.buffer, source, values.length).set(values);
      await this.pool.run(
        splitRows(rows, this.pool.threadCount).map((band) => ({
          module: 'cpu/dense-basis' as const,
          exportName: 'append',
          args: [source, n, this.block + first * 4, maxColumns * 4, band.start, band.end],
        })),
      );
    });
  }

  async transposeTimes(z: Float32Array, n: number, into?: Float32Array): Promise<Float32Array> {
    this.checkLive();
    checkBasisBlock('transposeTimes', z, this.rows, n);
    const K = this.used;
    if (K === 0 || n === 0 || this.rows === 0) return new Float32Array(K * n);
    return this.pool.exclusive(async () => {
      const width = paddedWidth(n);
      const { zOffset, cOffset } = this.layOut(z, n, width, K);
      await this.runTransposeTimes(zOffset, cOffset, width, K);
      return readPadded(new Float32Array(this.pool.memory.buffer, cOffset, K * width), K, n, width, into);
    });
  }

  async times(x: Float32Array, n: number, into?: Float32Array): Promise<Float32Array> {
    this.checkLive();
    checkBasisBlock('times', x, this.used, n);
    const { rows } = this;
    const K = this.used;
    if (K === 0 || n === 0 || rows === 0) return new Float32Array(rows * n);
    return this.pool.exclusive(async () => {
      const width = paddedWidth(n);
      const xOffset = this.pool.scratchOffset;
      const yOffset = alignTo16(xOffset + K * width * 4);
      this.pool.reserve(yOffset + rows * width * 4);
      writePadded(x, K, n, width, new Float32Array(this.pool.memory.buffer, xOffset, K * width));
      await this.runTimes(xOffset, yOffset, yOffset, width, K, false);
      return readPadded(new Float32Array(this.pool.memory.buffer, yOffset, rows * width), rows, n, width, into);
    });
  }

  async projectOut(z: Float32Array, n: number, into?: Float32Array): Promise<BasisProjection> {
    this.checkLive();
    checkBasisBlock('projectOut', z, this.rows, n);
    const { rows } = this;
    const K = this.used;
    if (K === 0 || n === 0 || rows === 0) {
      const norms = squaredColumnNorms(z, n);
      return { projection: readPadded(z, rows, n, n, into), coefficients: new Float32Array(K * n), squaredNormsBefore: norms, squaredNormsAfter: norms.slice() };
    }
    // Z goes in once and is updated in place there: its column norms, C = Pᵀ·Z, Z − P·C and the
    // new norms, all on the threads; no copy of P·C comes back to be subtracted here.
    return this.pool.exclusive(async () => {
      const width = paddedWidth(n);
      const { zOffset, cOffset } = this.layOut(z, n, width, K);
      const blocks = Math.ceil(rows / normBlockRows);
      const beforeOffset = alignTo16(cOffset + K * width * 4);
      const afterOffset = alignTo16(beforeOffset + blocks * width * 8);
      this.pool.reserve(afterOffset + blocks * width * 8);
      await this.runColumnNorms(zOffset, width, blocks, beforeOffset);
      await this.runTransposeTimes(zOffset, cOffset, width, K);
      await this.runTimes(cOffset, zOffset, zOffset, width, K, true);
      await this.runColumnNorms(zOffset, width, blocks, afterOffset);
      const buffer = this.pool.memory.buffer;
      return {
        coefficients: readPadded(new Float32Array(buffer, cOffset, K * width), K, n, width),
        projection: readPadded(new Float32Array(buffer, zOffset, rows * width), rows, n, width, into),
        squaredNormsBefore: addBlocks(new Float64Array(buffer, beforeOffset, blocks * width), blocks, n, width),
        squaredNormsAfter: addBlocks(new Float64Array(buffer, afterOffset, blocks * width), blocks, n, width),
      };
    });
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    await this.pool.exclusive(async () => this.pool.freeResident(this.block));
  }

  /**
   * Z (rows×width, padded) and room for C (K×width) in the scratch memory. Call inside exclusive().
   * K is the column count when the call was made: an append made after it grows `used` at once
   * but writes its columns only when its own turn in the queue comes.
   */
  private layOut(z: Float32Array, n: number, width: number, K: number): { zOffset: number; cOffset: number } {
    const zOffset = this.pool.scratchOffset;
    const cOffset = alignTo16(zOffset + this.rows * width * 4);
    this.pool.reserve(cOffset + K * width * 4);
    writePadded(z, this.rows, n, width, new Float32Array(this.pool.memory.buffer, zOffset, this.rows * width));
    return { zOffset, cOffset };
  }

  /** C = Pᵀ·Z: each thread a band of C's rows (P's columns), in pairs (the kernel's 2-column tiles). */
  private runTransposeTimes(zOffset: number, cOffset: number, width: number, K: number): Promise<void> {
    const bands = this.bands(K, width, K);
    return this.pool.run(
      bands.map((band) => ({
        module: 'cpu/dense-basis' as const,
        exportName: 'transposeTimes',
        args: [this.block, this.maxColumns * 4, zOffset, cOffset, this.rows, width, band.start, band.end],
      })),
    );
  }

  /** Y = P·X, or Y = Z − P·X: each thread a band of Y's rows. */
  private runTimes(xOffset: number, yOffset: number, zOffset: number, width: number, K: number, subtract: boolean): Promise<void> {
    const bands = this.bands(this.rows, width, K);
    return this.pool.run(
      bands.map((band) => ({
        module: 'cpu/dense-basis' as const,
        exportName: 'times',
        args: [this.block, this.maxColumns * 4, K, xOffset, yOffset, zOffset, width, band.start, band.end, subtract ? 1 : 0],
      })),
    );
  }

  /** Squared column norms of Z (rows×width) per block of normBlockRows rows, each thread a band of blocks. */
  private runColumnNorms(zOffset: number, width: number, blocks: number, outOffset: number): Promise<void> {
    const threads = Math.min(this.pool.threadCount, blocks);
    const jobs = [];
    for (let thread = 0; thread < threads; thread++) {
      const start = Math.floor((thread * blocks) / threads);
      const end = Math.floor(((thread + 1) * blocks) / threads);
      jobs.push({ module: 'cpu/dense-basis' as const, exportName: 'columnNorms', args: [zOffset, width, this.rows, start, end, outOffset] });
    }
    return this.pool.run(jobs);
  }

  /** Bands of `length` rows (of C or of Y) for a product with P's first K columns. */
  private bands(length: number, width: number, K: number): Array<{ start: number; end: number }> {
    const usefulThreads = Math.max(1, Math.floor((this.rows * K * width) / minimumWorkPerThread));
    return splitRows(length, Math.min(this.pool.threadCount, usefulThreads));
  }

  private checkLive(): void {
    if (this.released) throw new FirthError('cancelled', 'cpu backend: this basis was released');
  }
}

/** An empty basis with room for `maxColumns` columns of `rows` floats, resident until release(). */
export async function createBasisOnPool(pool: WasmWorkerPool, rows: number, maxColumns: number): Promise<DenseBasis> {
  checkBasisShape(rows, maxColumns);
  const block = await pool.exclusive(async () => pool.allocateResident(rows * maxColumns * 4));
  return new PoolDenseBasis(pool, rows, maxColumns, block);
}
