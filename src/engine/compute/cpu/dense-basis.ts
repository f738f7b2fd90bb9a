// A DenseBasis (kernels.ts) resident in the pool's shared memory: P (rows × maxColumns, row-major,
// only the first `columns` of each row used) and Pᵀ (maxColumns × rows) side by side. Appending a
// block writes it into both; Pᵀ·Z is cpu/matmul.wat on Pᵀ in place (K×rows, compact), and P·X its
// matmulStrided export on P's first K columns in place. So a Gram–Schmidt step of the block Krylov
// SVD copies in only Z (or X) and the block, where copying P and Pᵀ (2·rows·K floats) and growing
// P by a copy (appendColumns) took longer than the products themselves.

import { FirthError } from '../../../shared/errors';
import { checkBasisBlock, checkBasisShape } from '../dense-basis';
import type { DenseBasis } from '../kernels';
import { packColumnPanels, splitRows } from './matmul';
import { copyOut } from './sparse-times-dense';
import type { WasmWorkerPool } from './wasm-pool';

/** Below this many multiply-adds one thread is faster than waking the others. */
const minimumWorkPerThread = 1 << 18;

function alignTo16(bytes: number): number {
  return Math.ceil(bytes / 16) * 16;
}

class PoolDenseBasis implements DenseBasis {
  private used = 0;
  private released = false;

  constructor(
    private readonly pool: WasmWorkerPool,
    readonly rows: number,
    private readonly maxColumns: number,
    /** Byte offsets of P (rows×maxColumns) and Pᵀ (maxColumns×rows) in the pool's memory. */
    private readonly block: number,
    private readonly transposed: number,
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
    // Not queued behind the pool's other calls: the new columns are resident memory that no job
    // reads until this resolves, and a resident block never moves (the memory is shared, so a grow
    // elsewhere leaves these views valid). So the caller may append while the threads run a product.
    {
      const buffer = this.pool.memory.buffer;
      const P = new Float32Array(buffer, this.block, rows * maxColumns);
      const Pt = new Float32Array(buffer, this.transposed + first * rows * 4, n * rows);
      // P a row at a time (a subarray and a set() per row cost more than the copy itself at n ≈ 20),
      // then Pᵀ four of its rows at a time, each written in order: about 25 % faster than one pass
      // writing both, which scattered every value n·rows·4 bytes apart.
      for (let row = 0; row < rows; row++) {
        const source = row * n;
        const target = row * maxColumns + first;
        for (let column = 0; column < n; column++) P[target + column] = values[source + column];
      }
      let column = 0;
      for (; column + 4 <= n; column += 4) {
        const t0 = column * rows;
        const t1 = t0 + rows;
        const t2 = t1 + rows;
        const t3 = t2 + rows;
        for (let row = 0, source = column; row < rows; row++, source += n) {
          Pt[t0 + row] = values[source];
          Pt[t1 + row] = values[source + 1];
          Pt[t2 + row] = values[source + 2];
          Pt[t3 + row] = values[source + 3];
        }
      }
      for (; column < n; column++) {
        for (let row = 0; row < rows; row++) Pt[column * rows + row] = values[row * n + column];
      }
    }
    this.used += n;
  }

  async transposeTimes(z: Float32Array, n: number, into?: Float32Array): Promise<Float32Array> {
    this.checkLive();
    checkBasisBlock('transposeTimes', z, this.rows, n);
    return this.product(this.transposed, this.used, this.rows, this.rows * 4, z, n, into);
  }

  async times(x: Float32Array, n: number, into?: Float32Array): Promise<Float32Array> {
    this.checkLive();
    checkBasisBlock('times', x, this.used, n);
    return this.product(this.block, this.rows, this.used, this.maxColumns * 4, x, n, into);
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    await this.pool.exclusive(async () => {
      this.pool.freeResident(this.block);
      this.pool.freeResident(this.transposed);
    });
  }

  /** C(m×n) = A(m×k)·B(k×n) with A resident at byte offset `a`, its rows `aStride` bytes apart. */
  private product(a: number, m: number, k: number, aStride: number, b: Float32Array, n: number, into?: Float32Array): Promise<Float32Array> {
    if (m === 0 || n === 0 || k === 0) return Promise.resolve(new Float32Array(m * n));
    return this.pool.exclusive(async () => {
      const bOffset = this.pool.scratchOffset;
      const cOffset = alignTo16(bOffset + b.byteLength);
      this.pool.reserve(cOffset + m * n * 4);
      const buffer = this.pool.memory.buffer;
      packColumnPanels(b, k, n, new Float32Array(buffer, bOffset, b.length));
      const usefulThreads = Math.max(1, Math.floor((m * k * n) / minimumWorkPerThread));
      const bands = splitRows(m, Math.min(this.pool.threadCount, usefulThreads));
      await this.pool.run(
        bands.map((band) => ({
          module: 'cpu/matmul' as const,
          exportName: 'matmulStrided',
          args: [a, bOffset, cOffset, m, k, n, band.start, band.end, aStride],
        })),
      );
      return copyOut(new Float32Array(buffer, cOffset, m * n), into);
    });
  }

  private checkLive(): void {
    if (this.released) throw new FirthError('cancelled', 'cpu backend: this basis was released');
  }
}

/** An empty basis with room for `maxColumns` columns of `rows` floats, resident until release(). */
export async function createBasisOnPool(pool: WasmWorkerPool, rows: number, maxColumns: number): Promise<DenseBasis> {
  checkBasisShape(rows, maxColumns);
  const bytes = rows * maxColumns * 4;
  const [block, transposed] = await pool.exclusive(async () => [pool.allocateResident(bytes), pool.allocateResident(bytes)]);
  return new PoolDenseBasis(pool, rows, maxColumns, block, transposed);
}
