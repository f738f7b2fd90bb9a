/**
 * One tile of the full-matrix SGNS loss (MF-SGNS), element by element: the plain-TypeScript kernel
 * every backend runs between the tile's GEMMs (it is O(m·n), the GEMMs O(m·n·d)). For each cell of
 * the tile, with x = w_i·c_j, positive count N_ij and negative count N⁻_ij,
 *
 *   ℓ_ij = N_ij·softplus(−x) + N⁻_ij·softplus(x)        (the SGNS loss of every pair and negative)
 *   G_ij = ∂ℓ/∂x = (N_ij + N⁻_ij)·σ(x) − N_ij
 *
 * N⁻_ij = k·N_i·P_α(j) (Levy & Goldberg's expected negatives) or, with `hilbert`, k·(N_i − N_ij)·P_α(j)
 * (Kenyon-Dean & Newell's `hilbert`, which does not count a pair as its own negative). Both terms share
 * one exp: with e = exp(−|x|), softplus(x) = max(x, 0) + log1p(e) and softplus(−x) = softplus(x) − x,
 * so ℓ = (N + N⁻)·softplus(x) − N·x. The loss is summed in float64.
 */
export interface SgnsCellTile {
  /** Rows m and columns n of the tile. */
  m: number;
  n: number;
  /** x = W_t·C_tᵀ, m×n row-major. */
  scores: Float32Array;
  /** The tile's observed cells: flat index row·n + column, ascending or not, each once. */
  observed: Uint32Array;
  /** N of each observed cell. */
  counts: Float64Array;
  /** k·N_i for each of the tile's rows. */
  negativeRows: Float64Array;
  /** P_α(j) for each of the tile's columns. */
  contextProbabilities: Float64Array;
  /** k, used by the hilbert term. */
  negative: number;
  hilbert: boolean;
}

/**
 * The observed cells' part, read before the dense part overwrites the scores: each observed cell's
 * loss beyond its dense negative term, N·softplus(x) − N·x (less k·N·P(j)·softplus(x) under hilbert),
 * returned summed, and its gradient beyond it, written to `corrections` (one per observed cell).
 */
export function sgnsObservedCells(tile: SgnsCellTile, corrections: Float64Array): number {
  const { n, scores, observed, counts, contextProbabilities, negative, hilbert } = tile;
  let loss = 0;
  for (let slot = 0; slot < observed.length; slot++) {
    const cell = observed[slot];
    const x = scores[cell];
    const positive = counts[slot];
    const e = Math.exp(-Math.abs(x));
    const softplus = (x > 0 ? x : 0) + Math.log(1 + e);
    const sigmoid = x >= 0 ? 1 / (1 + e) : e / (1 + e);
    // The weight on this cell beyond its dense negative term: N, less k·N·P(j) under hilbert.
    const extra = hilbert ? positive - negative * positive * contextProbabilities[cell % n] : positive;
    loss += extra * softplus - positive * x;
    corrections[slot] = extra * sigmoid - positive;
  }
  return loss;
}

/**
 * The dense part, the kernel the backends implement (`Kernels.sgnsNegativeCells`): every cell's
 * negative term with weight w = negativeRows[i]·probabilities[j], G = w·σ(x) written over `scores`,
 * the loss Σ w·softplus(x) returned (float64 sums).
 */
export function sgnsNegativeCellsReference(scores: Float32Array, m: number, n: number, negativeRows: ArrayLike<number>, probabilities: ArrayLike<number>): number {
  let loss = 0;
  for (let row = 0; row < m; row++) {
    const rowNegative = negativeRows[row];
    const offset = row * n;
    let rowLoss = 0;
    for (let column = 0; column < n; column++) {
      const cell = offset + column;
      const x = scores[cell];
      const weight = rowNegative * probabilities[column];
      const e = Math.exp(x > 0 ? -x : x);
      const inverse = 1 / (1 + e);
      rowLoss += weight * ((x > 0 ? x : 0) + Math.log(1 + e));
      scores[cell] = weight * (x >= 0 ? inverse : e * inverse);
    }
    loss += rowLoss;
  }
  return loss;
}

/**
 * The whole tile in plain TypeScript: G (m×n) written over `scores`, the tile's loss Σ ℓ_ij returned.
 * Most cells are unobserved (N = 0): a dense pass gives every cell its negative term, and each
 * observed cell adds its positive term, so the dense pass never reads a count.
 */
export function sgnsCellsReference(tile: SgnsCellTile): number {
  const corrections = new Float64Array(tile.observed.length);
  const observedLoss = sgnsObservedCells(tile, corrections);
  const denseLoss = sgnsNegativeCellsReference(tile.scores, tile.m, tile.n, tile.negativeRows, tile.contextProbabilities);
  for (let slot = 0; slot < tile.observed.length; slot++) tile.scores[tile.observed[slot]] += corrections[slot];
  return observedLoss + denseLoss;
}
