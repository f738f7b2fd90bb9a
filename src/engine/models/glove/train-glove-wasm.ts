// GloVe's iterations on the cpu backend: the tables (vectors and accumulators float32, biases
// float64) and the shuffled cells in one shared WebAssembly memory, and compute/cpu/glove.wat run by
// every worker thread over its share of each chunk of cells (Hogwild, as glove.c's threads). Chunks
// keep progress and cancel within an iteration; the threads' costs are summed in float64.

import { FirthError } from '../../../shared/errors';
import type { GloveCells, GloveTables } from '../../compute/reference/glove-epoch';
import { WasmWorkerPool } from '../../compute/cpu/wasm-pool';
import type { WasmModuleName } from '../../compute/cpu/wasm-modules';

const gloveModule: WasmModuleName = 'cpu/glove';
/** Cells per chunk: a fraction of a second of work, so progress moves and cancel is quick. */
const chunkCells = 1 << 20;

function alignTo16(bytes: number): number {
  return Math.ceil(bytes / 16) * 16;
}

export interface GloveIterations {
  /** One pass over every cell; returns the summed cost. `onChunk` gets the cells done so far. */
  iterate(learningRate: number, gradientClip: number, onChunk: (cellsDone: number) => Promise<void>): Promise<number>;
  /** The tables as they are now (stride d, biases appended as glove.c lays them). */
  tables(): GloveTables;
  dispose(): Promise<void>;
}

/** Lays tables (float32 rows padded to a multiple of 4, biases float64) and cells out in a pool's memory. */
export async function startGloveIterations(initial: GloveTables, cells: GloveCells, threads: number): Promise<GloveIterations> {
  const { vocabularySize: V, dimensions: d } = initial;
  const stride = Math.ceil(d / 4) * 4;
  const rowsBytes = 2 * V * stride * 4;
  const n = cells.rows.length;
  const layout = { vectors: 0, squares: 0, biases: 0, biasSquares: 0, rows: 0, columns: 0, logCounts: 0, weights: 0, costs: 0, end: 0 };
  let offset = 16;
  for (const [key, bytes] of [
    ['vectors', rowsBytes],
    ['squares', rowsBytes],
    ['biases', 2 * V * 8],
    ['biasSquares', 2 * V * 8],
    ['rows', n * 4],
    ['columns', n * 4],
    ['logCounts', n * 8],
    ['weights', n * 8],
    ['costs', threads * 8],
  ] as const) {
    layout[key] = offset;
    offset = alignTo16(offset + bytes);
  }
  layout.end = offset;
  if (layout.end > 65536 * 65536) {
    throw new FirthError('invalid-input', `GloVe's tables and ${n} cells need ${(layout.end / 2 ** 30).toFixed(1)} GiB; the cpu path holds at most 4 GiB: lower the dimensions, the vocabulary or the window`, { field: 'dimensions' });
  }
  const pool = await WasmWorkerPool.start(threads, [gloveModule]);
  try {
    pool.reserve(layout.end);
    const buffer = pool.memory.buffer;
    const vectors = new Float32Array(buffer, layout.vectors, 2 * V * stride);
    const squares = new Float32Array(buffer, layout.squares, 2 * V * stride).fill(1);
    const biases = new Float64Array(buffer, layout.biases, 2 * V);
    const biasSquares = new Float64Array(buffer, layout.biasSquares, 2 * V);
    for (let row = 0; row < 2 * V; row++) {
      for (let b = 0; b < d; b++) {
        vectors[row * stride + b] = initial.parameters[row * (d + 1) + b];
        squares[row * stride + b] = initial.squaredGradients[row * (d + 1) + b];
      }
      biases[row] = initial.parameters[row * (d + 1) + d];
      biasSquares[row] = initial.squaredGradients[row * (d + 1) + d];
    }
    new Uint32Array(buffer, layout.rows, n).set(cells.rows);
    new Uint32Array(buffer, layout.columns, n).set(cells.columns);
    new Float64Array(buffer, layout.logCounts, n).set(cells.logCounts);
    new Float64Array(buffer, layout.weights, n).set(cells.weights);
  } catch (error) {
    await pool.dispose();
    throw error;
  }

  return {
    async iterate(learningRate, gradientClip, onChunk) {
      let cost = 0;
      for (let start = 0; start < n; start += chunkCells) {
        const end = Math.min(n, start + chunkCells);
        const share = Math.ceil((end - start) / threads);
        const jobs = [];
        for (let thread = 0; thread < threads; thread++) {
          const from = Math.min(end, start + thread * share);
          const to = Math.min(end, from + share);
          jobs.push({
            module: gloveModule,
            exportName: 'train',
            args: [layout.vectors, layout.squares, layout.biases, layout.biasSquares, layout.rows, layout.columns, layout.logCounts, layout.weights, from, to, V, stride, learningRate, gradientClip, layout.costs + thread * 8],
          });
        }
        await pool.run(jobs);
        const costs = new Float64Array(pool.memory.buffer, layout.costs, threads);
        for (let thread = 0; thread < threads; thread++) cost += costs[thread];
        await onChunk(end);
      }
      return cost;
    },
    tables() {
      const buffer = pool.memory.buffer;
      const vectors = new Float32Array(buffer, layout.vectors, 2 * V * stride);
      const squares = new Float32Array(buffer, layout.squares, 2 * V * stride);
      const biases = new Float64Array(buffer, layout.biases, 2 * V);
      const biasSquares = new Float64Array(buffer, layout.biasSquares, 2 * V);
      const parameters = new Float64Array(2 * V * (d + 1));
      const squaredGradients = new Float64Array(2 * V * (d + 1));
      for (let row = 0; row < 2 * V; row++) {
        for (let b = 0; b < d; b++) {
          parameters[row * (d + 1) + b] = vectors[row * stride + b];
          squaredGradients[row * (d + 1) + b] = squares[row * stride + b];
        }
        parameters[row * (d + 1) + d] = biases[row];
        squaredGradients[row * (d + 1) + d] = biasSquares[row];
      }
      return { vocabularySize: V, dimensions: d, parameters, squaredGradients };
    },
    dispose: () => pool.dispose(),
  };
}
