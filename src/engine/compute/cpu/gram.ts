import type { WasmWorkerPool } from './wasm-pool';

/** Rows per float64 partial (see gram.wat): threads take whole blocks, so G is the same on any thread count. */
const blockRows = 1024;

function alignTo16(bytes: number): number {
  return Math.ceil(bytes / 16) * 16;
}

/**
 * G(n×n) = AᵀA for a row-major A (m×n) with cpu/gram.wat: A is copied in as it is (the kernel's
 * 8-column tiles read a little past each row and past A's end; only G's cells past n see those
 * values, and they are dropped), each thread sums whole blocks of rows into float64 partials, and
 * the partials are added here in block order and mirrored from the upper triangle.
 * Shapes are the caller's to check (checkGramShape).
 */
export function gramOnPool(pool: WasmWorkerPool, a: Float32Array, m: number, n: number): Promise<Float64Array> {
  if (m === 0 || n === 0) return Promise.resolve(new Float64Array(n * n));
  const width = Math.ceil(n / 8) * 8;
  const blocks = Math.ceil(m / blockRows);
  return pool.exclusive(async () => {
    const aOffset = pool.scratchOffset;
    // 32 bytes of slack: the last row's edge tiles read up to 7 floats past A.
    const partialsOffset = alignTo16(aOffset + a.byteLength + 32);
    pool.reserve(partialsOffset + blocks * width * width * 8);
    // After a grow the memory has a new, larger buffer: take views only now.
    const buffer = pool.memory.buffer;
    new Float32Array(buffer, aOffset, a.length).set(a);
    const threadCount = Math.min(pool.threadCount, blocks);
    const jobs = [];
    for (let thread = 0; thread < threadCount; thread++) {
      const blockStart = Math.floor((thread * blocks) / threadCount);
      const blockEnd = Math.floor(((thread + 1) * blocks) / threadCount);
      jobs.push({ module: 'cpu/gram' as const, exportName: 'gram', args: [aOffset, n, width, m, blockRows, blockStart, blockEnd, partialsOffset] });
    }
    await pool.run(jobs);

    const partials = new Float64Array(buffer, partialsOffset, blocks * width * width);
    const g = new Float64Array(n * n);
    for (let block = 0; block < blocks; block++) {
      const base = block * width * width;
      for (let i = 0; i < n; i++) {
        for (let j = i; j < n; j++) g[i * n + j] += partials[base + i * width + j];
      }
    }
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < i; j++) g[i * n + j] = g[j * n + i];
    }
    return g;
  });
}
