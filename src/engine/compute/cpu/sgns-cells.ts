import type { WasmWorkerPool } from './wasm-pool';

function alignTo16(bytes: number): number {
  return Math.ceil(bytes / 16) * 16;
}

/** Rows per thread below which one thread is faster than waking the others. */
const minimumCellsPerThread = 1 << 16;

/**
 * The dense negative term of an MF-SGNS tile with cpu/sgns-cells.wat (reference:
 * reference/sgns-cells.ts, sgnsNegativeCellsReference): scores, row weights and column
 * probabilities copied into the pool's memory as f32, each thread a band of rows, G copied back over
 * `scores`, the threads' float64 loss sums added.
 */
export function sgnsNegativeCellsOnPool(
  pool: WasmWorkerPool,
  scores: Float32Array,
  m: number,
  n: number,
  negativeRows: ArrayLike<number>,
  probabilities: ArrayLike<number>,
): Promise<number> {
  if (m === 0 || n === 0) return Promise.resolve(0);
  return pool.exclusive(async () => {
    const threads = Math.max(1, Math.min(pool.threadCount, Math.floor((m * n) / minimumCellsPerThread), m));
    const scoresOffset = pool.scratchOffset;
    const rowsOffset = alignTo16(scoresOffset + scores.byteLength);
    const probabilitiesOffset = alignTo16(rowsOffset + m * 4);
    const scratchOffset = alignTo16(probabilitiesOffset + n * 4);
    const lossOffset = alignTo16(scratchOffset + threads * 32);
    pool.reserve(lossOffset + threads * 8);
    const buffer = pool.memory.buffer;
    new Float32Array(buffer, scoresOffset, m * n).set(scores);
    const rowWeights = new Float32Array(buffer, rowsOffset, m);
    for (let row = 0; row < m; row++) rowWeights[row] = negativeRows[row];
    const columnWeights = new Float32Array(buffer, probabilitiesOffset, n);
    for (let column = 0; column < n; column++) columnWeights[column] = probabilities[column];
    const bands = Array.from({ length: threads }, (_, thread) => [Math.round((thread * m) / threads), Math.round(((thread + 1) * m) / threads)]);
    await pool.run(
      bands.map(([start, end], thread) => ({
        module: 'cpu/sgns-cells' as const,
        exportName: 'cells',
        args: [scoresOffset, n, start, end, rowsOffset, probabilitiesOffset, scratchOffset + thread * 32, lossOffset + thread * 8],
      })),
    );
    scores.set(new Float32Array(pool.memory.buffer, scoresOffset, m * n));
    const losses = new Float64Array(pool.memory.buffer, lossOffset, threads);
    let loss = 0;
    for (let thread = 0; thread < threads; thread++) loss += losses[thread];
    return loss;
  });
}
