// The whole MF-SGNS problem as the compute layer sees it, for a backend that runs a pass over every
// tile itself, with W and C kept on its device for the whole pass (Kernels.residentSgnsPass), or for
// a whole training, with W, C, their gradients and the optimiser's state kept there across steps.

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
  /**
   * A training that keeps W and C (V×d, shard order, uploaded once here), their gradients and the
   * optimiser's state on the device across steps (ResidentSgnsTraining).
   */
  train(W: Float32Array, C: Float32Array, optimizer: 'adam' | 'adagrad'): Promise<ResidentSgnsTraining>;
  /** Copies from the device to the host so far (tests check that no tile comes back). */
  readonly readbacks: number;
  /** Frees the device buffers (the dense count tiles, and every training's). Idempotent. */
  dispose(): void;
}

/**
 * Full-batch MF-SGNS steps with everything on the device: per step only the tiles' row losses (summed
 * in float64 on the host) and one finiteness flag come back; W and C only when read(). The optimisers
 * are those of models/mf-sgns/optimizers.ts (the reference), in float32.
 */
export interface ResidentSgnsTraining {
  /**
   * The loss at the current parameters, their gradients kept on the device for update(); NaN when the
   * loss or a gradient is not finite (or a squared gradient would overflow the optimiser's float32 state).
   */
  pass(signal?: AbortSignal, onTile?: () => void): Promise<number>;
  /** One optimiser update from the last pass's gradients; the parameters and state before it are kept for undo(). */
  update(learningRate: number): Promise<void>;
  /** Back to the parameters and optimiser state before the last update (a rejected step). */
  undo(): void;
  /** W and C (V×d, shard order), read back from the device. */
  read(): Promise<{ W: Float32Array; C: Float32Array }>;
  /** Reads from the device so far, and the floats they carried (tests count what comes back per step). */
  readonly readbacks: number;
  readonly floatsRead: number;
  /** Frees this training's device buffers. Idempotent. */
  dispose(): void;
}
