import { copyOut } from './sparse-times-dense';
import type { WasmWorkerPool } from './wasm-pool';

/** Rows per band are a multiple of this, so bands split on the 4-row tiles of matmul.wat. */
const rowTile = 4;

/** Below this many multiply-adds one thread is faster than waking the others. */
const minimumWorkPerThread = 1 << 18;

function alignTo16(bytes: number): number {
  return Math.ceil(bytes / 16) * 16;
}

/**
 * Writes B(k×n) into `packed` as the column panels matmul.wat reads: columns [j, j+w) as k rows of
 * w contiguous floats from float j·k on, with w = 8 while 8 columns are left, then 4, then 1.
 */
export function packColumnPanels(b: Float32Array, k: number, n: number, packed: Float32Array): void {
  let offset = 0;
  for (let column = 0; column < n; ) {
    const left = n - column;
    const width = left >= 8 ? 8 : left >= 4 ? 4 : 1;
    for (let i = 0; i < k; i++) {
      const source = i * n + column;
      for (let lane = 0; lane < width; lane++) packed[offset++] = b[source + lane];
    }
    column += width;
  }
}

/** Splits rows [0, m) into at most `threadCount` contiguous bands of whole 4-row tiles. */
export function splitRows(m: number, threadCount: number): Array<{ start: number; end: number }> {
  const tiles = Math.ceil(m / rowTile);
  const bandCount = Math.max(1, Math.min(threadCount, tiles));
  const bands: Array<{ start: number; end: number }> = [];
  for (let band = 0; band < bandCount; band++) {
    const start = Math.min(m, Math.round((band * tiles) / bandCount) * rowTile);
    const end = Math.min(m, Math.round(((band + 1) * tiles) / bandCount) * rowTile);
    if (end > start) bands.push({ start, end });
  }
  return bands;
}

/**
 * C(m×n) = A(m×k)·B(k×n) with cpu/matmul.wat: A and B (packed in column panels) are copied into the
 * pool's shared memory as [A | B | C] (each 16-byte aligned, past any resident block), each thread writes a band of C's rows,
 * and C is copied out (into `into` when it holds m·n floats).
 * Shapes are the caller's to check (checkMatmulShape).
 */
export function matmulOnPool(pool: WasmWorkerPool, a: Float32Array, b: Float32Array, m: number, k: number, n: number, into?: Float32Array): Promise<Float32Array> {
  if (m === 0 || n === 0 || k === 0) return Promise.resolve(new Float32Array(m * n));
  return pool.exclusive(async () => {
    const aOffset = pool.scratchOffset;
    const bOffset = alignTo16(aOffset + a.byteLength);
    const cOffset = alignTo16(bOffset + b.byteLength);
    pool.reserve(cOffset + m * n * 4);
    // After a grow the memory has a new, larger buffer: take views only now.
    const buffer = pool.memory.buffer;
    new Float32Array(buffer, aOffset, a.length).set(a);
    packColumnPanels(b, k, n, new Float32Array(buffer, bOffset, b.length));

    const usefulThreads = Math.max(1, Math.floor((m * k * n) / minimumWorkPerThread));
    const bands = splitRows(m, Math.min(pool.threadCount, usefulThreads));
    await pool.run(
      bands.map((band) => ({
        module: 'cpu/matmul' as const,
        exportName: 'matmul',
        args: [aOffset, bOffset, cOffset, m, k, n, band.start, band.end],
      })),
    );
    return copyOut(new Float32Array(buffer, cOffset, m * n), into);
  });
}
