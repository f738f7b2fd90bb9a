// One pass over the whole matrix: the full-matrix SGNS loss and its gradient, tile by tile, without
// ever holding the dense V×V. Per tile (rows of shard a, columns of shard b):
//
//   M  = W_a·C_bᵀ                       GEMM (the backend's matmul kernel)
//   G  = (N + N⁻)∘σ(M) − N, loss        element-wise: the dense negative term on the backend
//                                       (Kernels.sgnsNegativeCells), the observed cells here, float64 sums
//   ∇W_a += G·C_b,  ∇C_b += Gᵀ·W_a      two GEMMs
//
// W and C are in shard order (strided-tiles.ts), so W_a and C_b are views. On the gpu backend the
// whole pass runs on the device instead (Kernels.residentSgnsPass, compute/gpujs/mf-sgns-pass.ts);
// the trainer goes further there and keeps the whole training on the device (step-parameters.ts).

import type { Kernels } from '../../compute/kernels';
import type { ResidentSgnsPass } from '../../compute/sgns-matrix-tiles';
import { sgnsObservedCells } from '../../compute/reference/sgns-cells';
import { throwIfCancelled } from '../../long-work';
import { shardSize, type StridedLayout, type TileCells } from './strided-tiles';

export interface SgnsMatrixProblem {
  layout: StridedLayout;
  dimensions: number;
  /** Observed cells per tile: cells[a][b]. */
  cells: TileCells[][];
  /** k·N_i per row, in shard order. */
  negativeRows: Float64Array;
  /** P_α(j) per column, in shard order. */
  contextProbabilities: Float64Array;
  negative: number;
  hilbert: boolean;
}

/** d×n = transpose of n×d. */
export function transpose(source: Float32Array, rows: number, columns: number, target = new Float32Array(rows * columns)): Float32Array {
  const block = 32;
  for (let r0 = 0; r0 < rows; r0 += block) {
    const r1 = Math.min(rows, r0 + block);
    for (let c0 = 0; c0 < columns; c0 += block) {
      const c1 = Math.min(columns, c0 + block);
      for (let r = r0; r < r1; r++) for (let c = c0; c < c1; c++) target[c * rows + r] = source[r * columns + c];
    }
  }
  return target;
}

function addInto(target: Float64Array, offset: number, values: Float32Array): void {
  for (let index = 0; index < values.length; index++) target[offset + index] += values[index];
}

export interface SgnsMatrixPass {
  /**
   * The loss at (W, C) and its gradient, written into gradW and gradC (V×d, shard order, float64).
   * `onTile` is called after each tile (for progress); cancellation is checked between tiles.
   */
  (W: Float32Array, C: Float32Array, gradW: Float64Array, gradC: Float64Array, signal?: AbortSignal, onTile?: () => void): Promise<number>;
}

export function sgnsMatrixPass(problem: SgnsMatrixProblem, kernels: Kernels): SgnsMatrixPass {
  const { layout, dimensions: d, cells, negativeRows, contextProbabilities, negative, hilbert } = problem;
  const { shards, shardStart } = layout;
  const largest = shardSize(layout, 0); // shard 0 is never smaller than the others
  const transposed = new Float32Array(largest * largest);
  // A backend with device memory (gpu) runs the whole pass there, W and C resident; asked once.
  let resident: Promise<ResidentSgnsPass | undefined> | undefined;

  return async (W, C, gradW, gradC, signal, onTile) => {
    resident ??= kernels.residentSgnsPass?.({ shardStart, dimensions: d, cells, negativeRows, contextProbabilities, negative, hilbert }) ?? Promise.resolve(undefined);
    const device = await resident;
    if (device) return device.run(W, C, gradW, gradC, signal, onTile);
    gradW.fill(0);
    gradC.fill(0);
    const contextsTransposed = Array.from({ length: shards }, (_, b) =>
      transpose(C.subarray(shardStart[b] * d, shardStart[b + 1] * d), shardSize(layout, b), d),
    );
    let loss = 0;
    for (let a = 0; a < shards; a++) {
      const m = shardSize(layout, a);
      const words = W.subarray(shardStart[a] * d, shardStart[a + 1] * d);
      for (let b = 0; b < shards; b++) {
        throwIfCancelled(signal);
        const n = shardSize(layout, b);
        if (m === 0 || n === 0) continue;
        const contexts = C.subarray(shardStart[b] * d, shardStart[b + 1] * d);
        const scores = await kernels.matmul(words, contextsTransposed[b], m, d, n);
        const tile = cells[a][b];
        // The observed cells' part first, while the scores are still x; then the dense negative term
        // on the backend, which writes G over the scores; then the observed cells' corrections.
        const tileSpec = {
          m,
          n,
          scores,
          observed: tile.index,
          counts: tile.values,
          negativeRows: negativeRows.subarray(shardStart[a], shardStart[a + 1]),
          contextProbabilities: contextProbabilities.subarray(shardStart[b], shardStart[b + 1]),
          negative,
          hilbert,
        };
        const corrections = new Float64Array(tile.index.length);
        loss += sgnsObservedCells(tileSpec, corrections);
        loss += await kernels.sgnsNegativeCells(scores, m, n, tileSpec.negativeRows, tileSpec.contextProbabilities);
        for (let slot = 0; slot < tile.index.length; slot++) scores[tile.index[slot]] += corrections[slot];
        addInto(gradW, shardStart[a] * d, await kernels.matmul(scores, contexts, m, n, d));
        const gradientTransposed = transpose(scores, m, n, transposed.subarray(0, m * n));
        addInto(gradC, shardStart[b] * d, await kernels.matmul(gradientTransposed, words, n, m, d));
        onTile?.();
      }
    }
    return loss;
  };
}
