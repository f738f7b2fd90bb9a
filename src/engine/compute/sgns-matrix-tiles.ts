// The whole MF-SGNS problem as the compute layer sees it, for a backend that runs a pass over every
// tile itself, with W and C kept on its device for the whole pass (Kernels.residentSgnsPass).

/** Rows i::s and columns j::s of N (strided shards, in shard order); one tile per (row shard, column shard). */
export interface SgnsMatrixTiles {
  /** shardStart[a] is the first shard-order row of shard a; shardStart[shards] = V. */
  shardStart: Uint32Array;
  dimensions: number;
  /** Observed cells per tile (cells[a][b]): flat index row·n + column within the tile, and N. */
  cells: ReadonlyArray<ReadonlyArray<{ index: Uint32Array; values: Float64Array }>>;
  /** k·N_i per row, in shard order. */
  negativeRows: Float64Array;
  /** P_α(j) per column, in shard order. */
  contextProbabilities: Float64Array;
  negative: number;
  hilbert: boolean;
}

/** One pass: the loss at (W, C) (V×d, shard order) and its gradient written into gradW and gradC. */
export interface ResidentSgnsPass {
  run(W: Float32Array, C: Float32Array, gradW: Float64Array, gradC: Float64Array, signal?: AbortSignal, onTile?: () => void): Promise<number>;
  /** Copies from the device to the host so far (tests check that no tile comes back). */
  readonly readbacks: number;
  /** Frees the device buffers (the dense count tiles). Idempotent. */
  dispose(): void;
}
